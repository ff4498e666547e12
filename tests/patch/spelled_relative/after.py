from fastapi import APIRouter

from .endpoints import items, smoke_test

api_v1_router = APIRouter()
api_v1_router.include_router(items.router)
api_v1_router.include_router(smoke_test.router)
