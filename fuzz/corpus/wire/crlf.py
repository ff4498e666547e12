from fastapi import APIRouter

from petsage.api.v1.endpoints import items

# Registered endpoints
api_v1_router = APIRouter()
api_v1_router.include_router(items.router)
