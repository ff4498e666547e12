"""Smoke Test: business logic."""

from petsage.api.v1.schemas.smoke_test import SmokeTestResponse


def get_smoke_test() -> SmokeTestResponse:
    """Build the SmokeTestResponse.

    Ensure builder functional
    """
    return SmokeTestResponse(
        status="ok",
        message="PetSage Backend Builder is functional!",
    )
