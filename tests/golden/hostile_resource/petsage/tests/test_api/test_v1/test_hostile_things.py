"""Hostile Things: tests.

Every route of the resource, and its service on a session of its own, each test on a
fresh database: `TEST_DATABASE_URL`, by default an in-memory SQLite. The app's start-up
is not run, so `DATABASE_URL` is never touched.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from petsage.api.v1.schemas.hostile_things import (
    HostileThingCreate,
    HostileThingPublic,
    HostileThingUpdate,
)
from petsage.db import get_session
from petsage.errors import NotFoundError
from petsage.main import app
from petsage.models.hostile_things import HostileThing
from petsage.services.hostile_things_service import HostileThingsService

EXAMPLE: dict[str, Any] = {
    "label": '"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\',
    "note": "'''\\n{# c #}",
    "words": ["'''", "{%", "\\\\"],
}
UNKNOWN_ID = 999999
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")


@pytest.fixture
def engine() -> Iterator[Engine]:
    """The test database, its tables made afresh and dropped after the test."""
    sqlite = TEST_DATABASE_URL.startswith("sqlite")
    engine = create_engine(
        TEST_DATABASE_URL,
        connect_args={"check_same_thread": False} if sqlite else {},
        # One connection for every thread: an in-memory database lives in it.
        poolclass=StaticPool if sqlite else None,
    )
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    yield engine
    SQLModel.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    def session_override() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    # Not `with TestClient(...)`: that would run the app's start-up, which creates the
    # tables where DATABASE_URL points.
    yield TestClient(app)
    app.dependency_overrides.clear()


@pytest.fixture
def service(engine: Engine) -> Iterator[HostileThingsService]:
    """The service on a session of its own, as a script or a job would use it."""
    with Session(engine) as session:
        yield HostileThingsService(session)


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


def test_service_create(service: HostileThingsService) -> None:
    body = HostileThingCreate.model_validate(EXAMPLE)
    created = service.create(body)
    assert created.id is not None
    # Read back from the database, not from the session's memory.
    service.session.expire_all()
    found = service.read(created.id)
    public = HostileThingPublic.model_validate(found)
    row = public.model_dump(mode="json")
    assert row == EXAMPLE | {"id": row["id"]}


def test_service_list(service: HostileThingsService) -> None:
    body = HostileThingCreate.model_validate(EXAMPLE)
    for _ in range(3):
        service.create(body)
    page = service.list(skip=1, limit=1)
    assert page.count == 3
    assert len(page.data) == 1


def test_service_update(service: HostileThingsService) -> None:
    body = HostileThingCreate.model_validate(EXAMPLE)
    created = service.create(body)
    assert created.id is not None
    changes = {
        "label": '"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\ (updated)',
    }
    patch = HostileThingUpdate.model_validate(changes)
    updated = service.update(created.id, patch)
    public = HostileThingPublic.model_validate(updated)
    row = public.model_dump(mode="json")
    assert row == EXAMPLE | changes | {"id": row["id"]}


def test_service_delete(service: HostileThingsService) -> None:
    body = HostileThingCreate.model_validate(EXAMPLE)
    created = service.create(body)
    assert created.id is not None
    service.delete(created.id)
    with pytest.raises(NotFoundError):
        service.read(created.id)


def deleted_meanwhile(service: HostileThingsService, engine: Engine) -> HostileThing:
    """A row the service has read (held in its session while the caller holds it), then
    deleted by another session: what a request sees when another one deletes its row
    between the read and the commit."""
    body = HostileThingCreate.model_validate(EXAMPLE)
    created = service.create(body)
    with Session(engine) as other:
        row = other.get(HostileThing, created.id)
        assert row is not None
        other.delete(row)
        other.commit()
    return created


@pytest.mark.parametrize("changed", [True, False])
def test_service_update_deleted_meanwhile(
    service: HostileThingsService,
    engine: Engine,
    changed: bool,
) -> None:
    # Its UPDATE matches no row, or (nothing changed) there is no row to read back: not
    # found, as for any unknown id (not a 500).
    item = deleted_meanwhile(service, engine)
    assert item.id is not None
    changes = {
        "label": '"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\ (updated)',
    }
    patch = HostileThingUpdate.model_validate(changes if changed else {})
    with pytest.raises(NotFoundError):
        service.update(item.id, patch)


def test_service_not_found(service: HostileThingsService) -> None:
    missing = UNKNOWN_ID
    with pytest.raises(NotFoundError):
        service.read(missing)
    with pytest.raises(NotFoundError):
        service.update(missing, HostileThingUpdate())
    with pytest.raises(NotFoundError):
        service.delete(missing)
