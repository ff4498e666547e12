"""Replace Note: business logic."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from petsage.api.v1.schemas.replace_note import ReplaceNoteRequest, ReplaceNoteResponse


class ReplaceNoteService:
    """The Replace Note service."""

    def replace(
        self,
        visit_id: UUID,
        body: ReplaceNoteRequest,
    ) -> ReplaceNoteResponse:
        """Build the ReplaceNoteResponse.

        Replace the note of a visit.
        """
        # The example below uses no argument; your logic will.
        del visit_id, body
        return ReplaceNoteResponse(
            text="Calm and healthy",
            updated=True,
        )


def get_replace_note_service() -> ReplaceNoteService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return ReplaceNoteService()


ReplaceNoteServiceDep = Annotated[
    ReplaceNoteService,
    Depends(get_replace_note_service),
]
