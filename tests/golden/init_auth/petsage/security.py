"""Passwords and access tokens: argon2 hashes (pwdlib) and JWTs signed with HS256
(PyJWT).

The signing key is the environment variable `SECRET_KEY`, read each time a token is made
or read. There is no default: a key in the code would let anyone who reads it forge
tokens, so without one the app fails with a RuntimeError saying what to set. A token
lasts `ACCESS_TOKEN_EXPIRE_MINUTES` (30 by default).
"""

import os
from datetime import datetime, timedelta, timezone

import jwt
from pwdlib import PasswordHash

ALGORITHM = "HS256"
# An HMAC key shorter than its hash (32 bytes for SHA-256) is weak; PyJWT warns of it.
MIN_SECRET_KEY_BYTES = 32
DEFAULT_EXPIRE_MINUTES = 30

# Argon2id, with the parameters pwdlib recommends today.
password_hash = PasswordHash.recommended()
# What a login verifies the password against when no user has the email, so that it
# takes as long as for one that exists and the time does not tell which emails do.
DUMMY_HASH = password_hash.hash("not the password of any user")


def hash_password(password: str) -> str:
    """The hash to store for the password (argon2id, with its salt and parameters)."""
    return password_hash.hash(password)


def verify_password(password: str, hashed_password: str) -> bool:
    """Whether the password is the one the hash was made from."""
    return password_hash.verify(password, hashed_password)


def secret_key() -> str:
    """The key that signs the tokens: `SECRET_KEY`, at least 32 bytes long."""
    key = os.environ.get("SECRET_KEY")
    hint = (
        "set it to a random secret, e.g. "
        "`export SECRET_KEY=\"$(python -c 'import secrets; "
        "print(secrets.token_urlsafe(32))')\"`"
    )
    if not key:
        raise RuntimeError(f"SECRET_KEY is not set: {hint}")
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        raise RuntimeError(
            f"SECRET_KEY is shorter than {MIN_SECRET_KEY_BYTES} bytes: {hint}"
        )
    return key


def access_token_lifetime() -> timedelta:
    """How long a token lasts: `ACCESS_TOKEN_EXPIRE_MINUTES`, 30 by default."""
    minutes = os.environ.get("ACCESS_TOKEN_EXPIRE_MINUTES", str(DEFAULT_EXPIRE_MINUTES))
    try:
        return timedelta(minutes=int(minutes))
    except ValueError:
        raise RuntimeError(
            f"ACCESS_TOKEN_EXPIRE_MINUTES is {minutes!r}, not a number of minutes"
        ) from None


def create_access_token(subject: str, expires_delta: timedelta | None = None) -> str:
    """A signed token for the subject (a user's id, as text: PyJWT refuses any other
    `sub`), that expires after `expires_delta` (by default the configured lifetime)."""
    lifetime = access_token_lifetime() if expires_delta is None else expires_delta
    payload = {"sub": subject, "exp": datetime.now(timezone.utc) + lifetime}
    return jwt.encode(payload, secret_key(), algorithm=ALGORITHM)


def decode_access_token(token: str) -> str:
    """The subject of a token this app signed and that has not expired. Any other
    token (expired, signed with another key, not a JWT, without `sub` or `exp`) raises
    `jwt.InvalidTokenError`."""
    payload = jwt.decode(
        token,
        secret_key(),
        # Only the algorithm the app signs with: never the one the token names.
        algorithms=[ALGORITHM],
        # A token without an expiry would be valid forever.
        options={"require": ["exp", "sub"]},
    )
    subject: str = payload["sub"]
    return subject
