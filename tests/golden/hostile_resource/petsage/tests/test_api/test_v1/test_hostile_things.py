"""Hostile Things: tests.

Every route of the resource, each test on a fresh database: `TEST_DATABASE_URL`, by
default an in-memory SQLite. The app's start-up is not run, so `DATABASE_URL` is never
touched.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from petsage.db import get_session
from petsage.main import app

EXAMPLE: dict[str, Any] = {
    "label": '"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\',
    "note": "'''\\n{# c #}",
    "words": ["'''", "{%", "\\\\"],
}
UNKNOWN_ID = 999999
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")


@pytest.fixture
def client() -> Iterator[TestClient]:
    sqlite = TEST_DATABASE_URL.startswith("sqlite")
    engine = create_engine(
        TEST_DATABASE_URL,
        connect_args={"check_same_thread": False} if sqlite else {},
        # One connection for every thread: an in-memory database lives in it.
        poolclass=StaticPool if sqlite else None,
    )
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)

    def session_override() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    # Not `with TestClient(...)`: that would run the app's start-up, which creates the
    # tables where DATABASE_URL points.
    yield TestClient(app)
    app.dependency_overrides.clear()
    SQLModel.metadata.drop_all(engine)
    engine.dispose()


def stored(client: TestClient) -> dict[str, Any]:
    """Create one HostileThing through the API and return it."""
    url = app.url_path_for("create_hostile_thing")
    response = client.post(url, json=EXAMPLE)
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def test_create_hostile_thing(client: TestClient) -> None:
    url = app.url_path_for("create_hostile_thing")
    response = client.post(url, json=EXAMPLE)
    assert response.status_code == 201
    body = response.json()
    assert body == EXAMPLE | {"id": body["id"]}


def test_create_hostile_thing_invalid(client: TestClient) -> None:
    url = app.url_path_for("create_hostile_thing")
    invalid = EXAMPLE | {
        "label": None,
    }
    response = client.post(url, json=invalid)
    assert response.status_code == 422


def test_list_hostile_things(client: TestClient) -> None:
    # In the order of their ids (random ones, for UUIDs).
    rows = [stored(client) for _ in range(3)]
    url = app.url_path_for("list_hostile_things")
    response = client.get(url, params={"skip": 1, "limit": 1})
    assert response.status_code == 200
    assert response.json() == {
        "data": [sorted(rows, key=lambda row: row["id"])[1]],
        "count": 3,
    }


def test_read_hostile_thing(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "read_hostile_thing",
        hostile_thing_id=created["id"],
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == created


def test_update_hostile_thing(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "update_hostile_thing",
        hostile_thing_id=created["id"],
    )
    changes = {
        "label": '"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\ (updated)',
    }
    response = client.patch(url, json=changes)
    assert response.status_code == 200
    updated = response.json()
    assert updated == created | changes
    url = app.url_path_for(
        "read_hostile_thing",
        hostile_thing_id=created["id"],
    )
    assert client.get(url).json() == updated


def test_delete_hostile_thing(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "delete_hostile_thing",
        hostile_thing_id=created["id"],
    )
    response = client.delete(url)
    assert response.status_code == 204
    assert response.content == b""
    url = app.url_path_for(
        "read_hostile_thing",
        hostile_thing_id=created["id"],
    )
    assert client.get(url).status_code == 404


def test_read_hostile_thing_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "read_hostile_thing",
        hostile_thing_id=UNKNOWN_ID,
    )
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Hostile thing not found",
    }


def test_update_hostile_thing_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "update_hostile_thing",
        hostile_thing_id=UNKNOWN_ID,
    )
    response = client.patch(url, json={})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Hostile thing not found",
    }


def test_delete_hostile_thing_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "delete_hostile_thing",
        hostile_thing_id=UNKNOWN_ID,
    )
    response = client.delete(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Hostile thing not found",
    }
