"""List Visits: endpoint tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from petsage.main import app
from petsage.services.list_visits_service import (
    ListVisitsForbiddenError,
    ListVisitsNotFoundError,
    get_list_visits_service,
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Not `with TestClient(...)`: the app's start-up may open the database that
    # DATABASE_URL names (it creates the tables there); tests never touch it.
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_list_visits(client: TestClient) -> None:
    url = app.url_path_for(
        "list_visits_route",
        pet_id=7,
    )
    response = client.get(
        url,
        params={
            "since": "2026-06-01",
            "until": "2026-12-01T08:00:00+02:00",
            "kinds": ["checkup"],
            "limit": 5,
            "min_weight": "2.5",
        },
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "visit_id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
            "seen_at": "2026-06-02T09:30:00.250000-05:30",
            "cost": "99.90",
            "days": ["2026-06-02", "2026-06-03"],
            "kind": "surgery",
            "weight": pytest.approx(4.25),
        },
    ]


def test_list_visits_not_found(client: TestClient) -> None:
    def failing_service() -> None:
        raise ListVisitsNotFoundError()

    app.dependency_overrides[get_list_visits_service] = failing_service
    url = app.url_path_for(
        "list_visits_route",
        pet_id=7,
    )
    response = client.get(
        url,
        params={
            "since": "2026-06-01",
            "until": "2026-12-01T08:00:00+02:00",
            "kinds": ["checkup"],
            "limit": 5,
            "min_weight": "2.5",
        },
    )
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Pet not found",
    }


def test_list_visits_forbidden(client: TestClient) -> None:
    def failing_service() -> None:
        raise ListVisitsForbiddenError()

    app.dependency_overrides[get_list_visits_service] = failing_service
    url = app.url_path_for(
        "list_visits_route",
        pet_id=7,
    )
    response = client.get(
        url,
        params={
            "since": "2026-06-01",
            "until": "2026-12-01T08:00:00+02:00",
            "kinds": ["checkup"],
            "limit": 5,
            "min_weight": "2.5",
        },
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Not your pet",
    }
