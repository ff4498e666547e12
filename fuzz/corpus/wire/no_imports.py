"""Aggregator without imports (they come from a star import elsewhere)."""

api_v1_router = APIRouter()  # noqa: F821
