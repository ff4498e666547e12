"""Security: tests of the password hashes and the access tokens, without a database.

Each test signs with a random `SECRET_KEY` of its own, never the real one.
"""

import secrets
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from petsage.security import (
    ALGORITHM,
    create_access_token,
    decode_access_token,
    hash_password,
    verify_password,
)


@pytest.fixture(autouse=True)
def secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """A random signing key for the test."""
    key = secrets.token_urlsafe(32)
    monkeypatch.setenv("SECRET_KEY", key)
    monkeypatch.delenv("ACCESS_TOKEN_EXPIRE_MINUTES", raising=False)
    return key


def test_hash_password() -> None:
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2id$")
    assert verify_password("correct horse", hashed)
    assert not verify_password("correct horse!", hashed)
    # Salted: the same password hashes differently each time.
    assert hash_password("correct horse") != hashed


def test_token_decodes_to_its_subject() -> None:
    assert decode_access_token(create_access_token("42")) == "42"


def expiry(token: str, key: str) -> datetime:
    """When the token expires."""
    payload = jwt.decode(token, key, algorithms=[ALGORITHM])
    return datetime.fromtimestamp(payload["exp"], timezone.utc)


def test_token_lifetime(secret_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    now = datetime.now(timezone.utc)
    lasts = expiry(create_access_token("1"), secret_key) - now
    assert timedelta(minutes=29) < lasts <= timedelta(minutes=30)
    monkeypatch.setenv("ACCESS_TOKEN_EXPIRE_MINUTES", "5")
    lasts = expiry(create_access_token("1"), secret_key) - now
    assert timedelta(minutes=4) < lasts <= timedelta(minutes=5)
    lasts = expiry(create_access_token("1", timedelta(hours=2)), secret_key) - now
    assert timedelta(minutes=119) < lasts <= timedelta(hours=2)


def test_token_lifetime_not_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS_TOKEN_EXPIRE_MINUTES", "half an hour")
    with pytest.raises(RuntimeError, match="ACCESS_TOKEN_EXPIRE_MINUTES"):
        create_access_token("1")


def test_expired_token() -> None:
    token = create_access_token("1", timedelta(seconds=-1))
    with pytest.raises(jwt.ExpiredSignatureError):
        decode_access_token(token)


def test_token_of_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    token = create_access_token("1")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(32))
    with pytest.raises(jwt.InvalidSignatureError):
        decode_access_token(token)


def test_without_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set: set it to"):
        create_access_token("1")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        decode_access_token("not-a-token")


def test_short_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 31)
    with pytest.raises(RuntimeError, match="SECRET_KEY is shorter than 32 bytes"):
        create_access_token("1")
