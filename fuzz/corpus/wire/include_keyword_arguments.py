from fastapi import APIRouter, Depends

from petsage.api.deps import require_user
from petsage.api.v1.endpoints import items, users

api_v1_router = APIRouter()
api_v1_router.include_router(
    items.router,
    prefix="/items",
    tags=["items"],
)
api_v1_router.include_router(
    users.router, prefix="/users", tags=["users"], dependencies=[Depends(require_user)]
)
