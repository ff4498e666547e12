"""{{ cookiecutter.title }}: API endpoint."""

from fastapi import APIRouter

from {{ cookiecutter.package }}.api.v1.schemas.{{ cookiecutter.feature_name }} import {{ cookiecutter.model }}
from {{ cookiecutter.package }}.services.{{ cookiecutter.feature_name }}_service import get_{{ cookiecutter.feature_name }}

router = APIRouter()


@router.{{ cookiecutter.method | lower }}(
    "/{{ cookiecutter.kebab }}",
    name="{{ cookiecutter.feature_name }}_route",
    response_model={{ cookiecutter.model }},
    summary={{ cookiecutter.summary | tojson }},
    tags=[{{ cookiecutter.tag | tojson }}],
)
async def {{ cookiecutter.feature_name }}_route() -> {{ cookiecutter.model }}:
    """Endpoint: {{ cookiecutter.title }}.

    {{ cookiecutter.description }}
    """
    return get_{{ cookiecutter.feature_name }}()
