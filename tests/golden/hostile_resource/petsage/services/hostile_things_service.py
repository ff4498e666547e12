"""Hostile Things: business logic over the database."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, func, select

from petsage.api.v1.schemas.hostile_things import (
    HostileThingCreate,
    HostileThingPublic,
    HostileThingsPublic,
    HostileThingUpdate,
)
from petsage.db import SessionDep
from petsage.errors import ConflictError, NotFoundError
from petsage.models.hostile_things import HostileThing


class HostileThingsService:
    """Create, list, read, update and delete HostileThing items.

    Things ""\" ''' {{ 7*7 }} {% raw %} \\ end
    line two
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, item: HostileThing) -> HostileThing:
        """Store the item; `NotFoundError` where another request deleted it since
        it was read."""
        self.session.add(item)
        try:
            self.session.commit()
        except StaleDataError:
            # Its UPDATE matched no row: another request deleted it after it was read.
            self.session.rollback()
            raise NotFoundError("Hostile thing not found") from None
        try:
            self.session.refresh(item)
        except InvalidRequestError:
            # No row to read back: another request deleted it after it was read.
            raise NotFoundError("Hostile thing not found") from None
        return item

    def create(self, body: HostileThingCreate) -> HostileThing:
        """Store a new one."""
        item = HostileThing.model_validate(body)
        return self.save(item)

    def list(
        self,
        skip: int = 0,
        limit: int = 100,
    ) -> HostileThingsPublic:
        """A page, `limit` items from `skip`, and the total count."""
        count = self.session.exec(
            select(func.count()).select_from(HostileThing),
        ).one()
        rows = self.session.exec(
            select(HostileThing)
            .order_by(col(HostileThing.id))
            .offset(skip)
            .limit(limit),
        ).all()
        data = [HostileThingPublic.model_validate(row) for row in rows]
        return HostileThingsPublic(data=data, count=count)

    def read(self, item_id: int) -> HostileThing:
        """The one with this id; `NotFoundError` if there is none."""
        item = self.session.get(HostileThing, item_id)
        if item is None:
            raise NotFoundError("Hostile thing not found")
        return item

    def update(
        self,
        item_id: int,
        body: HostileThingUpdate,
    ) -> HostileThing:
        """Change the fields the body sets; the others keep their values."""
        item = self.read(item_id)
        item.sqlmodel_update(body.model_dump(exclude_unset=True))
        return self.save(item)

    def delete(self, item_id: int) -> None:
        """Delete the one with this id; `NotFoundError` if there is none,
        `ConflictError` while rows that restrict its deletion refer to it."""
        self.session.delete(self.read(item_id))
        try:
            self.session.commit()
        except IntegrityError:
            # A foreign key of another table (ON DELETE RESTRICT) refuses it.
            self.session.rollback()
            raise ConflictError("Other rows refer to this HostileThing") from None


def get_hostile_things_service(session: SessionDep) -> HostileThingsService:
    """The service over the request's session (`app.dependency_overrides`)."""
    return HostileThingsService(session)


HostileThingsServiceDep = Annotated[
    HostileThingsService,
    Depends(get_hostile_things_service),
]
