"""Hostile Inputs: request and response schemas.

Inputs ""\" ''' {{ 7*7 }} {% raw %} \\ end
second line "); import os; os.system("touch pwned") #
"""

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


class HostileInputsCreate(BaseModel):
    """The Hostile Inputs request body."""

    note: Text = Field(
        default='{{ default }}\n"""\\',
        examples=["}}{{ '''\"\"\" \\x00 \\N{BULLET}"],
        description="body \"\"\" ''' {% raw %}{{ y }}{% endraw %} \\",
    )
    tags: list[Text] = Field(
        ...,
        examples=[['"""', "{{ z }}", "\\", "a\nb"]],
        description="{{",
    )

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """What JSON cannot echo back, made what the fields refuse."""
        return echo_safe(data)


class HostileInputsResponse(BaseModel):
    """The Hostile Inputs response."""

    model_config = ConfigDict(from_attributes=True)

    echo: str = Field(
        ...,
        examples=["\"\"\"{{ r }}\\\n'''"],
        description="}} %} #}",
    )
