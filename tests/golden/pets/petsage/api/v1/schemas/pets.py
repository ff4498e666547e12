"""Pets: the schemas of the resource.

The pets of our customers.
"""

from datetime import date, datetime, timezone
from math import isfinite
from typing import Annotated, Literal, cast

from pydantic import (
    AfterValidator,
    AwareDatetime,
    FiniteFloat,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from sqlmodel import Field, SQLModel

Species = Literal["dog", "cat", "bird"]

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


def refuse_nul(value: str) -> str:
    """Text PostgreSQL can store: no NUL (a lone surrogate became one in echo_safe)."""
    if "\x00" in value:
        raise ValueError("may not hold NUL")
    return value


# `chip` matches its pattern, and holds no NUL.
PetChipText = Annotated[
    str,
    StringConstraints(pattern="^[0-9]{15}$"),
    AfterValidator(refuse_nul),
]


# An update's `name`: its constraints hold for a value; it may be left out.
PetNamePatch = Annotated[Text, Field(min_length=1, max_length=100)]


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


class PetBase(SQLModel):
    """The fields a client sends and receives."""

    name: Text = Field(
        ...,
        description="The pet's name",
        min_length=1,
        max_length=100,
        schema_extra={
            "examples": ["Rex"],
        },
    )
    species: Species = Field(
        ...,
        schema_extra={
            "examples": ["dog"],
        },
    )
    birth_date: date | None = Field(
        default=None,
        schema_extra={
            "examples": ["2020-05-01"],
        },
    )
    tags: list[Text] = Field(
        ...,
        schema_extra={
            "examples": [["friendly"]],
        },
    )
    chip: PetChipText | None = Field(
        default=None,
        description="The microchip number",
        max_length=15,
        schema_extra={
            "examples": ["900123456789012"],
        },
    )
    weight_kg: FiniteFloat | None = Field(
        default=None,
        ge=0,
        le=500,
        schema_extra={
            "examples": [12.5],
        },
    )


class PetCreate(PetBase):
    """The body that creates one Pet."""

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


class PetUpdate(SQLModel):
    """A partial update: only the fields that are sent change."""

    name: PetNamePatch | SkipJsonSchema[None] = Field(
        default=None,
        description="The pet's name",
        schema_extra={
            "examples": ["Rex"],
        },
    )
    species: Species | SkipJsonSchema[None] = Field(
        default=None,
        schema_extra={
            "examples": ["dog"],
        },
    )
    birth_date: date | None = Field(
        default=None,
        schema_extra={
            "examples": ["2020-05-01"],
        },
    )
    tags: list[Text] | SkipJsonSchema[None] = Field(
        default=None,
        schema_extra={
            "examples": [["friendly"]],
        },
    )
    chip: PetChipText | None = Field(
        default=None,
        description="The microchip number",
        max_length=15,
        schema_extra={
            "examples": ["900123456789012"],
        },
    )
    weight_kg: FiniteFloat | None = Field(
        default=None,
        ge=0,
        le=500,
        schema_extra={
            "examples": [12.5],
        },
    )

    @field_validator(
        "name",
        "species",
        "tags",
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
PetSort = Literal[
    "name",
    "-name",
    "weight_kg",
    "-weight_kg",
    "id",
    "-id",
]


class PetQuery(SQLModel):
    """The list's query: every filter given holds (bounds inclusive); the sort."""

    species: Species | None = None
    weight_kg: FiniteFloat | None = None
    weight_kg_min: FiniteFloat | None = None
    weight_kg_max: FiniteFloat | None = None
    created_at: UtcDatetime | None = None
    created_at_min: UtcDatetime | None = None
    created_at_max: UtcDatetime | None = None
    sort: PetSort | None = None


class PetPublic(PetBase):
    """One Pet as the API returns it."""

    id: int
    created_at: datetime
    updated_at: datetime


class PetsPublic(SQLModel):
    """A page of Pet items and the total count."""

    data: list[PetPublic]
    count: int
