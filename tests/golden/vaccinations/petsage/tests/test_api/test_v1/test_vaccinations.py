"""Vaccinations: tests.

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
from sqlalchemy import Engine, event
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from petsage.api.v1.schemas.vaccinations import (
    VaccinationCreate,
    VaccinationPublic,
    VaccinationUpdate,
)
from petsage.db import get_session
from petsage.errors import ConflictError, NotFoundError
from petsage.main import app
from petsage.models.pets import Pet
from petsage.models.vaccinations import Vaccination
from petsage.services.vaccinations_service import VaccinationsService

EXAMPLE: dict[str, Any] = {
    "vaccine": "Rabies",
    "batch": "B-1042",
    "given_at": "2026-11-30T10:00:00Z",
}
UNKNOWN_ID = 999999
# The Pet the rows are under (stored before each test), and an id of one that
# nothing is under.
PARENT_ID = 1
PARENT: dict[str, Any] = {"pet_id": PARENT_ID}
OTHER_PARENT = 999999
# For each of them, a row of the referenced table with that id, which nothing refers to.
FRESH: dict[str, tuple[type[SQLModel], dict[str, Any]]] = {
    "pet_id": (
        Pet,
        {
            "id": 999999,
            "name": "Rex",
            "species": "dog",
            "birth_date": "2020-05-01",
            "tags": ["friendly"],
            "chip": "900123456789010",
            "weight_kg": 12.5,
        },
    ),
}
# What a replace sets the fields it leaves out to.
DEFAULTS: dict[str, Any] = {
    "batch": None,
}
# Three rows may be stored at once only where their unique fields differ.
UNIQUE = ["batch"]
VARIANTS: list[dict[str, Any]] = [
    {},
    {
        "batch": "B-10421",
    },
    {
        "batch": "B-10422",
    },
]
# Set by the server, in every response.
STAMPS = ("created_at", "updated_at")
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")


def enforce_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Make SQLite check foreign keys, as the app's database module does."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


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
    if sqlite:
        event.listen(engine, "connect", enforce_foreign_keys)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        # The rows the example refers to, which the references must find.
        session.add_all(
            [
                Pet.model_validate(
                    {
                        "id": 1,
                        "name": "Rex",
                        "species": "dog",
                        "birth_date": "2020-05-01",
                        "tags": ["friendly"],
                        "chip": "900123456789012",
                        "weight_kg": 12.5,
                    },
                ),
            ],
        )
        session.commit()
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
def service(engine: Engine) -> Iterator[VaccinationsService]:
    """The service on a session of its own, as a script or a job would use it."""
    with Session(engine) as session:
        yield VaccinationsService(session)


def unstamped(row: dict[str, Any]) -> dict[str, Any]:
    """The row without the timestamps the server sets."""
    return {name: value for name, value in row.items() if name not in STAMPS}


def instant(value: object) -> datetime:
    """A timestamp as the API returns it (ISO 8601, `Z` for UTC), read back."""
    assert isinstance(value, str)
    # Python 3.10's fromisoformat does not read `Z`.
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def stored(client: TestClient, n: int = 0) -> dict[str, Any]:
    """Create one Vaccination through the API and return it: the `n`th of three whose
    unique fields differ."""
    url = app.url_path_for(
        "create_vaccination",
        **PARENT,
    )
    response = client.post(url, json=EXAMPLE | VARIANTS[n])
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def test_create_vaccination(client: TestClient) -> None:
    before = datetime.now(timezone.utc)
    url = app.url_path_for(
        "create_vaccination",
        **PARENT,
    )
    response = client.post(url, json=EXAMPLE)
    assert response.status_code == 201
    body = response.json()
    assert unstamped(body) == EXAMPLE | PARENT | {"id": body["id"]}
    assert body["updated_at"] == body["created_at"]
    assert before <= instant(body["created_at"]) <= datetime.now(timezone.utc)


def test_create_vaccination_ignores_sent_timestamps(client: TestClient) -> None:
    before = datetime.now(timezone.utc)
    url = app.url_path_for(
        "create_vaccination",
        **PARENT,
    )
    sent = dict.fromkeys(STAMPS, "2000-01-01T00:00:00Z")
    response = client.post(url, json=EXAMPLE | sent)
    assert response.status_code == 201
    body = response.json()
    for name in STAMPS:
        assert instant(body[name]) >= before


def test_create_vaccination_invalid(client: TestClient) -> None:
    url = app.url_path_for(
        "create_vaccination",
        **PARENT,
    )
    invalid = EXAMPLE | {
        "vaccine": None,
    }
    response = client.post(url, json=invalid)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("vaccine", ""),
        ("vaccine", "x" * 101),
        ("batch", "x" * 41),
    ],
)
def test_create_vaccination_out_of_bounds(
    client: TestClient,
    field: str,
    value: object,
) -> None:
    url = app.url_path_for(
        "create_vaccination",
        **PARENT,
    )
    response = client.post(url, json=EXAMPLE | {field: value})
    assert response.status_code == 422


def test_create_vaccination_conflict(client: TestClient) -> None:
    stored(client)
    url = app.url_path_for(
        "create_vaccination",
        **PARENT,
    )
    response = client.post(url, json=EXAMPLE)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A Vaccination with this batch already exists",
    }


def test_update_vaccination_conflict(client: TestClient) -> None:
    first = stored(client)
    second = stored(client, 1)
    url = app.url_path_for(
        "update_vaccination",
        **PARENT,
        vaccination_id=second["id"],
    )
    response = client.patch(url, json={name: first[name] for name in UNIQUE})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A Vaccination with this batch already exists",
    }


def test_replace_vaccination_conflict(client: TestClient) -> None:
    first = stored(client)
    second = stored(client, 1)
    url = app.url_path_for(
        "replace_vaccination",
        **PARENT,
        vaccination_id=second["id"],
    )
    body = {name: second[name] for name in EXAMPLE}
    response = client.put(url, json=body | {name: first[name] for name in UNIQUE})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A Vaccination with this batch already exists",
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


def test_list_vaccinations(client: TestClient) -> None:
    # In the order of their ids (random ones, for UUIDs).
    rows = [stored(client, n) for n in range(3)]
    url = app.url_path_for(
        "list_vaccinations",
        **PARENT,
    )
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
                "vaccine": "Rabies",
            },
            "vaccine",
            "Rabies",
            "Rabies",
        ),
        (
            {
                "vaccine": "Rabies (none)",
            },
            "vaccine",
            "Rabies (none)",
            "Rabies (none)",
        ),
        (
            {
                "given_at": "2026-11-30T10:00:00Z",
            },
            "given_at",
            "2026-11-30T10:00:00Z",
            "2026-11-30T10:00:00Z",
        ),
        (
            {
                "given_at": "1970-01-02T00:00:00Z",
            },
            "given_at",
            "1970-01-02T00:00:00Z",
            "1970-01-02T00:00:00Z",
        ),
        (
            {
                "given_at_min": "2026-11-30T10:00:00Z",
                "given_at_max": "2026-11-30T10:00:00Z",
            },
            "given_at",
            "2026-11-30T10:00:00Z",
            "2026-11-30T10:00:00Z",
        ),
        (
            {
                "given_at_min": "9999-12-30T00:00:00Z",
            },
            "given_at",
            "9999-12-30T00:00:00Z",
            None,
        ),
        (
            {
                "given_at_max": "0001-01-02T00:00:00Z",
            },
            "given_at",
            None,
            "0001-01-02T00:00:00Z",
        ),
    ],
)
def test_list_vaccinations_filtered(
    client: TestClient,
    params: dict[str, Any],
    key: str,
    low: object,
    high: object,
) -> None:
    # The filters select the rows whose value lies within the bounds, both inclusive;
    # the count is of what they select.
    rows = [stored(client, n) for n in range(3)]
    url = app.url_path_for(
        "list_vaccinations",
        **PARENT,
    )
    response = client.get(url, params=params)
    assert response.status_code == 200
    selected = [row for row in ordered(rows) if within(row[key], low, high)]
    assert response.json() == {"data": selected, "count": len(selected)}


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("given_at", "given_at"),
        ("-given_at", "given_at"),
    ],
)
def test_list_vaccinations_sorted(client: TestClient, sort: str, key: str) -> None:
    rows = [stored(client, n) for n in range(3)]
    url = app.url_path_for(
        "list_vaccinations",
        **PARENT,
    )
    response = client.get(url, params={"sort": sort})
    assert response.status_code == 200
    # Ties are broken by the id, ascending.
    expected = sorted(rows, key=lambda row: row["id"])
    expected.sort(key=lambda row: sort_key(row, key), reverse=sort.startswith("-"))
    assert response.json()["data"] == expected


def test_list_vaccinations_unknown_sort(client: TestClient) -> None:
    url = app.url_path_for(
        "list_vaccinations",
        **PARENT,
    )
    response = client.get(url, params={"sort": "-"})
    assert response.status_code == 422


def test_read_vaccination(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "read_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == created


def test_update_vaccination(client: TestClient) -> None:
    created = stored(client)
    before = datetime.now(timezone.utc)
    url = app.url_path_for(
        "update_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    changes = {
        "vaccine": "Rabies (updated)",
    }
    response = client.patch(url, json=changes)
    assert response.status_code == 200
    updated = response.json()
    assert unstamped(updated) == unstamped(created) | changes
    assert updated["created_at"] == created["created_at"]
    assert instant(updated["updated_at"]) >= before
    url = app.url_path_for(
        "read_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    assert client.get(url).json() == updated


def test_replace_vaccination(client: TestClient) -> None:
    created = stored(client)
    before = datetime.now(timezone.utc)
    url = app.url_path_for(
        "replace_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    body = {name: created[name] for name in EXAMPLE} | {
        "vaccine": "Rabies (updated)",
    }
    response = client.put(url, json=body)
    assert response.status_code == 200
    replaced = response.json()
    assert unstamped(replaced) == body | PARENT | {"id": created["id"]}
    assert replaced["created_at"] == created["created_at"]
    assert instant(replaced["updated_at"]) >= before
    url = app.url_path_for(
        "read_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    assert client.get(url).json() == replaced


def test_replace_vaccination_resets_omitted_fields(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "replace_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    body = {name: created[name] for name in EXAMPLE if name not in DEFAULTS}
    response = client.put(url, json=body)
    assert response.status_code == 200
    assert unstamped(response.json()) == unstamped(created) | DEFAULTS


def test_replace_vaccination_invalid(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "replace_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    invalid = EXAMPLE | {
        "vaccine": None,
    }
    response = client.put(url, json=invalid)
    assert response.status_code == 422


def test_delete_vaccination(client: TestClient) -> None:
    created = stored(client)
    url = app.url_path_for(
        "delete_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    response = client.delete(url)
    assert response.status_code == 204
    assert response.content == b""
    url = app.url_path_for(
        "read_vaccination",
        **PARENT,
        vaccination_id=created["id"],
    )
    assert client.get(url).status_code == 404


def test_list_vaccinations_unknown_parent(client: TestClient) -> None:
    url = app.url_path_for(
        "list_vaccinations",
        pet_id=OTHER_PARENT,
    )
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Pet not found"}


def stored_under_other(client: TestClient, engine: Engine) -> dict[str, Any]:
    """Store a Pet that nothing is under yet (its id is `OTHER_PARENT`), and a
    Vaccination under it; return the Vaccination."""
    model, values = FRESH["pet_id"]
    with Session(engine) as session:
        session.add(model.model_validate(values))
        session.commit()
    url = app.url_path_for(
        "create_vaccination",
        pet_id=OTHER_PARENT,
    )
    # Its unique fields differ from those of the rows `stored` makes.
    response = client.post(url, json=EXAMPLE | VARIANTS[2])
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def test_create_vaccination_unknown_parent(client: TestClient) -> None:
    url = app.url_path_for(
        "create_vaccination",
        pet_id=OTHER_PARENT,
    )
    response = client.post(url, json=EXAMPLE)
    assert response.status_code == 404
    assert response.json() == {"detail": "Pet not found"}


def test_list_vaccinations_only_under_their_parent(
    client: TestClient,
    engine: Engine,
) -> None:
    mine = stored(client)
    theirs = stored_under_other(client, engine)
    assert theirs["pet_id"] == OTHER_PARENT
    url = app.url_path_for(
        "list_vaccinations",
        **PARENT,
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {"data": [mine], "count": 1}


def test_read_vaccination_under_another_parent(
    client: TestClient,
    engine: Engine,
) -> None:
    # It exists, but not under this Pet: not found, and left as it was.
    theirs = stored_under_other(client, engine)
    url = app.url_path_for(
        "read_vaccination",
        **PARENT,
        vaccination_id=theirs["id"],
    )
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }


def test_update_vaccination_under_another_parent(
    client: TestClient,
    engine: Engine,
) -> None:
    # It exists, but not under this Pet: not found, and left as it was.
    theirs = stored_under_other(client, engine)
    url = app.url_path_for(
        "update_vaccination",
        **PARENT,
        vaccination_id=theirs["id"],
    )
    response = client.patch(url, json={})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }
    url = app.url_path_for(
        "read_vaccination",
        pet_id=OTHER_PARENT,
        vaccination_id=theirs["id"],
    )
    assert client.get(url).json() == theirs


def test_replace_vaccination_under_another_parent(
    client: TestClient,
    engine: Engine,
) -> None:
    # It exists, but not under this Pet: not found, and left as it was.
    theirs = stored_under_other(client, engine)
    url = app.url_path_for(
        "replace_vaccination",
        **PARENT,
        vaccination_id=theirs["id"],
    )
    response = client.put(url, json=EXAMPLE)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }
    url = app.url_path_for(
        "read_vaccination",
        pet_id=OTHER_PARENT,
        vaccination_id=theirs["id"],
    )
    assert client.get(url).json() == theirs


def test_delete_vaccination_under_another_parent(
    client: TestClient,
    engine: Engine,
) -> None:
    # It exists, but not under this Pet: not found, and left as it was.
    theirs = stored_under_other(client, engine)
    url = app.url_path_for(
        "delete_vaccination",
        **PARENT,
        vaccination_id=theirs["id"],
    )
    response = client.delete(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }
    url = app.url_path_for(
        "read_vaccination",
        pet_id=OTHER_PARENT,
        vaccination_id=theirs["id"],
    )
    assert client.get(url).json() == theirs


def test_pet_id_on_delete_cascade(client: TestClient, engine: Engine) -> None:
    created = stored_under_other(client, engine)
    with Session(engine) as session:
        referenced = session.get(Pet, OTHER_PARENT)
        assert referenced is not None
        session.delete(referenced)
        session.commit()
        row = session.get(Vaccination, created["id"])
        assert row is None


def test_read_vaccination_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "read_vaccination",
        **PARENT,
        vaccination_id=UNKNOWN_ID,
    )
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }


def test_update_vaccination_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "update_vaccination",
        **PARENT,
        vaccination_id=UNKNOWN_ID,
    )
    response = client.patch(url, json={})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }


def test_replace_vaccination_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "replace_vaccination",
        **PARENT,
        vaccination_id=UNKNOWN_ID,
    )
    response = client.put(url, json=EXAMPLE)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }


def test_delete_vaccination_not_found(client: TestClient) -> None:
    url = app.url_path_for(
        "delete_vaccination",
        **PARENT,
        vaccination_id=UNKNOWN_ID,
    )
    response = client.delete(url)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vaccination not found",
    }


def test_service_create(service: VaccinationsService) -> None:
    body = VaccinationCreate.model_validate(EXAMPLE)
    created = service.create(PARENT_ID, body)
    assert created.id is not None
    # Read back from the database, not from the session's memory.
    service.session.expire_all()
    found = service.read(PARENT_ID, created.id)
    public = VaccinationPublic.model_validate(found)
    row = public.model_dump(mode="json")
    assert unstamped(row) == EXAMPLE | PARENT | {"id": row["id"]}
    assert row["updated_at"] == row["created_at"]


def test_service_unknown_parent(service: VaccinationsService) -> None:
    body = VaccinationCreate.model_validate(EXAMPLE)
    with pytest.raises(NotFoundError):
        service.create(OTHER_PARENT, body)


def test_service_save_when_the_parent_is_gone(service: VaccinationsService) -> None:
    # The parent deleted between the service's check and the commit: the database
    # refuses the row, and `save` answers as the check does.
    body = VaccinationCreate.model_validate(EXAMPLE)
    item = Vaccination.model_validate(
        body,
        update={"pet_id": OTHER_PARENT},
    )
    with pytest.raises(NotFoundError):
        service.save(item)


def test_service_conflict(service: VaccinationsService) -> None:
    body = VaccinationCreate.model_validate(EXAMPLE)
    service.create(PARENT_ID, body)
    with pytest.raises(ConflictError):
        service.create(PARENT_ID, body)
    # The failed write was rolled back: the session goes on.
    other = VaccinationCreate.model_validate(EXAMPLE | VARIANTS[1])
    service.create(PARENT_ID, other)


def test_service_list(service: VaccinationsService) -> None:
    for n in range(3):
        body = VaccinationCreate.model_validate(EXAMPLE | VARIANTS[n])
        service.create(PARENT_ID, body)
    page = service.list(PARENT_ID, skip=1, limit=1)
    assert page.count == 3
    assert len(page.data) == 1


def test_service_update(service: VaccinationsService) -> None:
    body = VaccinationCreate.model_validate(EXAMPLE)
    created = service.create(PARENT_ID, body)
    assert created.id is not None
    changes = {
        "vaccine": "Rabies (updated)",
    }
    patch = VaccinationUpdate.model_validate(changes)
    updated = service.update(PARENT_ID, created.id, patch)
    public = VaccinationPublic.model_validate(updated)
    row = public.model_dump(mode="json")
    assert unstamped(row) == EXAMPLE | PARENT | changes | {"id": row["id"]}


def test_service_delete(service: VaccinationsService) -> None:
    body = VaccinationCreate.model_validate(EXAMPLE)
    created = service.create(PARENT_ID, body)
    assert created.id is not None
    service.delete(PARENT_ID, created.id)
    with pytest.raises(NotFoundError):
        service.read(PARENT_ID, created.id)


def deleted_meanwhile(service: VaccinationsService, engine: Engine) -> Vaccination:
    """A row the service has read (held in its session while the caller holds it), then
    deleted by another session: what a request sees when another one deletes its row
    between the read and the commit."""
    body = VaccinationCreate.model_validate(EXAMPLE)
    created = service.create(PARENT_ID, body)
    with Session(engine) as other:
        row = other.get(Vaccination, created.id)
        assert row is not None
        other.delete(row)
        other.commit()
    return created


@pytest.mark.parametrize("changed", [True, False])
def test_service_update_deleted_meanwhile(
    service: VaccinationsService,
    engine: Engine,
    changed: bool,
) -> None:
    # Its UPDATE (of `updated_at` at least) matches no row: not found, as for any
    # unknown id (not a 500).
    item = deleted_meanwhile(service, engine)
    assert item.id is not None
    changes = {
        "vaccine": "Rabies (updated)",
    }
    patch = VaccinationUpdate.model_validate(changes if changed else {})
    with pytest.raises(NotFoundError):
        service.update(PARENT_ID, item.id, patch)


def test_service_replace_deleted_meanwhile(
    service: VaccinationsService,
    engine: Engine,
) -> None:
    # Only `updated_at` changes, and its UPDATE matches no row: not found.
    item = deleted_meanwhile(service, engine)
    assert item.id is not None
    body = VaccinationCreate.model_validate(EXAMPLE)
    with pytest.raises(NotFoundError):
        service.replace(PARENT_ID, item.id, body)


def test_service_not_found(service: VaccinationsService) -> None:
    missing = UNKNOWN_ID
    with pytest.raises(NotFoundError):
        service.read(PARENT_ID, missing)
    with pytest.raises(NotFoundError):
        service.update(PARENT_ID, missing, VaccinationUpdate())
    body = VaccinationCreate.model_validate(EXAMPLE)
    with pytest.raises(NotFoundError):
        service.replace(PARENT_ID, missing, body)
    with pytest.raises(NotFoundError):
        service.delete(PARENT_ID, missing)
