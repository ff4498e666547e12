"""API v1: the router that every endpoint module is included in."""

from fastapi import APIRouter

api_v1_router = APIRouter()
