"""Pet Visits: request and response schemas.

Record a visit of a pet to the vet.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Urgency = Literal["low", "normal", "high"]


class VisitCreate(BaseModel):
    """The Pet Visits request body."""

    reason: str = Field(
        ...,
        examples=["Checkup"],
        description="Why the pet came",
    )
    visited_on: date = Field(
        ...,
        examples=["2026-11-30"],
    )
    urgency: Urgency = Field(
        default="normal",
        examples=["high"],
    )
    weight_kg: Decimal | None = Field(
        default=None,
        examples=["12.50"],
    )


class Visit(BaseModel):
    """The Pet Visits response."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(
        ...,
        examples=["0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f"],
    )
    reason: str = Field(
        ...,
        examples=["Checkup"],
    )
    visited_on: date = Field(
        ...,
        examples=["2026-11-30"],
    )
    seen_at: datetime = Field(
        ...,
        examples=["2026-11-30T10:15:00Z"],
    )
    notes: list[str] = Field(
        ...,
        examples=[["calm", "healthy"]],
    )
    weight: float = Field(
        ...,
        examples=[12.5],
    )
