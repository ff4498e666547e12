from fastapi import APIRouter

from petsage.api.v1.endpoints import smoke_test as st

api_v1_router = APIRouter()
