"""Pet Visits: business logic."""

from datetime import date, datetime, timezone
from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException

from petsage.api.v1.schemas.pet_visits import Visit, VisitCreate


class PetVisitsNotFoundError(HTTPException):
    """The documented 404 response; raise it from the service."""

    def __init__(self) -> None:
        super().__init__(
            status_code=404,
            detail="Pet not found",
        )


class PetVisitsService:
    """The Pet Visits service."""

    def create(
        self,
        pet_id: int,
        body: VisitCreate,
        notify: bool = False,
    ) -> Visit:
        """Build the Visit.

        Record a visit of a pet to the vet.

        Raises:
        - PetVisitsNotFoundError (404): Pet not found
        """
        # The example below uses no argument; your logic will.
        del pet_id, body, notify
        return Visit(
            id=UUID("0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f"),
            reason="Checkup",
            visited_on=date(2026, 11, 30),
            seen_at=datetime(2026, 11, 30, 10, 15, tzinfo=timezone.utc),
            notes=["calm", "healthy"],
            weight=12.5,
        )


def get_pet_visits_service() -> PetVisitsService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return PetVisitsService()


PetVisitsServiceDep = Annotated[
    PetVisitsService,
    Depends(get_pet_visits_service),
]
