from fastapi import APIRouter

from petsage.api.deps import require_user
from petsage.api.v1.endpoints import smoke_test
from petsage.core.config import settings

api_v1_router = APIRouter(dependencies=[require_user], prefix=settings.API_PREFIX)
api_v1_router.include_router(smoke_test.router)
