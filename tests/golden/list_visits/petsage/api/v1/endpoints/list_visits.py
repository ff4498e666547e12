"""List Visits: API endpoint."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Query

from petsage.api.v1.schemas.list_visits import Kind, VisitSummary
from petsage.services.list_visits_service import ListVisitsServiceDep

router = APIRouter()


@router.get(
    "/pets/{pet_id}/visits",
    name="list_visits_route",
    status_code=200,
    responses={
        404: {
            "description": "Pet not found",
        },
        403: {
            "description": "Not your pet",
        },
    },
    summary="List Visits",
    tags=["List Visits"],
)
def list_visits_route(
    pet_id: Annotated[
        int,
        Path(
            examples=[7],
        ),
    ],
    service: ListVisitsServiceDep,
    since: Annotated[
        date,
        Query(
            description="Visits on or after this day",
            examples=["2026-06-01"],
        ),
    ] = date(2026, 1, 1),
    until: Annotated[
        datetime | None,
        Query(
            examples=["2026-12-01T08:00:00+02:00"],
        ),
    ] = None,
    kinds: Annotated[
        list[Kind] | None,
        Query(
            examples=[["checkup"]],
        ),
    ] = None,
    limit: Annotated[
        int,
        Query(
            examples=[5],
        ),
    ] = 10,
    min_weight: Annotated[
        Decimal | None,
        Query(
            examples=["2.5"],
        ),
    ] = None,
) -> list[VisitSummary]:
    """Endpoint: List Visits.

    The visits of one pet, newest first.
    """
    return service.get(
        pet_id=pet_id,
        since=since,
        until=until,
        kinds=kinds,
        limit=limit,
        min_weight=min_weight,
    )
