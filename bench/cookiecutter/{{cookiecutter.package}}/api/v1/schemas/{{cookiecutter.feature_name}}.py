"""{{ cookiecutter.title }}: response schema.

{{ cookiecutter.description }}
"""

from pydantic import BaseModel, ConfigDict, Field


class {{ cookiecutter.model }}(BaseModel):
    """The {{ cookiecutter.title }} response."""

    model_config = ConfigDict(from_attributes=True)
{% for name, field in cookiecutter.fields.items() %}
    {{ name }}: str = Field(
        ...,
        examples=[{{ field.example | tojson }}],
        description={{ field.description | tojson }},
    )
{%- endfor %}
