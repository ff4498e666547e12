"""Pets: tests.

Every route of the resource, and its service on a session of its own, each test on a
fresh database: `TEST_DATABASE_URL`, by default an in-memory SQLite. The app's start-up
is not run, so `DATABASE_URL` is never touched.
"""

import os
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from petsage.api.v1.schemas.pets import PetCreate, PetPublic, PetUpdate
from petsage.db import get_session
from petsage.errors import ConflictError, NotFoundError
from petsage.main import app
from petsage.models.pets import Pet
from petsage.services.pets_service import PetsService

EXAMPLE: dict[str, Any] = {
    "name": "Rex",
    "species": "dog",
    "birth_date": "2020-05-01",
    "tags": ["friendly"],
    "chip": "900123456789012",
    "weight_kg": 12.5,
}
UNKNOWN_ID = 999999
# What a replace sets the fields it leaves out to.
DEFAULTS: dict[str, Any] = {
    "birth_date": None,
    "chip": None,
    "weight_kg": None,
}
# Three rows may be stored at once only where their unique fields differ.
UNIQUE = ["chip"]
VARIANTS: list[dict[str, Any]] = [
    {},
    {
        "chip": "900123456789010",
    },
    {
        "chip": "900123456789011",
    },
]
# Set by the server, in every response.
STAMPS = ("created_at", "updated_at")
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
def service(engine: Engine) -> Iterator[PetsService]:
    """The service on a session of its own, as a script or a job would use it."""
    with Session(engine) as session:
        yield PetsService(session)


def unstamped(row: dict[str, Any]) -> dict[str, Any]:
    """The row without the timestamps the server sets."""
    return {name: value for name, value in row.items() if name not in STAMPS}


def instant(value: object) -> datetime:
    """A timestamp as the API returns it (ISO 8601, `Z` for UTC), read back."""
    assert isinstance(value, str)
    # Python 3.10's fromisoformat does not read `Z`.
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def stored(client: TestClient, n: int = 0) -> dict[str, Any]:
    """Create one Pet through the API and return it: the `n`th of three whose
    unique fields differ."""
    url = app.url_path_for("create_pet")
    response = client.post(url, json=EXAMPLE | VARIANTS[n])
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def test_create_pet(client: TestClient) -> None:
    before = datetime.now(timezone.utc)
    url = app.url_path_for("create_pet")
    response = client.post(url, json=EXAMPLE)
    assert response.status_code == 201
    body = response.json()
    assert unstamped(body) == EXAMPLE | {"id": body["id"]}
    assert body["updated_at"] == body["created_at"]
    assert before <= instant(body["created_at"]) <= datetime.now(timezone.utc)


def test_create_pet_ignores_sent_timestamps(client: TestClient) -> None:
    before = datetime.now(timezone.utc)
    url = app.url_path_for("create_pet")
    sent = dict.fromkeys(STAMPS, "2000-01-01T00:00:00Z")
    response = client.post(url, json=EXAMPLE | sent)
    assert response.status_code == 201
    body = response.json()
    for name in STAMPS:
        assert instant(body[name]) >= before


def test_create_pet_invalid(client: TestClient) -> None:
    url = app.url_path_for("create_pet")
    invalid = EXAMPLE | {
        "species": "not one of the values",
    }
    response = client.post(url, json=invalid)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "x" * 101),
        ("chip", "x" * 16),
        ("chip", ""),
        ("weight_kg", -1),
        ("weight_kg", 501),
    ],
)
def test_create_pet_out_of_bounds(
    client: TestClient,
    field: str,
    value: object,
) -> None:
    url = app.url_path_for("create_pet")
    response = client.post(url, json=EXAMPLE | {field: value})
    assert response.status_code == 422


def test_create_pet_conflict(client: TestClient) -> None:
    stored(client)
    url = app.url_path_for("create_pet")
    response = client.post(url, json=EXAMPLE)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A Pet with this chip already exists",
    }


def test_update_pet_conflict(client: TestClient) -> None:
    first = stored(client)
    second = stored(client, 1)
    url = app.url_path_for(
        "update_pet",
        pet_id=second["id"],
    )
    response = client.patch(url, json={name: first[name] for name in UNIQUE})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A Pet with this chip already exists",
    }


def test_replace_pet_conflict(client: TestClient) -> None:
    first = stored(client)
    second = stored(client, 1)
    url = app.url_path_for(
        "replace_pet",
        pet_id=second["id"],
    )
    body = {name: second[name] for name in EXAMPLE}
    response = client.put(url, json=body | {name: first[name] for name in UNIQUE})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A Pet with this chip already exists",
    }


def ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows in the list's order (they differ only where it sorts them by id,
    timestamps and unique fields)."""
    rows = sorted(rows, key=lambda row: row["id"])
    rows.sort(key=lambda row: row["id"])
    return rows


def within(value: Any, low: Any, high: Any) -> bool:
    """`value` lies within the bounds (`None`: open), as a filter selects it."""
    return (
        value is not None
        and (low is None or value >= low)
        and (high is None or value <= high)
    )


def sort_key(row: dict[str, Any], key: str) -> Any:
    """What the list sorts `row` by: a timestamp as the instant it is."""
    return instant(row[key]) if key in STAMPS else row[key]


def test_list_pets(client: TestClient) -> None:
    # In the order of their ids (random ones, for UUIDs).
    rows = [stored(client, n) for n in range(3)]
    url = app.url_path_for("list_pets")
    response = client.get(url, params={"skip": 1, "limit": 1})
    assert response.status_code == 200
    assert response.json() == {
        "data": [ordered(rows)[1]],
        "count": 3,
    }


@pytest.mark.parametrize(
    ("params", "key", "low", "high"),
    [
        (
            {
                "species": "dog",
            },
            "species",
            "dog",
            "dog",
        ),
        (
            {
                "species": "cat",
            },
            "species",
            "cat",
            "cat",
        ),
        (
            {
                "weight_kg": 12.5,
            },
            "weight_kg",
            12.5,
            12.5,
        ),
        (
            {
                "weight_kg": -1.5,
            },
            "weight_kg",
            -1.5,
            -1.5,
        ),
        (
            {
                "weight_kg_min": 12.5,
                "weight_kg_max": 12.5,
            },
            "weight_kg",
            12.5,
            12.5,
        ),
        (
            {
                "weight_kg_min": 1e300,
            },
            "weight_kg",
            1e300,
            None,
        ),
        (
            {
                "weight_kg_max": -1e300,
            },
            "weight_kg",
            None,
            -1e300,
        ),
        (
            {
                "created_at_min": "9999-12-30T00:00:00Z",
            },
            "created_at",
            "9999-12-30T00:00:00Z",
            None,
        ),
        (
            {
                "created_at_max": "0001-01-02T00:00:00Z",
            },
            "created_at",
            None,
            "0001-01-02T00:00:00Z",
        ),
    ],
)
def test_list_pets_filtered(
    client: TestClient,
    params: dict[str, Any],
    key: str,
    low: object,
    high: object,
) -> None:
    # The filters select the rows whose value lies within the bounds, both inclusive;
    # the count is of what they select.
    rows = [stored(client, n) for n in range(3)]
    url = app.url_path_for("list_pets")
    response = client.get(url, params=params)
    assert response.status_code == 200
    selected = [row for row in ordered(rows) if within(row[key], low, high)]
    assert response.json() == {"data": selected, "count": len(selected)}


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("name", "name"),
        ("-name", "name"),
        ("weight_kg", "weight_kg"),
        ("-weight_kg", "weight_kg"),
        ("id", "id"),
        ("-id", "id"),
    ],
)
def test_list_pets_sorted(client: TestClient, sort: str, key: str) -> None:
    rows = [stored(client, n) for n in range(3)]
    url = app.url_path_for("list_pets")
    response = client.get(url, params={"sort": sort})
    assert response.status_code == 200
    # Ties are broken by the id, ascending.
    expected = sorted(rows, key=lambda row: row["id"])
    expected.sort(key=lambda row: sort_key(row, key), reverse=sort.startswith("-"))
    assert response.json()["data"] == expected


def test_list_pets_unknown_sort(client: TestClient) -> None:
    url = app.url_path_for("list_pets")
    response = client.get(url, params={"sort": "-"})
    assert response.status_code == 422


def test_read_pet(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "read_pet",
        pet_id=created["id"],
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == created


def test_update_pet(client: TestClient) -> None:
    created = stored(client)
    before = datetime.now(timezone.utc)
    url = app.url_path_for(
        "update_pet",
        pet_id=created["id"],
    )
    changes = {
        "name": "Rex (updated)",
    }
    response = client.patch(url, json=changes)
    assert response.status_code == 200
    updated = response.json()
    assert unstamped(updated) == unstamped(created) | changes
    assert updated["created_at"] == created["created_at"]
    assert instant(updated["updated_at"]) >= before
    url = app.url_path_for(
        "read_pet",
        pet_id=created["id"],
    )
    assert client.get(url).json() == updated


def test_replace_pet(client: TestClient) -> None:
    created = stored(client)
    before = datetime.now(timezone.utc)
    url = app.url_path_for(
        "replace_pet",
        pet_id=created["id"],
    )
    body = {name: created[name] for name in EXAMPLE} | {
        "name": "Rex (updated)",
    }
    response = client.put(url, json=body)
    assert response.status_code == 200
    replaced = response.json()
    assert unstamped(replaced) == body | {"id": created["id"]}
    assert replaced["created_at"] == created["created_at"]
    assert instant(replaced["updated_at"]) >= before
    url = app.url_path_for(
        "read_pet",
        pet_id=created["id"],
    )
    assert client.get(url).json() == replaced


def test_replace_pet_resets_omitted_fields(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "replace_pet",
        pet_id=created["id"],
    )
    body = {name: created[name] for name in EXAMPLE if name not in DEFAULTS}
    response = client.put(url, json=body)
    assert response.status_code == 200
    assert unstamped(response.json()) == unstamped(created) | DEFAULTS


def test_replace_pet_invalid(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "replace_pet",
        pet_id=created["id"],
    )
    invalid = EXAMPLE | {
        "species": "not one of the values",
    }
    response = client.put(url, json=invalid)
    assert response.status_code == 422


def test_delete_pet(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "delete_pet",
        pet_id=created["id"],
    )
    response = client.delete(url)
    assert response.status_code == 204
    assert response.content == b""
    url = app.url_path_for(
        "read_pet",
        pet_id=created["id"],
    )
    assert client.get(url).status_code == 404


def test_read_pet_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "read_pet",
        pet_id=UNKNOWN_ID,
    )
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Pet not found",
    }


def test_update_pet_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "update_pet",
        pet_id=UNKNOWN_ID,
    )
    response = client.patch(url, json={})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Pet not found",
    }


def test_replace_pet_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "replace_pet",
        pet_id=UNKNOWN_ID,
    )
    response = client.put(url, json=EXAMPLE)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Pet not found",
    }


def test_delete_pet_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "delete_pet",
        pet_id=UNKNOWN_ID,
    )
    response = client.delete(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Pet not found",
    }


def test_service_create(service: PetsService) -> None:
    body = PetCreate.model_validate(EXAMPLE)
    created = service.create(body)
    assert created.id is not None
    # Read back from the database, not from the session's memory.
    service.session.expire_all()
    found = service.read(created.id)
    public = PetPublic.model_validate(found)
    row = public.model_dump(mode="json")
    assert unstamped(row) == EXAMPLE | {"id": row["id"]}
    assert row["updated_at"] == row["created_at"]


def test_service_conflict(service: PetsService) -> None:
    body = PetCreate.model_validate(EXAMPLE)
    service.create(body)
    with pytest.raises(ConflictError):
        service.create(body)
    # The failed write was rolled back: the session goes on.
    other = PetCreate.model_validate(EXAMPLE | VARIANTS[1])
    service.create(other)


def test_service_list(service: PetsService) -> None:
    for n in range(3):
        body = PetCreate.model_validate(EXAMPLE | VARIANTS[n])
        service.create(body)
    page = service.list(skip=1, limit=1)
    assert page.count == 3
    assert len(page.data) == 1


def test_service_update(service: PetsService) -> None:
    body = PetCreate.model_validate(EXAMPLE)
    created = service.create(body)
    assert created.id is not None
    changes = {
        "name": "Rex (updated)",
    }
    patch = PetUpdate.model_validate(changes)
    updated = service.update(created.id, patch)
    public = PetPublic.model_validate(updated)
    row = public.model_dump(mode="json")
    assert unstamped(row) == EXAMPLE | changes | {"id": row["id"]}


def test_service_delete(service: PetsService) -> None:
    body = PetCreate.model_validate(EXAMPLE)
    created = service.create(body)
    assert created.id is not None
    service.delete(created.id)
    with pytest.raises(NotFoundError):
        service.read(created.id)


def deleted_meanwhile(service: PetsService, engine: Engine) -> Pet:
    """A row the service has read (held in its session while the caller holds it), then
    deleted by another session: what a request sees when another one deletes its row
    between the read and the commit."""
    body = PetCreate.model_validate(EXAMPLE)
    created = service.create(body)
    with Session(engine) as other:
        row = other.get(Pet, created.id)
        assert row is not None
        other.delete(row)
        other.commit()
    return created


@pytest.mark.parametrize("changed", [True, False])
def test_service_update_deleted_meanwhile(
    service: PetsService,
    engine: Engine,
    changed: bool,
) -> None:
    # Its UPDATE (of `updated_at` at least) matches no row: not found, as for any
    # unknown id (not a 500).
    item = deleted_meanwhile(service, engine)
    assert item.id is not None
    changes = {
        "name": "Rex (updated)",
    }
    patch = PetUpdate.model_validate(changes if changed else {})
    with pytest.raises(NotFoundError):
        service.update(item.id, patch)


def test_service_replace_deleted_meanwhile(
    service: PetsService,
    engine: Engine,
) -> None:
    # Only `updated_at` changes, and its UPDATE matches no row: not found.
    item = deleted_meanwhile(service, engine)
    assert item.id is not None
    body = PetCreate.model_validate(EXAMPLE)
    with pytest.raises(NotFoundError):
        service.replace(item.id, body)


def test_service_not_found(service: PetsService) -> None:
    missing = UNKNOWN_ID
    with pytest.raises(NotFoundError):
        service.read(missing)
    with pytest.raises(NotFoundError):
        service.update(missing, PetUpdate())
    body = PetCreate.model_validate(EXAMPLE)
    with pytest.raises(NotFoundError):
        service.replace(missing, body)
    with pytest.raises(NotFoundError):
        service.delete(missing)
