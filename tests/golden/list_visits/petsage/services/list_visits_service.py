"""List Visits: business logic."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException

from petsage.api.v1.schemas.list_visits import Kind, VisitSummary


class ListVisitsNotFoundError(HTTPException):
    """The documented 404 response; raise it from the service."""

    def __init__(self) -> None:
        super().__init__(
            status_code=404,
            detail="Pet not found",
        )


class ListVisitsForbiddenError(HTTPException):
    """The documented 403 response; raise it from the service."""

    def __init__(self) -> None:
        super().__init__(
            status_code=403,
            detail="Not your pet",
        )


class ListVisitsService:
    """The List Visits service."""

    def get(
        self,
        pet_id: int,
        since: date = date(2026, 1, 1),
        until: datetime | None = None,
        kinds: list[Kind] | None = None,
        limit: int = 10,
        min_weight: Decimal | None = None,
    ) -> list[VisitSummary]:
        """Build the list[VisitSummary].

        The visits of one pet, newest first.

        Raises:
        - ListVisitsNotFoundError (404): Pet not found
        - ListVisitsForbiddenError (403): Not your pet
        """
        # The example below uses no argument; your logic will.
        del pet_id, since, until, kinds, limit, min_weight
        return [
            VisitSummary(
                visit_id=UUID("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"),
                seen_at=datetime(
                    2026,
                    6,
                    2,
                    9,
                    30,
                    0,
                    250000,
                    tzinfo=timezone(timedelta(hours=-5, minutes=-30)),
                ),
                cost=Decimal("99.90"),
                days=[date(2026, 6, 2), date(2026, 6, 3)],
                kind="surgery",
                weight=4.25,
            ),
        ]


def get_list_visits_service() -> ListVisitsService:
    """The service, as a FastAPI dependency: `app.dependency_overrides` replaces it."""
    return ListVisitsService()


ListVisitsServiceDep = Annotated[
    ListVisitsService,
    Depends(get_list_visits_service),
]
