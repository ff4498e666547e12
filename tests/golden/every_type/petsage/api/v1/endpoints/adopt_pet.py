"""Adopt Pet: API endpoint."""

from fastapi import APIRouter

from petsage.api.v1.schemas.adopt_pet import AdoptionResult
from petsage.services.adopt_pet_service import AdoptPetServiceDep

router = APIRouter()


@router.post(
    "/pets/adopt",
    name="adopt_pet_route",
    status_code=201,
    summary="Adopt a pet",
    tags=["Pets", "Adoption"],
)
def adopt_pet_route(service: AdoptPetServiceDep) -> AdoptionResult:
    """Endpoint: Adopt Pet.

    Adopt a pet from the shelter. Records who adopted which pet, when, and what it cost,
    so that the shelter can follow up with the new family.
    """
    return service.create()
