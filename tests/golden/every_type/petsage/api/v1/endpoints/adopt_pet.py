"""Adopt Pet: API endpoint."""

from fastapi import APIRouter

from petsage.api.v1.schemas.adopt_pet import AdoptionResult
from petsage.services.adopt_pet_service import create_adopt_pet

router = APIRouter()


@router.post(
    "/pets/adopt",
    name="adopt_pet_route",
    response_model=AdoptionResult,
    summary="Adopt a pet",
    tags=["Pets", "Adoption"],
)
async def adopt_pet_route() -> AdoptionResult:
    """Endpoint: Adopt Pet.

    Adopt a pet from the shelter. Records who adopted which pet, when, and what it cost,
    so that the shelter can follow up with the new family.
    """
    return create_adopt_pet()
