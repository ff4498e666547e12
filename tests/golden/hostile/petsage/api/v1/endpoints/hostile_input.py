"""Hostile Input: API endpoint."""

from fastapi import APIRouter

from petsage.api.v1.schemas.hostile_input import HostileInputResponse
from petsage.services.hostile_input_service import HostileInputServiceDep

router = APIRouter()


@router.delete(
    "/hostile/input-x_y.z~",
    name="hostile_input_route",
    status_code=200,
    summary=(
        '""" \'\'\' \\ {{ x }} {% if y %} "); import os; os.system("x summary summary '
        "summary summary summary summary summary summary summary summary summary "
        "summary"
    ),
    tags=[
        '""" \'\'\' \\ {{ x }} {% if y %} "); import os; os.system("x',
        "'quoted tag'",
        "日本",
    ],
)
def hostile_input_route(service: HostileInputServiceDep) -> HostileInputResponse:
    """Endpoint: Hostile Input.

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
    return service.delete()
