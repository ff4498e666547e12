"""Cancel Visit: API endpoint."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path

from petsage.services.cancel_visit_service import CancelVisitServiceDep

router = APIRouter()


@router.delete(
    "/visits/{visit_id}",
    name="cancel_visit_route",
    status_code=204,
    responses={
        404: {
            "description": "Visit not found",
        },
        409: {
            "description": "The visit has already happened",
        },
    },
    summary="Cancel Visit",
    tags=["Cancel Visit"],
)
def cancel_visit_route(
    visit_id: Annotated[
        UUID,
        Path(
            examples=["6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"],
        ),
    ],
    service: CancelVisitServiceDep,
) -> None:
    """Endpoint: Cancel Visit.

    Cancel a planned visit.
    """
    service.delete(
        visit_id=visit_id,
    )
