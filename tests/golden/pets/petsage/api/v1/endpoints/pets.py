"""Pets: the API of the resource."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from petsage.api.v1.schemas.pets import (
    PetCreate,
    PetPublic,
    PetQuery,
    PetsPublic,
    PetUpdate,
)
from petsage.errors import DomainErrorRoute, ErrorBody
from petsage.models.pets import Pet
from petsage.services.pets_service import PetsServiceDep

router = APIRouter(
    prefix="/pets",
    tags=["Pets"],
    route_class=DomainErrorRoute,
)

# The ids the column holds (a 32-bit INTEGER, from 1): any other is a 422, not a 500.
ItemId = Annotated[int, Path(ge=1, le=2147483647)]


@router.post(
    "",
    name="create_pet",
    response_model=PetPublic,
    status_code=201,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
            "model": ErrorBody,
        },
        409: {
            "description": "A Pet with this chip already exists",
            "model": ErrorBody,
        },
    },
    summary="Create one pet",
)
def create_pet(
    body: PetCreate,
    service: PetsServiceDep,
) -> Pet:
    """Create one Pet."""
    return service.create(body)


@router.get(
    "",
    name="list_pets",
    status_code=200,
    summary="List pets",
)
def list_pets(
    service: PetsServiceDep,
    # Keyword-only: the query (its fields, as parameters) follows the paging.
    *,
    skip: Annotated[int, Query(ge=0, le=2147483647)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    query: Annotated[PetQuery, Query()],
) -> PetsPublic:
    """A page of them in order, `limit` at a time from `skip`, with the count of all
    that the filters select."""
    return service.list(skip=skip, limit=limit, query=query)


@router.get(
    "/{pet_id}",
    name="read_pet",
    response_model=PetPublic,
    status_code=200,
    responses={
        404: {
            "description": "Pet not found",
            "model": ErrorBody,
        },
    },
    summary="Read one pet",
)
def read_pet(
    pet_id: ItemId,
    service: PetsServiceDep,
) -> Pet:
    """Read one Pet."""
    return service.read(pet_id)


@router.patch(
    "/{pet_id}",
    name="update_pet",
    response_model=PetPublic,
    status_code=200,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
            "model": ErrorBody,
        },
        404: {
            "description": "Pet not found",
            "model": ErrorBody,
        },
        409: {
            "description": "A Pet with this chip already exists",
            "model": ErrorBody,
        },
    },
    summary="Update one pet",
)
def update_pet(
    pet_id: ItemId,
    body: PetUpdate,
    service: PetsServiceDep,
) -> Pet:
    """Update the fields of one Pet that the body sets."""
    return service.update(pet_id, body)


@router.put(
    "/{pet_id}",
    name="replace_pet",
    response_model=PetPublic,
    status_code=200,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
            "model": ErrorBody,
        },
        404: {
            "description": "Pet not found",
            "model": ErrorBody,
        },
        409: {
            "description": "A Pet with this chip already exists",
            "model": ErrorBody,
        },
    },
    summary="Replace one pet",
)
def replace_pet(
    pet_id: ItemId,
    body: PetCreate,
    service: PetsServiceDep,
) -> Pet:
    """Set every field of one Pet: one the body leaves out takes its default."""
    return service.replace(pet_id, body)


@router.delete(
    "/{pet_id}",
    name="delete_pet",
    status_code=204,
    responses={
        404: {
            "description": "Pet not found",
            "model": ErrorBody,
        },
        409: {
            "description": "Other rows refer to this Pet",
            "model": ErrorBody,
        },
    },
    summary="Delete one pet",
)
def delete_pet(
    pet_id: ItemId,
    service: PetsServiceDep,
) -> None:
    """Delete one Pet."""
    service.delete(pet_id)
