"""Pets: the table model and the schemas of the resource.

The pets of our customers.
"""

from datetime import date
from typing import Literal

from pydantic import field_validator
from sqlalchemy import JSON
from sqlmodel import AutoString, Field, SQLModel

Species = Literal["dog", "cat", "bird"]


class PetBase(SQLModel):
    """The fields a client sends and receives."""

    name: str = Field(
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
    tags: list[str] = Field(
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

    name: str | None = Field(
        default=None,
        description="The pet's name",
        schema_extra={
            "examples": ["Rex"],
        },
    )
    species: Species | None = Field(
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
    tags: list[str] | None = Field(
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


class PetsPublic(SQLModel):
    """A page of Pet items and the total count."""

    data: list[PetPublic]
    count: int
