"""{{ cookiecutter.title }}: API endpoint."""

from fastapi import APIRouter

from {{ cookiecutter.package }}.api.v1.schemas.{{ cookiecutter.feature_name }} import {{ cookiecutter.model }}
from {{ cookiecutter.package }}.services.{{ cookiecutter.feature_name }}_service import {{ cookiecutter.service }}Dep

router = APIRouter()


@router.{{ cookiecutter.method | lower }}(
    "/{{ cookiecutter.kebab }}",
    name="{{ cookiecutter.feature_name }}_route",
    status_code={{ cookiecutter.status_code }},
    summary={{ cookiecutter.summary | tojson }},
    tags=[{{ cookiecutter.tag | tojson }}],
)
def {{ cookiecutter.feature_name }}_route(service: {{ cookiecutter.service }}Dep) -> {{ cookiecutter.model }}:
    """Endpoint: {{ cookiecutter.title }}.

    {{ cookiecutter.description }}
    """
    return service.get()
