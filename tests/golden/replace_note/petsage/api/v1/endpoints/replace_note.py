"""Replace Note: API endpoint."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path

from petsage.api.v1.schemas.replace_note import ReplaceNoteRequest, ReplaceNoteResponse
from petsage.services.replace_note_service import ReplaceNoteServiceDep

router = APIRouter()


@router.put(
    "/visits/{visit_id}/note",
    name="replace_note_route",
    status_code=200,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
        },
    },
    summary="Replace Note",
    tags=["Replace Note"],
)
def replace_note_route(
    visit_id: Annotated[
        UUID,
        Path(
            examples=["6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"],
        ),
    ],
    body: ReplaceNoteRequest,
    service: ReplaceNoteServiceDep,
) -> ReplaceNoteResponse:
    """Endpoint: Replace Note.

    Replace the note of a visit.
    """
    return service.replace(
        visit_id=visit_id,
        body=body,
    )
