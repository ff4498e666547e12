"""Vaccinations: business logic over the database."""

from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import ColumnElement, UnaryExpression
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, func, select

from petsage.api.v1.schemas.vaccinations import (
    VaccinationCreate,
    VaccinationPublic,
    VaccinationQuery,
    VaccinationSort,
    VaccinationsPublic,
    VaccinationUpdate,
)
from petsage.db import SessionDep
from petsage.errors import ConflictError, NotFoundError
from petsage.models.pets import Pet
from petsage.models.vaccinations import Vaccination, utc_now

# The list's order where no sort is asked for: ties are broken by the id, NULLs last.
ORDER: tuple[UnaryExpression[Any], ...] = (col(Vaccination.id).asc(),)


def conditions(query: VaccinationQuery) -> list[ColumnElement[bool]]:
    """What the filters of the query select: each one given holds."""
    where: list[ColumnElement[bool]] = []
    if query.vaccine is not None:
        where.append(col(Vaccination.vaccine) == query.vaccine)
    if query.given_at is not None:
        where.append(col(Vaccination.given_at) == query.given_at)
    if query.given_at_min is not None:
        where.append(col(Vaccination.given_at) >= query.given_at_min)
    if query.given_at_max is not None:
        where.append(col(Vaccination.given_at) <= query.given_at_max)
    return where


def order(sort: VaccinationSort | None) -> tuple[UnaryExpression[Any], ...]:
    """The order `sort` asks for (`-` before a field: descending), ties by the id."""
    first: UnaryExpression[Any]
    match sort:
        case None:
            return ORDER
        case "given_at":
            first = col(Vaccination.given_at).asc()
        case "-given_at":
            first = col(Vaccination.given_at).desc()
    return (first, col(Vaccination.id).asc())


class VaccinationsService:
    """Create, list, read, update, replace and delete Vaccination items.

    The vaccinations a pet has had.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, item: Vaccination) -> Vaccination:
        """Store the item; where the database refuses it, the error that says why: a
        referenced row deleted since the checks ran fails them now, else a
        unique value is taken (`ConflictError`). One deleted by
        another request since it was read is not found."""
        values = item.model_dump()
        self.session.add(item)
        try:
            self.session.commit()
        except StaleDataError:
            # Its UPDATE matched no row: another request deleted it after it was read.
            self.session.rollback()
            raise NotFoundError("Vaccination not found") from None
        except IntegrityError:
            self.session.rollback()
            self.check_parent(values["pet_id"])
            raise ConflictError(
                "A Vaccination with this batch already exists"
            ) from None
        try:
            self.session.refresh(item)
        except InvalidRequestError:
            # No row to read back: another request deleted it after it was read.
            raise NotFoundError("Vaccination not found") from None
        return item

    def check_parent(self, pet_id: int) -> None:
        """`NotFoundError` where no Pet has this id: nothing is under it."""
        if self.session.get(Pet, pet_id) is None:
            raise NotFoundError("Pet not found")

    def create(self, pet_id: int, body: VaccinationCreate) -> Vaccination:
        """Store a new one under the Pet with this id."""
        self.check_parent(pet_id)
        now = utc_now()
        item = Vaccination.model_validate(
            body,
            update={
                "pet_id": pet_id,
                "created_at": now,
                "updated_at": now,
            },
        )
        return self.save(item)

    def list(
        self,
        pet_id: int,
        skip: int = 0,
        limit: int = 100,
        query: VaccinationQuery | None = None,
    ) -> VaccinationsPublic:
        """A page of the Pet's, `limit` items from `skip` in the list's order,
        and the count of all of its that the filters select."""
        self.check_parent(pet_id)
        query = query or VaccinationQuery()
        where = conditions(query)
        where.append(col(Vaccination.pet_id) == pet_id)
        count = self.session.exec(
            select(func.count()).select_from(Vaccination).where(*where),
        ).one()
        rows = self.session.exec(
            select(Vaccination)
            .where(*where)
            .order_by(*order(query.sort))
            .offset(skip)
            .limit(limit),
        ).all()
        data = [VaccinationPublic.model_validate(row) for row in rows]
        return VaccinationsPublic(data=data, count=count)

    def read(self, pet_id: int, item_id: int) -> Vaccination:
        """The one with this id under that Pet; `NotFoundError` if there is
        none (under another one, it is not found either)."""
        item = self.session.get(Vaccination, item_id)
        if item is None or item.pet_id != pet_id:
            raise NotFoundError("Vaccination not found")
        return item

    def update(
        self,
        pet_id: int,
        item_id: int,
        body: VaccinationUpdate,
    ) -> Vaccination:
        """Change the fields the body sets; the others keep their values."""
        item = self.read(pet_id, item_id)
        item.sqlmodel_update(body.model_dump(exclude_unset=True))
        item.updated_at = utc_now()
        return self.save(item)

    def replace(
        self,
        pet_id: int,
        item_id: int,
        body: VaccinationCreate,
    ) -> Vaccination:
        """Set every field from the body; one it leaves out takes its default."""
        item = self.read(pet_id, item_id)
        item.sqlmodel_update(body.model_dump())
        item.updated_at = utc_now()
        return self.save(item)

    def delete(self, pet_id: int, item_id: int) -> None:
        """Delete the one with this id; `NotFoundError` if there is none,
        `ConflictError` while rows that restrict its deletion refer to it."""
        self.session.delete(self.read(pet_id, item_id))
        try:
            self.session.commit()
        except IntegrityError:
            # A foreign key of another table (ON DELETE RESTRICT) refuses it.
            self.session.rollback()
            raise ConflictError("Other rows refer to this Vaccination") from None


def get_vaccinations_service(session: SessionDep) -> VaccinationsService:
    """The service over the request's session (`app.dependency_overrides`)."""
    return VaccinationsService(session)


VaccinationsServiceDep = Annotated[
    VaccinationsService,
    Depends(get_vaccinations_service),
]
