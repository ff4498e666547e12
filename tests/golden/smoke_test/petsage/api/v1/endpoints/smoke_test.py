"""Smoke Test: API endpoint."""

from fastapi import APIRouter

from petsage.api.v1.schemas.smoke_test import SmokeTestResponse
from petsage.services.smoke_test_service import SmokeTestServiceDep

router = APIRouter()


@router.get(
    "/smoke-test",
    name="smoke_test_route",
    status_code=200,
    summary="Perform a system smoke test",
    tags=["System Health"],
)
def smoke_test_route(service: SmokeTestServiceDep) -> SmokeTestResponse:
    """Endpoint: Smoke Test.

    Ensure builder functional
    """
    return service.get()
