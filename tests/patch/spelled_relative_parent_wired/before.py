from fastapi import APIRouter

from ..v1.endpoints import smoke_test as s

api_v1_router = APIRouter()
api_v1_router.include_router(s.router)
