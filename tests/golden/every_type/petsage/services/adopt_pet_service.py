"""Adopt Pet: business logic."""

from petsage.api.v1.schemas.adopt_pet import AdoptionResult


def create_adopt_pet() -> AdoptionResult:
    """Build the AdoptionResult.

    Adopt a pet from the shelter. Records who adopted which pet, when, and what it cost,
    so that the shelter can follow up with the new family.
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
