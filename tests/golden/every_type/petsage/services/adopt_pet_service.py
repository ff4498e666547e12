"""Adopt Pet: business logic."""

from typing import Annotated

from fastapi import Depends

from petsage.api.v1.schemas.adopt_pet import AdoptionResult


class AdoptPetService:
    """The Adopt Pet service."""

    def create(self) -> AdoptionResult:
        """Build the AdoptionResult.

        Adopt a pet from the shelter. Records who adopted which pet, when, and what it
        cost, so that the shelter can follow up with the new family.
        """
        return AdoptionResult(
            pet_name="Rex",
            age_months=14,
            fee=49.5,
            whole_fee=50.0,
            vaccinated=True,
            traits=["friendly", "house-trained"],
            kennel_ids=[3, 14, 15],
            chip_id=None,
            nickname="Rexy",
            weight_kg=12.25,
            neutered=None,
            notes=[],
            siblings=[-1, 9007199254740993],
        )


def get_adopt_pet_service() -> AdoptPetService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return AdoptPetService()


AdoptPetServiceDep = Annotated[
    AdoptPetService,
    Depends(get_adopt_pet_service),
]
