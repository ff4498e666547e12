"""The FastAPI application."""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from petsage.api.v1.api import api_v1_router
from petsage.db import create_db_and_tables


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncGenerator[None, None]:
    """Create the database tables at start-up."""
    create_db_and_tables()
    yield


app = FastAPI(title="petsage", lifespan=lifespan)
app.include_router(api_v1_router, prefix="/api/v1")
