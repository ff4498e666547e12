"""{{ cookiecutter.title }}: business logic."""

from typing import Annotated

from fastapi import Depends

from {{ cookiecutter.package }}.api.v1.schemas.{{ cookiecutter.feature_name }} import {{ cookiecutter.model }}


class {{ cookiecutter.service }}:
    """The {{ cookiecutter.title }} service."""

    def get(self) -> {{ cookiecutter.model }}:
        """Build the {{ cookiecutter.model }}.

        {{ cookiecutter.description }}
        """
        return {{ cookiecutter.model }}(
{%- for name, field in cookiecutter.fields.items() %}
            {{ name }}={{ field.example | tojson }},
{%- endfor %}
        )


def get_{{ cookiecutter.feature_name }}_service() -> {{ cookiecutter.service }}:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return {{ cookiecutter.service }}()


{{ cookiecutter.service }}Dep = Annotated[
    {{ cookiecutter.service }},
    Depends(get_{{ cookiecutter.feature_name }}_service),
]
