"""The FastAPI application."""

from fastapi import FastAPI

from petsage.api.v1.api import api_v1_router

app = FastAPI(title="petsage")
app.include_router(api_v1_router, prefix="/api/v1")
