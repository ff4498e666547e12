from fastapi import APIRouter

api_v1_router = APIRouter(prefix="/v1")
api_v1_router.redirect_slashes = False
