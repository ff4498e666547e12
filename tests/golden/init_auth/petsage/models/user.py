"""Users: the table model of the accounts that log in.

A password is stored only as its hash (see petsage/security.py).
"""

from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    """The User table: its columns as stored.

    A table model does not validate: the API schemas check what a client sends.
    """

    id: int | None = Field(default=None, primary_key=True)
    # The login's username: one account per email, found by its index.
    email: str = Field(
        max_length=255,
        unique=True,
        index=True,
    )
    hashed_password: str
    # An inactive user keeps the row but can neither log in nor use a token.
    is_active: bool = True
    is_superuser: bool = False
