"""Hostile Input: response schema.

"Starts with a quote

""\" ''' \\ {{ x }} {% if y %} "); import os; os.system("x
# heading? | table | <b>html</b>
- list [link](http://x) `code` *em* _u_ ~~s~~ $math$ &amp;
tabbed
yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\\

Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte
— 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très
«long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très
«long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très
«long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; fin\\

Requirements:
- ""\" ''' \\ {{ x }} {% if y %} "); import os; os.system("x
- ends with a backslash \\
- ""\"""\"
- Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long»
texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très
«long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très
«long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très
«long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト,
"quoted", 'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted",
'single', back\\slash; Très «long» texte — 日本語のテキスト, "quoted", 'single',
back\\slash; fin\\
"""

from pydantic import BaseModel, ConfigDict, Field


class HostileInputResponse(BaseModel):
    """The Hostile Input response."""

    model_config = ConfigDict(from_attributes=True)

    status: str = Field(
        ...,
        examples=['""" \'\'\' \\ {{ x }} {% if y %} "); import os; os.system("x'],
        description='""" \'\'\' \\ {{ x }} {% if y %} "); import os; os.system("x',
    )
    trailing: str = Field(
        ...,
        examples=["backslash at the end \\"],
        description='"q"',
    )
    quote_edges: str = Field(
        ...,
        examples=["'both ends'"],
        description="'",
    )
    multi_line: str = Field(
        ...,
        examples=["line one\nline two\r\n\ttabbed"],
    )
    very_long: str = Field(
        ...,
        examples=[
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
            "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', "
            "back\\slash;  fin\\",
        ],
        description=(
            "A very long description of a field. A very long description of a field. A "
            "very long description of a field. A very long description of a field. A "
            "very long description of a field."
        ),
    )
    unbroken: str = Field(
        ...,
        examples=[
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxx",
        ],
    )
    wide: str = Field(
        ...,
        examples=[
            "日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日"
            "日",
        ],
    )
    emoji: str = Field(
        ...,
        examples=[
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"
            "\U0001f600\U0001f600",
        ],
    )
    escapes: list[str] = Field(
        ...,
        examples=[
            [
                "\u202ebidi\u200bzero-width\u2028sep",
                "\\n is not a newline \\n is not a newline \\n is not a newline \\n "
                "is not a newline \\n is not a newline \\n is not a newline ",
                "",
            ],
        ],
        description="Invisible characters stay visible as escapes.",
    )
    none_text: str | None = Field(
        default=None,
        examples=[None],
        description="{{ none }}",
    )
