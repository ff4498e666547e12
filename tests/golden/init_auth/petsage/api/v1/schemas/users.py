"""Users: the schemas of the accounts and of the login's token."""

from typing import Annotated, cast

from pydantic import StringConstraints, model_validator
from sqlmodel import Field, SQLModel

# Something before and after one `@`, without spaces: a full check of an address is
# sending it mail. No NUL (PostgreSQL text cannot hold one).
Email = Annotated[
    str,
    StringConstraints(max_length=255, pattern="^[^@\\s\\x00]+@[^@\\s\\x00]+$"),
]
# Long enough to resist guessing; bounded, so that hashing stays cheap. No NUL.
Password = Annotated[
    str,
    StringConstraints(min_length=8, max_length=128, pattern="^[^\\x00]*$"),
]

SURROGATES = dict.fromkeys(range(55296, 57344), 0)  # U+D800 to U+DFFF


class ErrorDetail(SQLModel):
    """The body of an error response, as FastAPI writes an HTTPException."""

    detail: str


class UserCreate(SQLModel):
    """The body that creates one user (the password is stored only as its hash)."""

    email: Email = Field(
        ...,
        schema_extra={
            "examples": ["alice@example.com"],
        },
    )
    password: Password = Field(
        ...,
        schema_extra={
            "examples": ["correct horse battery staple"],
        },
    )
    is_superuser: bool = False

    @model_validator(mode="before")
    @classmethod
    def echo_safe_input(cls, data: object) -> object:
        """A lone surrogate made a NUL, which the fields refuse: JSON in UTF-8, which
        a 422 echoes the input as, and the password's hash cannot hold one."""
        if not isinstance(data, dict):
            return data
        # isinstance leaves the items' types unknown; they are objects like the input.
        items = cast("dict[object, object]", data).items()
        return {
            key: value.translate(SURROGATES) if isinstance(value, str) else value
            for key, value in items
        }


class UserPublic(SQLModel):
    """One user as the API returns it: never the password's hash."""

    id: int
    email: str
    is_active: bool
    is_superuser: bool


class Token(SQLModel):
    """An access token, to send as `Authorization: Bearer <access_token>`."""

    access_token: str
    token_type: str = "bearer"
