from fastapi import APIRouter

try:
    import orjson
except ImportError:  # pragma: no cover
    orjson = None

api_v1_router = APIRouter()
HAS_ORJSON = orjson is not None
