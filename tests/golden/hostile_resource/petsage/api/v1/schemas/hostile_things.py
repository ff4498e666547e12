"""Hostile Things: the table model and the schemas of the resource.

Things ""\" ''' {{ 7*7 }} {% raw %} \\ end
line two
"""

from typing import Annotated

from pydantic import BeforeValidator, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

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


class HostileThingBase(SQLModel):
    """The fields a client sends and receives."""

    label: Text = Field(
        ...,
        description="label \"\"\" ''' {{ d }} {% if x %} \\",
        schema_extra={
            "examples": ['"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\'],
        },
    )
    note: Text | None = Field(
        default='{% raw %}"""\\',
        description="{{ note }}\\",
        schema_extra={
            "examples": ["'''\\n{# c #}"],
        },
    )
    words: list[Text] = Field(
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

    label: Text | SkipJsonSchema[None] = Field(
        default=None,
        description="label \"\"\" ''' {{ d }} {% if x %} \\",
        schema_extra={
            "examples": ['"""; import os; os.system(\'touch pwned\'); """\n{{ l }}\\'],
        },
    )
    note: Text | None = Field(
        default=None,
        description="{{ note }}\\",
        schema_extra={
            "examples": ["'''\\n{# c #}"],
        },
    )
    words: list[Text] | SkipJsonSchema[None] = Field(
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


class HostileThingErrorBody(SQLModel):
    """The body of an error response, as FastAPI writes an HTTPException."""

    detail: str


class HostileThingsPublic(SQLModel):
    """A page of HostileThing items and the total count."""

    data: list[HostileThingPublic]
    count: int
