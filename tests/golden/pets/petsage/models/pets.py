"""Pets: the table model of the resource.

The pets of our customers.
"""

from datetime import date, datetime, timezone

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """The current instant in UTC: what `created_at` and `updated_at` are set to."""
    return datetime.now(timezone.utc)


class Pet(SQLModel, table=True):
    """The Pet table: its columns as stored.

    A table model does not validate: the API schemas check what a client sends.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(
        max_length=100,
        index=True,
    )
    species: str
    birth_date: date | None = None
    tags: list[str] = Field(
        sa_type=JSON,
    )
    chip: str | None = Field(
        default=None,
        max_length=15,
        unique=True,
    )
    weight_kg: float | None = None
    # Set by the service; no body takes them.
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
