"""List Visits: response schema.

The visits of one pet, newest first.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["checkup", "surgery"]


class VisitSummary(BaseModel):
    """The List Visits response."""

    model_config = ConfigDict(from_attributes=True)

    visit_id: UUID = Field(
        ...,
        examples=["6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"],
    )
    seen_at: datetime = Field(
        ...,
        examples=["2026-06-02T09:30:00.250000-05:30"],
    )
    cost: Decimal | None = Field(
        default=None,
        examples=["99.90"],
    )
    days: list[date] = Field(
        ...,
        examples=[["2026-06-02", "2026-06-03"]],
    )
    kind: Kind = Field(
        ...,
        examples=["surgery"],
    )
    weight: float | None = Field(
        default=None,
        examples=[4.25],
    )
