"""Pets: business logic over the database."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from petsage.api.v1.schemas.pets import PetCreate, PetPublic, PetsPublic, PetUpdate
from petsage.db import SessionDep
from petsage.errors import ConflictError, NotFoundError
from petsage.models.pets import Pet, utc_now


class PetsService:
    """Create, list, read, update, replace and delete Pet items.

    The pets of our customers.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, item: Pet) -> Pet:
        """Store the item; `ConflictError` where a unique value is taken."""
        self.session.add(item)
        try:
            self.session.commit()
        except IntegrityError:
            # The only constraints the table has besides its key are unique ones.
            self.session.rollback()
            raise ConflictError("A Pet with this chip already exists") from None
        self.session.refresh(item)
        return item

    def create(self, body: PetCreate) -> Pet:
        """Store a new one."""
        now = utc_now()
        item = Pet.model_validate(
            body,
            update={"created_at": now, "updated_at": now},
        )
        return self.save(item)

    def list(
        self,
        skip: int = 0,
        limit: int = 100,
    ) -> PetsPublic:
        """A page, `limit` items from `skip`, and the total count."""
        count = self.session.exec(
            select(func.count()).select_from(Pet),
        ).one()
        rows = self.session.exec(
            select(Pet).order_by(col(Pet.id)).offset(skip).limit(limit),
        ).all()
        data = [PetPublic.model_validate(row) for row in rows]
        return PetsPublic(data=data, count=count)

    def read(self, item_id: int) -> Pet:
        """The one with this id; `NotFoundError` if there is none."""
        item = self.session.get(Pet, item_id)
        if item is None:
            raise NotFoundError("Pet not found")
        return item

    def update(
        self,
        item_id: int,
        body: PetUpdate,
    ) -> Pet:
        """Change the fields the body sets; the others keep their values."""
        item = self.read(item_id)
        item.sqlmodel_update(body.model_dump(exclude_unset=True))
        item.updated_at = utc_now()
        return self.save(item)

    def replace(
        self,
        item_id: int,
        body: PetCreate,
    ) -> Pet:
        """Set every field from the body; one it leaves out takes its default."""
        item = self.read(item_id)
        item.sqlmodel_update(body.model_dump())
        item.updated_at = utc_now()
        return self.save(item)

    def delete(self, item_id: int) -> None:
        """Delete the one with this id; `NotFoundError` if there is none."""
        self.session.delete(self.read(item_id))
        self.session.commit()


def get_pets_service(session: SessionDep) -> PetsService:
    """The service over the request's session (`app.dependency_overrides`)."""
    return PetsService(session)


PetsServiceDep = Annotated[
    PetsService,
    Depends(get_pets_service),
]
