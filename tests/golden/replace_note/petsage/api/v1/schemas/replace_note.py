"""Replace Note: request and response schemas.

Replace the note of a visit.
"""

from datetime import datetime, timezone
from math import isfinite
from typing import Annotated, cast

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

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


class ReplaceNoteRequest(BaseModel):
    """The Replace Note request body."""

    text: Text = Field(
        ...,
        examples=["Calm and healthy"],
    )
    tags: list[Text] = Field(
        default=[],
        examples=[["calm"]],
    )
    due: datetime | None = Field(
        default=datetime(2026, 7, 1, 0, 0, tzinfo=timezone.utc),
        examples=["2026-07-01T00:00:00Z"],
    )

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


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
