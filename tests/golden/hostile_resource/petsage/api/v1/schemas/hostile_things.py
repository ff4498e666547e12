"""Hostile Things: the table model and the schemas of the resource.

Things ""\" ''' {{ 7*7 }} {% raw %} \\ end
line two
"""

from pydantic import field_validator
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


class HostileThingBase(SQLModel):
    """The fields a client sends and receives."""

    label: str = Field(
        ...,
        description="label \"\"\" ''' {{ d }} {% if x %} \\",
        schema_extra={
            "examples": ['"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\'],
        },
    )
    note: str | None = Field(
        default='{% raw %}"""\\',
        description="{{ note }}\\",
        schema_extra={
            "examples": ["'''\\n{# c #}"],
        },
    )
    words: list[str] = Field(
        ...,
        description='""" words',
        sa_type=JSON,
        schema_extra={
            "examples": [["'''", "{%", "\\\\"]],
        },
    )


class HostileThing(HostileThingBase, table=True):
    """The HostileThing table."""

    id: int | None = Field(default=None, primary_key=True)


class HostileThingCreate(HostileThingBase):
    """The body that creates one HostileThing."""


class HostileThingUpdate(SQLModel):
    """A partial update: only the fields that are sent change."""

    label: str | None = Field(
        default=None,
        description="label \"\"\" ''' {{ d }} {% if x %} \\",
        schema_extra={
            "examples": ['"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\'],
        },
    )
    note: str | None = Field(
        default=None,
        description="{{ note }}\\",
        schema_extra={
            "examples": ["'''\\n{# c #}"],
        },
    )
    words: list[str] | None = Field(
        default=None,
        description='""" words',
        schema_extra={
            "examples": [["'''", "{%", "\\\\"]],
        },
    )

    @field_validator(
        "label",
        "words",
    )
    @classmethod
    def reject_null(cls, value: object) -> object:
        """A field the table requires may be left out, but not set to null."""
        if value is None:
            raise ValueError("may be left out, but not null")
        return value


class HostileThingPublic(HostileThingBase):
    """One HostileThing as the API returns it."""

    id: int


class HostileThingsPublic(SQLModel):
    """A page of HostileThing items and the total count."""

    data: list[HostileThingPublic]
    count: int
