"""Hostile Things: business logic over the database."""

from typing import Annotated

from fastapi import Depends, HTTPException
from sqlmodel import Session, func, select

from petsage.api.v1.schemas.hostile_things import (
    HostileThing,
    HostileThingCreate,
    HostileThingPublic,
    HostileThingsPublic,
    HostileThingUpdate,
)
from petsage.db import get_session


class HostileThingNotFoundError(HTTPException):
    """The 404 response: no HostileThing has the id."""

    def __init__(self) -> None:
        super().__init__(
            status_code=404,
            detail="Hostile thing not found",
        )


class HostileThingsService:
    """Create, list, read, update and delete HostileThing items.

    Things ""\" ''' {{ 7*7 }} {% raw %} \\ end
    line two
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, hostile_thing_in: HostileThingCreate) -> HostileThing:
        """Store a new HostileThing."""
        hostile_thing = HostileThing.model_validate(hostile_thing_in)
        self.session.add(hostile_thing)
        self.session.commit()
        self.session.refresh(hostile_thing)
        return hostile_thing

    def list(
        self,
        skip: int = 0,
        limit: int = 100,
    ) -> HostileThingsPublic:
        """A page of HostileThing items, `limit` from `skip`, and the total count."""
        count = self.session.exec(
            select(func.count()).select_from(HostileThing),
        ).one()
        rows = self.session.exec(
            select(HostileThing).offset(skip).limit(limit),
        ).all()
        data = [HostileThingPublic.model_validate(row) for row in rows]
        return HostileThingsPublic(data=data, count=count)

    def read(self, hostile_thing_id: int) -> HostileThing:
        """The HostileThing with this id, or a 404."""
        hostile_thing = self.session.get(HostileThing, hostile_thing_id)
        if hostile_thing is None:
            raise HostileThingNotFoundError()
        return hostile_thing

    def update(
        self,
        hostile_thing_id: int,
        hostile_thing_in: HostileThingUpdate,
    ) -> HostileThing:
        """Change the fields the body sets; the others keep their values."""
        hostile_thing = self.read(hostile_thing_id)
        changes = hostile_thing_in.model_dump(exclude_unset=True)
        hostile_thing.sqlmodel_update(changes)
        self.session.add(hostile_thing)
        self.session.commit()
        self.session.refresh(hostile_thing)
        return hostile_thing

    def delete(self, hostile_thing_id: int) -> None:
        """Delete the HostileThing with this id, or a 404."""
        hostile_thing = self.read(hostile_thing_id)
        self.session.delete(hostile_thing)
        self.session.commit()


SessionDep = Annotated[Session, Depends(get_session)]


def get_hostile_things_service(session: SessionDep) -> HostileThingsService:
    """The service over the request's session (`app.dependency_overrides`)."""
    return HostileThingsService(session)


HostileThingsServiceDep = Annotated[
    HostileThingsService,
    Depends(get_hostile_things_service),
]
