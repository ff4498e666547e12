import os

from fastapi import APIRouter

api_v1_router = APIRouter()
