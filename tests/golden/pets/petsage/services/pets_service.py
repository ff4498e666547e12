"""Pets: business logic over the database."""

from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import ColumnElement, UnaryExpression
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, func, select

from petsage.api.v1.schemas.pets import (
    PetCreate,
    PetPublic,
    PetQuery,
    PetSort,
    PetsPublic,
    PetUpdate,
)
from petsage.db import SessionDep
from petsage.errors import ConflictError, NotFoundError
from petsage.models.pets import Pet, utc_now

# The list's order where no sort is asked for: ties are broken by the id, NULLs last.
ORDER: tuple[UnaryExpression[Any], ...] = (
    col(Pet.name).asc(),
    col(Pet.id).asc(),
)


def conditions(query: PetQuery) -> list[ColumnElement[bool]]:
    """What the filters of the query select: each one given holds."""
    where: list[ColumnElement[bool]] = []
    if query.species is not None:
        where.append(col(Pet.species) == query.species)
    if query.weight_kg is not None:
        where.append(col(Pet.weight_kg) == query.weight_kg)
    if query.weight_kg_min is not None:
        where.append(col(Pet.weight_kg) >= query.weight_kg_min)
    if query.weight_kg_max is not None:
        where.append(col(Pet.weight_kg) <= query.weight_kg_max)
    if query.created_at is not None:
        where.append(col(Pet.created_at) == query.created_at)
    if query.created_at_min is not None:
        where.append(col(Pet.created_at) >= query.created_at_min)
    if query.created_at_max is not None:
        where.append(col(Pet.created_at) <= query.created_at_max)
    return where


def order(sort: PetSort | None) -> tuple[UnaryExpression[Any], ...]:
    """The order `sort` asks for (`-` before a field: descending), ties by the id."""
    first: UnaryExpression[Any]
    match sort:
        case None:
            return ORDER
        case "name":
            first = col(Pet.name).asc()
        case "-name":
            first = col(Pet.name).desc()
        case "weight_kg":
            first = col(Pet.weight_kg).asc().nulls_last()
        case "-weight_kg":
            first = col(Pet.weight_kg).desc().nulls_last()
        case "id":
            return (col(Pet.id).asc(),)
        case "-id":
            return (col(Pet.id).desc(),)
    return (first, col(Pet.id).asc())


class PetsService:
    """Create, list, read, update, replace and delete Pet items.

    The pets of our customers.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, item: Pet) -> Pet:
        """Store the item; `ConflictError` where a unique value is taken,
        `NotFoundError` where another request deleted it since it was read."""
        self.session.add(item)
        try:
            self.session.commit()
        except StaleDataError:
            # Its UPDATE matched no row: another request deleted it after it was read.
            self.session.rollback()
            raise NotFoundError("Pet not found") from None
        except IntegrityError:
            # The only constraints the table has besides its key are unique ones.
            self.session.rollback()
            raise ConflictError("A Pet with this chip already exists") from None
        try:
            self.session.refresh(item)
        except InvalidRequestError:
            # No row to read back: another request deleted it after it was read.
            raise NotFoundError("Pet not found") from None
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
        query: PetQuery | None = None,
    ) -> PetsPublic:
        """A page, `limit` items from `skip` in the list's order, and the count of all
        that the filters select."""
        query = query or PetQuery()
        where = conditions(query)
        count = self.session.exec(
            select(func.count()).select_from(Pet).where(*where),
        ).one()
        rows = self.session.exec(
            select(Pet)
            .where(*where)
            .order_by(*order(query.sort))
            .offset(skip)
            .limit(limit),
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
        """Delete the one with this id; `NotFoundError` if there is none,
        `ConflictError` while rows that restrict its deletion refer to it."""
        self.session.delete(self.read(item_id))
        try:
            self.session.commit()
        except IntegrityError:
            # A foreign key of another table (ON DELETE RESTRICT) refuses it.
            self.session.rollback()
            raise ConflictError("Other rows refer to this Pet") from None


def get_pets_service(session: SessionDep) -> PetsService:
    """The service over the request's session (`app.dependency_overrides`)."""
    return PetsService(session)


PetsServiceDep = Annotated[
    PetsService,
    Depends(get_pets_service),
]
