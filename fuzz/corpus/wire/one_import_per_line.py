from fastapi import APIRouter

from petsage.api.v1.endpoints import health
from petsage.api.v1.endpoints import users

api_v1_router = APIRouter()
api_v1_router.include_router(health.router)
api_v1_router.include_router(users.router)
