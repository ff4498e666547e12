"""Vaccinations: the schemas of the resource.

The vaccinations a pet has had.
"""

from datetime import datetime, timezone
from math import isfinite
from typing import Annotated, Literal, cast

from pydantic import (
    AfterValidator,
    AwareDatetime,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from sqlmodel import Field, SQLModel

# What the columns can hold, so that anything else is a 422: an INTEGER has 32 bits,
# text has no NUL on PostgreSQL (nor a lone surrogate, which echo_safe makes a NUL).
Text = Annotated[str, StringConstraints(pattern="^[^\\x00]*$")]


def in_utc(value: datetime) -> datetime:
    """The instant in UTC, as it is stored; refused if that leaves the calendar."""
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None


# Only aware datetimes (a naive one is a 422), kept in UTC.
UtcDatetime = Annotated[AwareDatetime, AfterValidator(in_utc)]


# An update's `vaccine`: its constraints hold for a value; it may be left out.
VaccinationVaccinePatch = Annotated[Text, Field(min_length=1, max_length=100)]


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


class VaccinationBase(SQLModel):
    """The fields a client sends and receives."""

    vaccine: Text = Field(
        ...,
        min_length=1,
        max_length=100,
        schema_extra={
            "examples": ["Rabies"],
        },
    )
    batch: Text | None = Field(
        default=None,
        description="The vial's batch number",
        max_length=40,
        schema_extra={
            "examples": ["B-1042"],
        },
    )
    given_at: UtcDatetime = Field(
        ...,
        schema_extra={
            "examples": ["2026-11-30T10:00:00Z"],
        },
    )


class VaccinationCreate(VaccinationBase):
    """The body that creates one Vaccination."""

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


class VaccinationUpdate(SQLModel):
    """A partial update: only the fields that are sent change."""

    vaccine: VaccinationVaccinePatch | SkipJsonSchema[None] = Field(
        default=None,
        schema_extra={
            "examples": ["Rabies"],
        },
    )
    batch: Text | None = Field(
        default=None,
        description="The vial's batch number",
        max_length=40,
        schema_extra={
            "examples": ["B-1042"],
        },
    )
    given_at: UtcDatetime | SkipJsonSchema[None] = Field(
        default=None,
        schema_extra={
            "examples": ["2026-11-30T10:00:00Z"],
        },
    )

    @field_validator(
        "vaccine",
        "given_at",
    )
    @classmethod
    def reject_null(cls, value: object) -> object:
        """A field the table requires may be left out, but not set to null."""
        if value is None:
            raise ValueError("may be left out, but not null")
        return value

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


# What the list's `sort` may name: a field, `-` before it for descending.
VaccinationSort = Literal[
    "given_at",
    "-given_at",
]


class VaccinationQuery(SQLModel):
    """The list's query: every filter given holds (bounds inclusive); the sort."""

    vaccine: Text | None = None
    given_at: UtcDatetime | None = None
    given_at_min: UtcDatetime | None = None
    given_at_max: UtcDatetime | None = None
    sort: VaccinationSort | None = None


class VaccinationPublic(VaccinationBase):
    """One Vaccination as the API returns it."""

    id: int
    pet_id: int
    created_at: datetime
    updated_at: datetime


class VaccinationsPublic(SQLModel):
    """A page of Vaccination items and the total count."""

    data: list[VaccinationPublic]
    count: int
