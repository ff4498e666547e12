"""{{ cookiecutter.title }}: business logic."""

from {{ cookiecutter.package }}.api.v1.schemas.{{ cookiecutter.feature_name }} import {{ cookiecutter.model }}


def get_{{ cookiecutter.feature_name }}() -> {{ cookiecutter.model }}:
    """Build the {{ cookiecutter.model }}.

    {{ cookiecutter.description }}
    """
    return {{ cookiecutter.model }}(
{%- for name, field in cookiecutter.fields.items() %}
        {{ name }}={{ field.example | tojson }},
{%- endfor %}
    )
