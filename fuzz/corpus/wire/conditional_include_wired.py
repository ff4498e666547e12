from fastapi import APIRouter

from petsage.api.v1.endpoints import items, smoke_test
from petsage.core.config import settings

api_v1_router = APIRouter()
api_v1_router.include_router(items.router)

if settings.ENVIRONMENT == "local":
    api_v1_router.include_router(smoke_test.router)
