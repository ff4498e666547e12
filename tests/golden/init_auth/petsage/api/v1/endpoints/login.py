"""Login: the OAuth2 password flow, which trades an email and password for a token."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import select

from petsage.api.v1.schemas.users import ErrorDetail, Token
from petsage.db import SessionDep
from petsage.models.user import User
from petsage.security import DUMMY_HASH, create_access_token, verify_password

router = APIRouter(prefix="/login", tags=["login"])


@router.post(
    "/access-token",
    name="login_access_token",
    status_code=200,
    responses={
        400: {
            "description": "The form could not be parsed",
            "model": ErrorDetail,
        },
        401: {
            "description": "Incorrect email or password, or an inactive user",
            "model": ErrorDetail,
        },
    },
    summary="Log in: an access token for an email and password",
)
def login_access_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
) -> Token:
    """An access token for the user whose email is the form's `username`, if the
    password is theirs (a form, as OAuth2 has it: JSON is a 422)."""
    user = session.exec(select(User).where(User.email == form.username)).first()
    # An unknown email is checked against a hash too: the time taken tells nothing.
    hashed = DUMMY_HASH if user is None else user.hashed_password
    if not verify_password(form.password, hashed) or user is None or not user.is_active:
        # One answer for all three, so that it does not tell which emails exist.
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Token(access_token=create_access_token(str(user.id)))
