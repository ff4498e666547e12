"""Hostile Input: business logic."""

from typing import Annotated

from fastapi import Depends

from petsage.api.v1.schemas.hostile_input import HostileInputResponse


class HostileInputService:
    """The Hostile Input service."""

    def delete(self) -> HostileInputResponse:
        """Build the HostileInputResponse.

        "Starts with a quote

        ""\" ''' \\ {{ x }} {% if y %} "); import os; os.system("x
        # heading? | table | <b>html</b>
        - list [link](http://x) `code` *em* _u_ ~~s~~ $math$ &amp;
        tabbed
        yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
        yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\\

        Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très
        «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long»
        texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
        日本語のテキスト, "quoted", 'single', back\\slash; fin\\
        """
        return HostileInputResponse(
            status='""" \'\'\' \\ {{ x }} {% if y %} "); import os; os.system("x',
            trailing="backslash at the end \\",
            quote_edges="'both ends'",
            multi_line="line one\nline two\r\n\ttabbed",
            very_long=(
                "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', "
                'back\\slash; Très «long» texte — 日本語のテキスト, "quoted", '
                "'single', back\\slash; Très «long» texte — 日本語のテキスト, "
                "\"quoted\", 'single', back\\slash; Très «long» texte — "
                "日本語のテキスト, \"quoted\", 'single', back\\slash; Très «long» "
                "texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; Très "
                "«long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
                "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', "
                'back\\slash; Très «long» texte — 日本語のテキスト, "quoted", '
                "'single', back\\slash; Très «long» texte — 日本語のテキスト, "
                "\"quoted\", 'single', back\\slash; Très «long» texte — "
                "日本語のテキスト, \"quoted\", 'single', back\\slash; Très «long» "
                "texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; Très "
                "«long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
                "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', "
                'back\\slash; Très «long» texte — 日本語のテキスト, "quoted", '
                "'single', back\\slash; Très «long» texte — 日本語のテキスト, "
                "\"quoted\", 'single', back\\slash; Très «long» texte — "
                "日本語のテキスト, \"quoted\", 'single', back\\slash; Très «long» "
                "texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; Très "
                "«long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; "
                "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', "
                'back\\slash; Très «long» texte — 日本語のテキスト, "quoted", '
                "'single', back\\slash; Très «long» texte — 日本語のテキスト, "
                "\"quoted\", 'single', back\\slash; Très «long» texte — "
                "日本語のテキスト, \"quoted\", 'single', back\\slash; Très «long» "
                "texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; Très "
                "«long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash;  "
                "fin\\"
            ),
            unbroken=(
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxxxxxxxxxxxxxxxxxx"
            ),
            wide=(
                "日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日"
                "日日"
            ),
            emoji=(
                "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
                "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
                "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
                "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
                "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
                "\U0001f600\U0001f600"
            ),
            escapes=[
                "\u202ebidi\u200bzero-width\u2028sep",
                "\\n is not a newline \\n is not a newline \\n is not a newline \\n "
                "is not a newline \\n is not a newline \\n is not a newline ",
                "",
            ],
            none_text=None,
        )


def get_hostile_input_service() -> HostileInputService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return HostileInputService()


HostileInputServiceDep = Annotated[
    HostileInputService,
    Depends(get_hostile_input_service),
]
