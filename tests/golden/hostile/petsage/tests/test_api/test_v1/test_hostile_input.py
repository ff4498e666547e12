"""Hostile Input: endpoint tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from petsage.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Not `with TestClient(...)`: the app's start-up may open the database that
    # DATABASE_URL names (it creates the tables there); tests never touch it.
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_hostile_input(client: TestClient) -> None:
    url = app.url_path_for("hostile_input_route")
    response = client.delete(url)
    assert response.status_code == 200
    assert response.json() == {
        "status": '""" \'\'\' \\ {{ x }} {% if y %} "); import os; os.system("x',
        "trailing": "backslash at the end \\",
        "quote_edges": "'both ends'",
        "multi_line": "line one\nline two\r\n\ttabbed",
        "very_long": (
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash;  "
            "fin\\"
        ),
        "unbroken": (
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxx"
        ),
        "wide": (
            "日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日"
        ),
        "emoji": (
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600"
        ),
        "escapes": [
            "\u202ebidi\u200bzero-width\u2028sep",
            "\\n is not a newline \\n is not a newline \\n is not a newline \\n is "
            "not a newline \\n is not a newline \\n is not a newline ",
            "",
        ],
        "none_text": None,
    }
