"""Users: the current user, and accounts a superuser creates (there is no sign-up)."""

from fastapi import APIRouter, Depends, HTTPException, status

from petsage.api.deps import CurrentUser, get_current_superuser
from petsage.api.v1.schemas.users import ErrorDetail, UserCreate, UserPublic
from petsage.db import SessionDep
from petsage.models.user import User
from petsage.services.users_service import EmailTakenError, create_user

router = APIRouter(prefix="/users", tags=["users"])

# What a route that needs a token answers without a valid one.
UNAUTHORIZED = {
    "description": "Not authenticated, or an invalid or expired token",
    "model": ErrorDetail,
}


@router.get(
    "/me",
    name="read_current_user",
    response_model=UserPublic,
    status_code=200,
    responses={
        401: UNAUTHORIZED,
    },
    summary="Read the current user",
)
def read_current_user(user: CurrentUser) -> User:
    """The user the request's token names."""
    return user


@router.post(
    "",
    name="create_user",
    response_model=UserPublic,
    status_code=201,
    # Only a superuser's token; the user is not needed beyond that check.
    dependencies=[Depends(get_current_superuser)],
    responses={
        400: {
            "description": "The body is not valid JSON",
            "model": ErrorDetail,
        },
        401: UNAUTHORIZED,
        403: {
            "description": "The current user is not a superuser",
            "model": ErrorDetail,
        },
        409: {
            "description": "A user with this email already exists",
            "model": ErrorDetail,
        },
    },
    summary="Create one user",
)
def create_user_route(body: UserCreate, session: SessionDep) -> User:
    """Create one active user, with the password stored only as its hash."""
    try:
        return create_user(session, body)
    except EmailTakenError as error:
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT,
            detail=str(error),
        ) from None
