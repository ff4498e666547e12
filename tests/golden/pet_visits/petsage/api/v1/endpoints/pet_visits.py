"""Pet Visits: API endpoint."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from petsage.api.v1.schemas.pet_visits import Visit, VisitCreate
from petsage.services.pet_visits_service import PetVisitsServiceDep

router = APIRouter()


@router.post(
    "/pets/{pet_id}/visits",
    name="pet_visits_route",
    status_code=201,
    responses={
        400: {
            "description": "The body cannot be read (not UTF-8)",
        },
        404: {
            "description": "Pet not found",
        },
    },
    summary="Pet Visits",
    tags=["Pet Visits"],
)
def pet_visits_route(
    pet_id: Annotated[
        int,
        Path(
            description="The pet",
            examples=[1],
        ),
    ],
    body: VisitCreate,
    service: PetVisitsServiceDep,
    notify: Annotated[
        bool,
        Query(
            description="Email the owner",
            examples=[True],
        ),
    ] = False,
) -> Visit:
    """Endpoint: Pet Visits.

    Record a visit of a pet to the vet.
    """
    return service.create(
        pet_id=pet_id,
        body=body,
        notify=notify,
    )
