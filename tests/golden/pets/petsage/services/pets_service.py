"""Pets: business logic over the database."""

from typing import Annotated

from fastapi import Depends, HTTPException
from sqlmodel import Session, func, select

from petsage.api.v1.schemas.pets import Pet, PetCreate, PetPublic, PetsPublic, PetUpdate
from petsage.db import get_session


class PetNotFoundError(HTTPException):
    """The 404 response: no Pet has the id."""

    def __init__(self) -> None:
        super().__init__(
            status_code=404,
            detail="Pet not found",
        )


class PetsService:
    """Create, list, read, update and delete Pet items.

    The pets of our customers.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, pet_in: PetCreate) -> Pet:
        """Store a new Pet."""
        pet = Pet.model_validate(pet_in)
        self.session.add(pet)
        self.session.commit()
        self.session.refresh(pet)
        return pet

    def list(
        self,
        skip: int = 0,
        limit: int = 100,
    ) -> PetsPublic:
        """A page of Pet items, `limit` from `skip`, and the total count."""
        count = self.session.exec(
            select(func.count()).select_from(Pet),
        ).one()
        rows = self.session.exec(
            select(Pet).offset(skip).limit(limit),
        ).all()
        data = [PetPublic.model_validate(row) for row in rows]
        return PetsPublic(data=data, count=count)

    def read(self, pet_id: int) -> Pet:
        """The Pet with this id, or a 404."""
        pet = self.session.get(Pet, pet_id)
        if pet is None:
            raise PetNotFoundError()
        return pet

    def update(
        self,
        pet_id: int,
        pet_in: PetUpdate,
    ) -> Pet:
        """Change the fields the body sets; the others keep their values."""
        pet = self.read(pet_id)
        changes = pet_in.model_dump(exclude_unset=True)
        pet.sqlmodel_update(changes)
        self.session.add(pet)
        self.session.commit()
        self.session.refresh(pet)
        return pet

    def delete(self, pet_id: int) -> None:
        """Delete the Pet with this id, or a 404."""
        pet = self.read(pet_id)
        self.session.delete(pet)
        self.session.commit()


SessionDep = Annotated[Session, Depends(get_session)]


def get_pets_service(session: SessionDep) -> PetsService:
    """The service over the request's session (`app.dependency_overrides`)."""
    return PetsService(session)


PetsServiceDep = Annotated[
    PetsService,
    Depends(get_pets_service),
]
