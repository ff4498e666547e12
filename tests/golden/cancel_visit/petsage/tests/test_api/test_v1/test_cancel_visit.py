"""Cancel Visit: endpoint tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from petsage.main import app
from petsage.services.cancel_visit_service import (
    CancelVisitConflictError,
    CancelVisitNotFoundError,
    get_cancel_visit_service,
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Not `with TestClient(...)`: the app's start-up may open the database that
    # DATABASE_URL names (it creates the tables there); tests never touch it.
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_cancel_visit(client: TestClient) -> None:
    url = app.url_path_for(
        "cancel_visit_route",
        visit_id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    )
    response = client.delete(url)
    assert response.status_code == 204
    assert response.content == b""


def test_cancel_visit_not_found(client: TestClient) -> None:
    def failing_service() -> None:
        raise CancelVisitNotFoundError()

    app.dependency_overrides[get_cancel_visit_service] = failing_service
    url = app.url_path_for(
        "cancel_visit_route",
        visit_id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    )
    response = client.delete(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Visit not found",
    }


def test_cancel_visit_conflict(client: TestClient) -> None:
    def failing_service() -> None:
        raise CancelVisitConflictError()

    app.dependency_overrides[get_cancel_visit_service] = failing_service
    url = app.url_path_for(
        "cancel_visit_route",
        visit_id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    )
    response = client.delete(url)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The visit has already happened",
    }
