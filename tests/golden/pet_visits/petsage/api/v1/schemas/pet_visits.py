"""Pet Visits: request and response schemas.

Record a visit of a pet to the vet.
"""

from datetime import date, datetime
from decimal import Decimal
from math import isfinite
from typing import Annotated, Literal, cast
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Urgency = Literal["low", "normal", "high"]

# Text refuses NUL (and so a lone surrogate, which echo_safe makes a NUL).
Text = Annotated[str, StringConstraints(pattern="^[^\\x00]*$")]


SURROGATES = dict.fromkeys(range(55296, 57344), 0)  # U+D800 to U+DFFF


def echo_safe(value: object) -> object:
    """The input as a 422 may echo it. FastAPI writes the input back as JSON in UTF-8,
    which has no NaN, infinity or lone surrogate (a 500): such a float becomes text and
    such a surrogate a NUL, which the fields refuse."""
    if isinstance(value, float) and not isfinite(value):
        return str(value)
    if isinstance(value, str):
        return value.translate(SURROGATES)
    # isinstance leaves the items' types unknown; they are objects like the input.
    if isinstance(value, dict):
        items = cast("dict[object, object]", value).items()
        return {echo_safe(key): echo_safe(item) for key, item in items}
    if isinstance(value, list):
        return [echo_safe(item) for item in cast("list[object]", value)]
    return value


class VisitCreate(BaseModel):
    """The Pet Visits request body."""

    reason: Text = Field(
        ...,
        examples=["Checkup"],
        description="Why the pet came",
        min_length=1,
        max_length=200,
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
        ge=0,
    )

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


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
