"""Smoke Test: endpoint tests."""

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


def test_smoke_test(client: TestClient) -> None:
    url = app.url_path_for("smoke_test_route")
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "message": "PetSage Backend Builder is functional!",
    }
