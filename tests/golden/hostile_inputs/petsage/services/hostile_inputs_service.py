"""Hostile Inputs: business logic."""

from typing import Annotated

from fastapi import Depends, HTTPException

from petsage.api.v1.schemas.hostile_inputs import (
    HostileInputsCreate,
    HostileInputsResponse,
)


class HostileInputsNotFoundError(HTTPException):
    """The documented 404 response; raise it from the service."""

    def __init__(self) -> None:
        super().__init__(
            status_code=404,
            detail="nf \"\"\" ''' {{ e }} {% e %} \\",
        )


class HostileInputsConflictError(HTTPException):
    """The documented 409 response; raise it from the service."""

    def __init__(self) -> None:
        super().__init__(
            status_code=409,
            detail='\\"); raise SystemExit(1); ("',
        )


class HostileInputsService:
    """The Hostile Inputs service."""

    def create(
        self,
        slug: str,
        body: HostileInputsCreate,
        q: str = '"""; import os; os.system(\'touch pwned\'); """\n{{ q }}\\',
    ) -> HostileInputsResponse:
        """Build the HostileInputsResponse.

        Inputs ""\" ''' {{ 7*7 }} {% raw %} \\ end
        second line "); import os; os.system("touch pwned") #

        Raises:
        - HostileInputsNotFoundError (404): nf ""\" ''' {{ e }} {% e %} \\
        - HostileInputsConflictError (409): \\"); raise SystemExit(1); ("
        """
        # The example below uses no argument; your logic will.
        del slug, body, q
        return HostileInputsResponse(
            echo="\"\"\"{{ r }}\\\n'''",
        )


def get_hostile_inputs_service() -> HostileInputsService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return HostileInputsService()


HostileInputsServiceDep = Annotated[
    HostileInputsService,
    Depends(get_hostile_inputs_service),
]
