"""Replace Note: endpoint tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from petsage.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Not `with TestClient(...)`: the app's start-up may open the database that
    # DATABASE_URL names (it creates the tables there); tests never touch it.
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_replace_note(client: TestClient) -> None:
    url = app.url_path_for(
        "replace_note_route",
        visit_id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    )
    response = client.put(
        url,
        json={
            "text": "Calm and healthy",
            "tags": ["calm"],
            "due": "2026-07-01T00:00:00Z",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "text": "Calm and healthy",
        "updated": True,
    }


def test_replace_note_invalid_body(client: TestClient) -> None:
    url = app.url_path_for(
        "replace_note_route",
        visit_id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    )
    response = client.put(url, json=[])
    assert response.status_code == 422
