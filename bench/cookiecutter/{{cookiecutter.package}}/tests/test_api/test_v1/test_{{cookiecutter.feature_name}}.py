"""{{ cookiecutter.title }}: endpoint tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package }}.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Not `with TestClient(...)`: the app's start-up may open the database that
    # DATABASE_URL names (it creates the tables there); tests never touch it.
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_{{ cookiecutter.feature_name }}(client: TestClient) -> None:
    url = app.url_path_for("{{ cookiecutter.feature_name }}_route")
    response = client.{{ cookiecutter.method | lower }}(url)
    assert response.status_code == {{ cookiecutter.status_code }}
    assert response.json() == {
{%- for name, field in cookiecutter.fields.items() %}
        {{ name | tojson }}: {{ field.example | tojson }},
{%- endfor %}
    }
