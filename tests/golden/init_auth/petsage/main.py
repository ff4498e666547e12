"""The FastAPI application."""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from petsage.api.v1.api import api_v1_router
from petsage.security import secret_key


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncGenerator[None, None]:
    """At start-up: refuse to serve without the key that signs the tokens (a
    RuntimeError that says how to set it)."""
    secret_key()
    yield


app = FastAPI(title="petsage", lifespan=lifespan)
app.include_router(api_v1_router, prefix="/api/v1")
