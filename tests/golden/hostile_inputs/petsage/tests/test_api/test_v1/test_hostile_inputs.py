"""Hostile Inputs: endpoint tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from petsage.main import app
from petsage.services.hostile_inputs_service import (
    HostileInputsConflictError,
    HostileInputsNotFoundError,
    get_hostile_inputs_service,
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Not `with TestClient(...)`: the app's start-up may open the database that
    # DATABASE_URL names (it creates the tables there); tests never touch it.
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_hostile_inputs(client: TestClient) -> None:
    url = app.url_path_for(
        "hostile_inputs_route",
        slug="a-b.c~d_e",
    )
    response = client.post(
        url,
        params={
            "q": "'''{% for x in y %}\\n\n\"",
        },
        json={
            "note": "}}{{ '''\"\"\" \\x00 \\N{BULLET}",
            "tags": ['"""', "{{ z }}", "\\", "a\nb"],
        },
    )
    assert response.status_code == 201
    assert response.json() == {
        "echo": "\"\"\"{{ r }}\\\n'''",
    }


def test_hostile_inputs_not_found(client: TestClient) -> None:
    def failing_service() -> None:
        raise HostileInputsNotFoundError()

    app.dependency_overrides[get_hostile_inputs_service] = failing_service
    url = app.url_path_for(
        "hostile_inputs_route",
        slug="a-b.c~d_e",
    )
    response = client.post(
        url,
        params={
            "q": "'''{% for x in y %}\\n\n\"",
        },
        json={
            "note": "}}{{ '''\"\"\" \\x00 \\N{BULLET}",
            "tags": ['"""', "{{ z }}", "\\", "a\nb"],
        },
    )
    assert response.status_code == 404
    assert response.json() == {
        "detail": "nf \"\"\" ''' {{ e }} {% e %} \\",
    }


def test_hostile_inputs_conflict(client: TestClient) -> None:
    def failing_service() -> None:
        raise HostileInputsConflictError()

    app.dependency_overrides[get_hostile_inputs_service] = failing_service
    url = app.url_path_for(
        "hostile_inputs_route",
        slug="a-b.c~d_e",
    )
    response = client.post(
        url,
        params={
            "q": "'''{% for x in y %}\\n\n\"",
        },
        json={
            "note": "}}{{ '''\"\"\" \\x00 \\N{BULLET}",
            "tags": ['"""', "{{ z }}", "\\", "a\nb"],
        },
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": '\\"); raise SystemExit(1); ("',
    }


def test_hostile_inputs_invalid_body(client: TestClient) -> None:
    url = app.url_path_for(
        "hostile_inputs_route",
        slug="a-b.c~d_e",
    )
    response = client.post(url, json=[])
    assert response.status_code == 422
