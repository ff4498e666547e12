"""Hostile Things: the API of the resource."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from petsage.api.v1.schemas.hostile_things import (
    HostileThingCreate,
    HostileThingPublic,
    HostileThingsPublic,
    HostileThingUpdate,
)
from petsage.errors import DomainErrorRoute, ErrorBody
from petsage.models.hostile_things import HostileThing
from petsage.services.hostile_things_service import HostileThingsServiceDep

router = APIRouter(
    prefix="/hostile-things",
    tags=['{{ t }} """'],
    route_class=DomainErrorRoute,
)

# The ids the column holds (a 32-bit INTEGER, from 1): any other is a 422, not a 500.
ItemId = Annotated[int, Path(ge=1, le=2147483647)]


@router.post(
    "",
    name="create_hostile_thing",
    response_model=HostileThingPublic,
    status_code=201,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
            "model": ErrorBody,
        },
    },
    summary="Create one hostile_thing",
)
def create_hostile_thing(
    body: HostileThingCreate,
    service: HostileThingsServiceDep,
) -> HostileThing:
    """Create one HostileThing."""
    return service.create(body)


@router.get(
    "",
    name="list_hostile_things",
    status_code=200,
    summary="List hostile_things",
)
def list_hostile_things(
    service: HostileThingsServiceDep,
    skip: Annotated[int, Query(ge=0, le=2147483647)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
) -> HostileThingsPublic:
    """A page of them, `limit` at a time from `skip`, with the total count."""
    return service.list(skip=skip, limit=limit)


@router.get(
    "/{hostile_thing_id}",
    name="read_hostile_thing",
    response_model=HostileThingPublic,
    status_code=200,
    responses={
        404: {
            "description": "Hostile thing not found",
            "model": ErrorBody,
        },
    },
    summary="Read one hostile_thing",
)
def read_hostile_thing(
    hostile_thing_id: ItemId,
    service: HostileThingsServiceDep,
) -> HostileThing:
    """Read one HostileThing."""
    return service.read(hostile_thing_id)


@router.patch(
    "/{hostile_thing_id}",
    name="update_hostile_thing",
    response_model=HostileThingPublic,
    status_code=200,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
            "model": ErrorBody,
        },
        404: {
            "description": "Hostile thing not found",
            "model": ErrorBody,
        },
    },
    summary="Update one hostile_thing",
)
def update_hostile_thing(
    hostile_thing_id: ItemId,
    body: HostileThingUpdate,
    service: HostileThingsServiceDep,
) -> HostileThing:
    """Update the fields of one HostileThing that the body sets."""
    return service.update(hostile_thing_id, body)


@router.delete(
    "/{hostile_thing_id}",
    name="delete_hostile_thing",
    status_code=204,
    responses={
        404: {
            "description": "Hostile thing not found",
            "model": ErrorBody,
        },
        409: {
            "description": "Other rows refer to this HostileThing",
            "model": ErrorBody,
        },
    },
    summary="Delete one hostile_thing",
)
def delete_hostile_thing(
    hostile_thing_id: ItemId,
    service: HostileThingsServiceDep,
) -> None:
    """Delete one HostileThing."""
    service.delete(hostile_thing_id)
