"""Hostile Inputs: API endpoint."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from petsage.api.v1.schemas.hostile_inputs import (
    HostileInputsCreate,
    HostileInputsResponse,
)
from petsage.services.hostile_inputs_service import HostileInputsServiceDep

router = APIRouter()


@router.post(
    "/hostile/{slug}",
    name="hostile_inputs_route",
    status_code=201,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
        },
        404: {
            "description": "nf \"\"\" ''' {{ e }} {% e %} \\",
        },
        409: {
            "description": '\\"); raise SystemExit(1); ("',
        },
    },
    summary='{{ summary }} """ \\',
    tags=["{% endraw %}", "tag ''' \\"],
)
def hostile_inputs_route(
    slug: Annotated[
        str,
        Path(
            description="path \"\"\" ''' {{ x }} {% if %} \\",
            examples=["a-b.c~d_e"],
        ),
    ],
    body: HostileInputsCreate,
    service: HostileInputsServiceDep,
    q: Annotated[
        str,
        Query(
            description="query {# comment #} \\ '''",
            examples=["'''{% for x in y %}\\n\n\""],
        ),
    ] = '"""; import os; os.system(\'touch pwned\'); """\n{{ q }}\\',
) -> HostileInputsResponse:
    """Endpoint: Hostile Inputs.

    Inputs ""\" ''' {{ 7*7 }} {% raw %} \\ end
    second line "); import os; os.system("touch pwned") #
    """
    return service.create(
        slug=slug,
        body=body,
        q=q,
    )
