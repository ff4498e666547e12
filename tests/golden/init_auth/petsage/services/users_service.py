"""Users: creating accounts, for the API's route and for the `petsage.users` command."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from petsage.api.v1.schemas.users import UserCreate
from petsage.models.user import User
from petsage.security import hash_password


class EmailTakenError(Exception):
    """Another user has the email."""

    def __init__(self) -> None:
        super().__init__("A user with this email already exists")


def create_user(session: Session, body: UserCreate) -> User:
    """Store a new active user with the password's hash; `EmailTakenError` if another
    user has the email."""
    user = User(
        email=body.email,
        hashed_password=hash_password(body.password),
        is_superuser=body.is_superuser,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # The only constraint the table has besides its key is the email's.
        session.rollback()
        raise EmailTakenError from None
    session.refresh(user)
    return user
