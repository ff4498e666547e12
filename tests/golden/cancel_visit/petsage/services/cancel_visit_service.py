"""Cancel Visit: business logic."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException


class CancelVisitNotFoundError(HTTPException):
    """The documented 404 response; raise it from the service."""

    def __init__(self) -> None:
        super().__init__(
            status_code=404,
            detail="Visit not found",
        )


class CancelVisitConflictError(HTTPException):
    """The documented 409 response; raise it from the service."""

    def __init__(self) -> None:
        super().__init__(
            status_code=409,
            detail="The visit has already happened",
        )


class CancelVisitService:
    """The Cancel Visit service."""

    def delete(
        self,
        visit_id: UUID,
    ) -> None:
        """Do the work.

        Cancel a planned visit.

        Raises:
        - CancelVisitNotFoundError (404): Visit not found
        - CancelVisitConflictError (409): The visit has already happened
        """
        # The example below uses no argument; your logic will.
        del visit_id
        return None


def get_cancel_visit_service() -> CancelVisitService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return CancelVisitService()


CancelVisitServiceDep = Annotated[
    CancelVisitService,
    Depends(get_cancel_visit_service),
]
