"""{{ cookiecutter.title }}: endpoint tests."""

from fastapi.testclient import TestClient

from {{ cookiecutter.package }}.main import app


def test_{{ cookiecutter.feature_name }}() -> None:
    with TestClient(app) as client:
        url = app.url_path_for("{{ cookiecutter.feature_name }}_route")
        response = client.{{ cookiecutter.method | lower }}(url)
    assert response.status_code == 200
    assert response.json() == {
{%- for name, field in cookiecutter.fields.items() %}
        {{ name | tojson }}: {{ field.example | tojson }},
{%- endfor %}
    }
