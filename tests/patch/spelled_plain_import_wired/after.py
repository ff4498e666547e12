import petsage.api.v1.endpoints.smoke_test as smoke_routes
from fastapi import APIRouter

api_v1_router = APIRouter()
api_v1_router.include_router(smoke_routes.router, prefix="/smoke")
