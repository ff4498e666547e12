"""Replace Note: request and response schemas.

Replace the note of a visit.
"""

from datetime import datetime, timezone

from pydantic import BaseModel, ConfigDict, Field


class ReplaceNoteRequest(BaseModel):
    """The Replace Note request body."""

    text: str = Field(
        ...,
        examples=["Calm and healthy"],
    )
    tags: list[str] = Field(
        default=[],
        examples=[["calm"]],
    )
    due: datetime | None = Field(
        default=datetime(2026, 7, 1, 0, 0, tzinfo=timezone.utc),
        examples=["2026-07-01T00:00:00Z"],
    )


class ReplaceNoteResponse(BaseModel):
    """The Replace Note response."""

    model_config = ConfigDict(from_attributes=True)

    text: str = Field(
        ...,
        examples=["Calm and healthy"],
    )
    updated: bool = Field(
        ...,
        examples=[True],
    )
