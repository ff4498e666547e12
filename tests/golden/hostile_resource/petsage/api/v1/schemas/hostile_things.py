"""Hostile Things: the schemas of the resource.

Things ""\" ''' {{ 7*7 }} {% raw %} \\ end
line two
"""

from math import isfinite
from typing import Annotated, cast

from pydantic import StringConstraints, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema
from sqlmodel import Field, SQLModel

# What the columns can hold, so that anything else is a 422: an INTEGER has 32 bits,
# text has no NUL on PostgreSQL (nor a lone surrogate, which echo_safe makes a NUL).
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
        schema_extra={
            "examples": [["'''", "{%", "\\\\"]],
        },
    )


class HostileThingCreate(HostileThingBase):
    """The body that creates one HostileThing."""

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


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

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


class HostileThingPublic(HostileThingBase):
    """One HostileThing as the API returns it."""

    id: int


class HostileThingsPublic(SQLModel):
    """A page of HostileThing items and the total count."""

    data: list[HostileThingPublic]
    count: int
