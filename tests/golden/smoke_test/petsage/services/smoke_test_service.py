"""Smoke Test: business logic."""

from typing import Annotated

from fastapi import Depends

from petsage.api.v1.schemas.smoke_test import SmokeTestResponse


class SmokeTestService:
    """The Smoke Test service."""

    def get(self) -> SmokeTestResponse:
        """Build the SmokeTestResponse.

        Ensure builder functional
        """
        return SmokeTestResponse(
            status="ok",
            message="PetSage Backend Builder is functional!",
        )


def get_smoke_test_service() -> SmokeTestService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return SmokeTestService()


SmokeTestServiceDep = Annotated[
    SmokeTestService,
    Depends(get_smoke_test_service),
]
