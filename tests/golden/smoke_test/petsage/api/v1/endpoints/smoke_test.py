"""Smoke Test: API endpoint."""

from fastapi import APIRouter

from petsage.api.v1.schemas.smoke_test import SmokeTestResponse
from petsage.services.smoke_test_service import get_smoke_test

router = APIRouter()


@router.get(
    "/smoke-test",
    name="smoke_test_route",
    response_model=SmokeTestResponse,
    summary="Perform a system smoke test",
    tags=["System Health"],
)
async def smoke_test_route() -> SmokeTestResponse:
    """Endpoint: Smoke Test.

    Ensure builder functional
    """
    return get_smoke_test()
