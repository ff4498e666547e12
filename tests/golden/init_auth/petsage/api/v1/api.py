"""API v1: the router that every endpoint module is included in."""

from fastapi import APIRouter

from petsage.api.v1.endpoints import login, users

api_v1_router = APIRouter()
api_v1_router.include_router(login.router)
api_v1_router.include_router(users.router)
