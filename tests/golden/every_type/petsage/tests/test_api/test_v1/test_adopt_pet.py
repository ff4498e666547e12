"""Adopt Pet: endpoint tests."""

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


def test_adopt_pet(client: TestClient) -> None:
    url = app.url_path_for("adopt_pet_route")
    response = client.post(url)
    assert response.status_code == 201
    assert response.json() == {
        "pet_name": "Rex",
        "age_months": 14,
        "fee": pytest.approx(49.5),
        "whole_fee": pytest.approx(50.0),
        "vaccinated": True,
        "traits": ["friendly", "house-trained"],
        "kennel_ids": [3, 14, 15],
        "chip_id": None,
        "nickname": "Rexy",
        "weight_kg": pytest.approx(12.25),
        "neutered": None,
        "notes": [],
        "siblings": [-1, 9007199254740993],
    }
