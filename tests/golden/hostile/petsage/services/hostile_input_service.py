"""Hostile Input: business logic."""

from petsage.api.v1.schemas.hostile_input import HostileInputResponse


def delete_hostile_input() -> HostileInputResponse:
    """Build the HostileInputResponse.

    "Starts with a quote

    ""\" ''' \\ {{ x }} {% if y %} "); import os; os.system("x
    # heading? | table | <b>html</b>
    - list [link](http://x) `code` *em* _u_ ~~s~~ $math$ &amp;
    tabbed
    yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
    yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\\

    Très «long» texte — 日本語のテキスト, "quoted", 'single', back\\slash; Très «long»
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
    日本語のテキスト, "quoted", 'single', back\\slash; Très «long» texte —
    日本語のテキスト, "quoted", 'single', back\\slash; fin\\
    """
    return HostileInputResponse(
        status='""" \'\'\' \\ {{ x }} {% if y %} "); import os; os.system("x',
        trailing="backslash at the end \\",
        quote_edges="'both ends'",
        multi_line="line one\nline two\r\n\ttabbed",
        very_long=(
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
        unbroken=(
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxx"
        ),
        wide=(
            "日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日"
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
            "\\n is not a newline \\n is not a newline \\n is not a newline \\n is "
            "not a newline \\n is not a newline \\n is not a newline ",
            "",
        ],
        none_text=None,
    )
