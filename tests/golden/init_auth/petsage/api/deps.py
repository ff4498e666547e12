"""The dependencies of the routes that need a logged-in user: `CurrentUser` and
`CurrentSuperuser`.

A client logs in at `/api/v1/login/access-token` and sends the token it gets as
`Authorization: Bearer <token>`. Every token that does not name an active user is
answered alike: 401, `WWW-Authenticate: Bearer`, "Could not validate credentials".
"""

from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from petsage.db import SessionDep
from petsage.models.user import User
from petsage.security import decode_access_token

# Where the docs' "Authorize" button logs in. Without the header it is a 401 too.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token")

TokenDep = Annotated[str, Depends(oauth2_scheme)]

# The ids the column holds (a 32-bit INTEGER, from 1): any other `sub` names no user,
# and asking the database for it would be an error, not a 401.
MAX_USER_ID = 2147483647


def user_id(subject: str) -> int | None:
    """The user id a token's subject is (`str(user.id)`), or None if it is not one."""
    # isdecimal alone would take other scripts' digits, which int() reads too.
    if not (subject.isascii() and subject.isdecimal()):
        return None
    number = int(subject)
    return number if 1 <= number <= MAX_USER_ID else None


def get_current_user(session: SessionDep, token: TokenDep) -> User:
    """The active user the request's token names; a 401 for any other token."""
    invalid = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        subject = decode_access_token(token)
    except jwt.InvalidTokenError:
        raise invalid from None
    number = user_id(subject)
    user = None if number is None else session.get(User, number)
    # A deleted or deactivated user's tokens stop working at once, not at expiry.
    if user is None or not user.is_active:
        raise invalid
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_current_superuser(user: CurrentUser) -> User:
    """The current user, if a superuser; a 403 for any other."""
    if not user.is_superuser:
        raise HTTPException(
            status_code=status.HTTP_403_FORBIDDEN,
            detail="Not enough privileges",
        )
    return user


CurrentSuperuser = Annotated[User, Depends(get_current_superuser)]
