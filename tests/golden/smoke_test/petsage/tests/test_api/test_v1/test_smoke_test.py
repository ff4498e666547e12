"""Smoke Test: endpoint tests."""

from fastapi.testclient import TestClient

from petsage.main import app


def test_smoke_test() -> None:
    with TestClient(app) as client:
        url = app.url_path_for("smoke_test_route")
        response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "message": "PetSage Backend Builder is functional!",
    }
