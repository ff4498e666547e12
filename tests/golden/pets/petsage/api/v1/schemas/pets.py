"""Pets: the table model and the schemas of the resource.

The pets of our customers.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import JSON
from sqlmodel import AutoString, Field, SQLModel

Species = Literal["dog", "cat", "bird"]

# What the columns can hold, so that anything else is a 422: an INTEGER has 32 bits,
# text has no NUL on PostgreSQL, nor a lone surrogate (not UTF-8), a float is finite.
SURROGATES = dict.fromkeys(range(55296, 57344), 0)  # U+D800 to U+DFFF


def surrogates_as_nul(value: object) -> object:
    """A lone surrogate as NUL, which the pattern refuses: the 422 echoes the input,
    and FastAPI writes it as UTF-8, where a surrogate would be a 500."""
    return value.translate(SURROGATES) if isinstance(value, str) else value


Text = Annotated[
    str,
    StringConstraints(pattern="^[^\\x00]*$"),
    BeforeValidator(surrogates_as_nul),
]


class PetBase(SQLModel):
    """The fields a client sends and receives."""

    name: Text = Field(
        ...,
        description="The pet's name",
        schema_extra={
            "examples": ["Rex"],
        },
    )
    species: Species = Field(
        ...,
        sa_type=AutoString,
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
        sa_type=JSON,
        schema_extra={
            "examples": [["friendly"]],
        },
    )


class Pet(PetBase, table=True):
    """The Pet table."""

    id: int | None = Field(default=None, primary_key=True)


class PetCreate(PetBase):
    """The body that creates one Pet."""


class PetUpdate(SQLModel):
    """A partial update: only the fields that are sent change."""

    name: Text | SkipJsonSchema[None] = Field(
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


class PetPublic(PetBase):
    """One Pet as the API returns it."""

    id: int


class PetErrorBody(SQLModel):
    """The body of an error response, as FastAPI writes an HTTPException."""

    detail: str


class PetsPublic(SQLModel):
    """A page of Pet items and the total count."""

    data: list[PetPublic]
    count: int
