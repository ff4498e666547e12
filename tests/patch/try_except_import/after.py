from fastapi import APIRouter

try:
    import orjson
except ImportError:  # pragma: no cover
    orjson = None

from petsage.api.v1.endpoints import smoke_test

api_v1_router = APIRouter()

api_v1_router.include_router(smoke_test.router)
HAS_ORJSON = orjson is not None
