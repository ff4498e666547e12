from fastapi import APIRouter

api_v1_router = APIRouter(
api_v1_router.include_router(items.router)
def
