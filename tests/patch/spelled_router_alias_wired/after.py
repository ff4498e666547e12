from fastapi import APIRouter

from petsage.api.v1.endpoints.smoke_test import router as smoke_test_router

api_v1_router = APIRouter()
api_v1_router.include_router(smoke_test_router)
