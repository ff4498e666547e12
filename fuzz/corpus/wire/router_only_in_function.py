from fastapi import APIRouter


def make_router() -> APIRouter:
    api_v1_router = APIRouter()
    return api_v1_router
