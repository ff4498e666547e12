"""Vaccinations: the table model of the resource.

The vaccinations a pet has had.
"""

from datetime import datetime, timezone

from sqlmodel import Field, Relationship, SQLModel

from petsage.models.pets import Pet


def utc_now() -> datetime:
    """The current instant in UTC: what `created_at` and `updated_at` are set to."""
    return datetime.now(timezone.utc)


class Vaccination(SQLModel, table=True):
    """The Vaccination table: its columns as stored.

    A table model does not validate: the API schemas check what a client sends.
    """

    id: int | None = Field(default=None, primary_key=True)
    pet_id: int = Field(
        index=True,
        foreign_key="pet.id",
        ondelete="CASCADE",
    )
    vaccine: str = Field(
        max_length=100,
    )
    batch: str | None = Field(
        default=None,
        max_length=40,
        unique=True,
    )
    given_at: datetime
    # Set by the service; no body takes them.
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    # The referenced rows, loaded on access.
    pet: Pet = Relationship(
        sa_relationship_kwargs={"foreign_keys": "[Vaccination.pet_id]"},
    )
