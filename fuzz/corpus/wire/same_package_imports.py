from fastapi import APIRouter

from petsage.api.deps import require_user
from petsage.core.config import settings

api_v1_router = APIRouter(dependencies=[require_user], prefix=settings.API_PREFIX)
