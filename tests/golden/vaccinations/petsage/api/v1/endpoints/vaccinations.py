"""Vaccinations: the API of the resource."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from petsage.api.v1.schemas.vaccinations import (
    VaccinationCreate,
    VaccinationPublic,
    VaccinationQuery,
    VaccinationsPublic,
    VaccinationUpdate,
)
from petsage.errors import DomainErrorRoute, ErrorBody
from petsage.models.vaccinations import Vaccination
from petsage.services.vaccinations_service import VaccinationsServiceDep

router = APIRouter(
    prefix="/pets/{pet_id}/vaccinations",
    tags=["Vaccinations"],
    route_class=DomainErrorRoute,
)

# The ids the column holds (a 32-bit INTEGER, from 1): any other is a 422, not a 500.
ItemId = Annotated[int, Path(ge=1, le=2147483647)]


@router.post(
    "",
    name="create_vaccination",
    response_model=VaccinationPublic,
    status_code=201,
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
            "description": "A Vaccination with this batch already exists",
            "model": ErrorBody,
        },
    },
    summary="Create one vaccination",
)
def create_vaccination(
    pet_id: ItemId,
    body: VaccinationCreate,
    service: VaccinationsServiceDep,
) -> Vaccination:
    """Create one Vaccination under the Pet."""
    return service.create(pet_id, body)


@router.get(
    "",
    name="list_vaccinations",
    status_code=200,
    responses={
        404: {
            "description": "Pet not found",
            "model": ErrorBody,
        },
    },
    summary="List vaccinations",
)
def list_vaccinations(
    pet_id: ItemId,
    service: VaccinationsServiceDep,
    # Keyword-only: the query (its fields, as parameters) follows the paging.
    *,
    skip: Annotated[int, Query(ge=0, le=2147483647)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    query: Annotated[VaccinationQuery, Query()],
) -> VaccinationsPublic:
    """A page of them in order, `limit` at a time from `skip`, with the count of all
    that the filters select."""
    return service.list(pet_id, skip=skip, limit=limit, query=query)


@router.get(
    "/{vaccination_id}",
    name="read_vaccination",
    response_model=VaccinationPublic,
    status_code=200,
    responses={
        404: {
            "description": "Vaccination not found",
            "model": ErrorBody,
        },
    },
    summary="Read one vaccination",
)
def read_vaccination(
    pet_id: ItemId,
    vaccination_id: ItemId,
    service: VaccinationsServiceDep,
) -> Vaccination:
    """Read one Vaccination."""
    return service.read(pet_id, vaccination_id)


@router.patch(
    "/{vaccination_id}",
    name="update_vaccination",
    response_model=VaccinationPublic,
    status_code=200,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
            "model": ErrorBody,
        },
        404: {
            "description": "Vaccination not found",
            "model": ErrorBody,
        },
        409: {
            "description": "A Vaccination with this batch already exists",
            "model": ErrorBody,
        },
    },
    summary="Update one vaccination",
)
def update_vaccination(
    pet_id: ItemId,
    vaccination_id: ItemId,
    body: VaccinationUpdate,
    service: VaccinationsServiceDep,
) -> Vaccination:
    """Update the fields of one Vaccination that the body sets."""
    return service.update(pet_id, vaccination_id, body)


@router.put(
    "/{vaccination_id}",
    name="replace_vaccination",
    response_model=VaccinationPublic,
    status_code=200,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
            "model": ErrorBody,
        },
        404: {
            "description": "Vaccination not found",
            "model": ErrorBody,
        },
        409: {
            "description": "A Vaccination with this batch already exists",
            "model": ErrorBody,
        },
    },
    summary="Replace one vaccination",
)
def replace_vaccination(
    pet_id: ItemId,
    vaccination_id: ItemId,
    body: VaccinationCreate,
    service: VaccinationsServiceDep,
) -> Vaccination:
    """Set every field of one Vaccination: one the body leaves out takes its default."""
    return service.replace(pet_id, vaccination_id, body)


@router.delete(
    "/{vaccination_id}",
    name="delete_vaccination",
    status_code=204,
    responses={
        404: {
            "description": "Vaccination not found",
            "model": ErrorBody,
        },
        409: {
            "description": "Other rows refer to this Vaccination",
            "model": ErrorBody,
        },
    },
    summary="Delete one vaccination",
)
def delete_vaccination(
    pet_id: ItemId,
    vaccination_id: ItemId,
    service: VaccinationsServiceDep,
) -> None:
    """Delete one Vaccination."""
    service.delete(pet_id, vaccination_id)
