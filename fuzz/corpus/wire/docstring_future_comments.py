"""The v1 API: every endpoint module is registered here."""

from __future__ import annotations

# Web framework
from fastapi import APIRouter  # the router class

# One router for the whole v1 API.
api_v1_router = APIRouter()  # the aggregator

# Endpoints are included by petsage-build; keep this comment.
