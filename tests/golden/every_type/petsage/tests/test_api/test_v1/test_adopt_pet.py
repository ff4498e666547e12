"""Adopt Pet: endpoint tests."""

from fastapi.testclient import TestClient
from pytest import approx

from petsage.main import app


def test_adopt_pet() -> None:
    with TestClient(app) as client:
        url = app.url_path_for("adopt_pet_route")
        response = client.post(url)
    assert response.status_code == 200
    assert response.json() == {
        "pet_name": "Rex",
        "age_months": 14,
        "fee": approx(49.5),
        "whole_fee": approx(50.0),
        "vaccinated": True,
        "traits": ["friendly", "house-trained"],
        "kennel_ids": [3, 14, 15],
        "chip_id": None,
        "nickname": "Rexy",
        "weight_kg": approx(12.25),
        "neutered": None,
        "notes": [],
        "siblings": [-1, 9007199254740993],
    }
