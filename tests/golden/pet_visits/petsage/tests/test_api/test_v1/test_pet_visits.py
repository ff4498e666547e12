"""Pet Visits: endpoint tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from petsage.main import app
from petsage.services.pet_visits_service import (
    PetVisitsNotFoundError,
    get_pet_visits_service,
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Not `with TestClient(...)`: the app's start-up may open the database that
    # DATABASE_URL names (it creates the tables there); tests never touch it.
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_pet_visits(client: TestClient) -> None:
    url = app.url_path_for(
        "pet_visits_route",
        pet_id=1,
    )
    response = client.post(
        url,
        params={
            "notify": True,
        },
        json={
            "reason": "Checkup",
            "visited_on": "2026-11-30",
            "urgency": "high",
            "weight_kg": "12.50",
        },
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": "0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f",
        "reason": "Checkup",
        "visited_on": "2026-11-30",
        "seen_at": "2026-11-30T10:15:00Z",
        "notes": ["calm", "healthy"],
        "weight": pytest.approx(12.5),
    }


def test_pet_visits_not_found(client: TestClient) -> None:
    def failing_service() -> None:
        raise PetVisitsNotFoundError()

    app.dependency_overrides[get_pet_visits_service] = failing_service
    url = app.url_path_for(
        "pet_visits_route",
        pet_id=1,
    )
    response = client.post(
        url,
        params={
            "notify": True,
        },
        json={
            "reason": "Checkup",
            "visited_on": "2026-11-30",
            "urgency": "high",
            "weight_kg": "12.50",
        },
    )
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Pet not found",
    }


def test_pet_visits_invalid_body(client: TestClient) -> None:
    url = app.url_path_for(
        "pet_visits_route",
        pet_id=1,
    )
    response = client.post(url, json=[])
    assert response.status_code == 422
