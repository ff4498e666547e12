"""Aggregator without imports (they come from a star import elsewhere)."""

from petsage.api.v1.endpoints import smoke_test

api_v1_router = APIRouter()  # noqa: F821
api_v1_router.include_router(smoke_test.router)
