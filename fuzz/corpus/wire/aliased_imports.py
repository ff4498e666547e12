from fastapi import APIRouter

from petsage.api.v1.endpoints import items as items_ep, users as users_ep

api_v1_router = APIRouter()
api_v1_router.include_router(items_ep.router)
api_v1_router.include_router(users_ep.router)
