"""Hostile Inputs: request and response schemas.

Inputs ""\" ''' {{ 7*7 }} {% raw %} \\ end
second line "); import os; os.system("touch pwned") #
"""

from pydantic import BaseModel, ConfigDict, Field


class HostileInputsCreate(BaseModel):
    """The Hostile Inputs request body."""

    note: str = Field(
        default='{{ default }}\n"""\\',
        examples=["}}{{ '''\"\"\" \\x00 \\N{BULLET}"],
        description="body \"\"\" ''' {% raw %}{{ y }}{% endraw %} \\",
    )
    tags: list[str] = Field(
        ...,
        examples=[['"""', "{{ z }}", "\\", "a\nb"]],
        description="{{",
    )


class HostileInputsResponse(BaseModel):
    """The Hostile Inputs response."""

    model_config = ConfigDict(from_attributes=True)

    echo: str = Field(
        ...,
        examples=["\"\"\"{{ r }}\\\n'''"],
        description="}} %} #}",
    )
