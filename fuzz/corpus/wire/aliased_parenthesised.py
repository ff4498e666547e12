from fastapi import APIRouter

from petsage.api.v1.endpoints import (
    items as items_endpoints,  # renamed: clashes with petsage.models.items
    users,
)

api_v1_router = APIRouter()
api_v1_router.include_router(items_endpoints.router)
api_v1_router.include_router(users.router)
