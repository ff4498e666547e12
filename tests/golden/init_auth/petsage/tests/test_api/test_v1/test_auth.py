"""Auth: tests.

The login, the current user and the accounts (the routes and the `petsage.users`
command), each test on a fresh database: `TEST_DATABASE_URL`, by default an in-memory
SQLite. The app's start-up is not run, so `DATABASE_URL` is never touched; the tokens
are signed with a random `SECRET_KEY` of each test's own, never the real one.
"""

import getpass
import io
import json
import os
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from petsage import users
from petsage.db import get_session
from petsage.main import app
from petsage.models.user import User
from petsage.security import ALGORITHM, create_access_token, hash_password

EMAIL = "alice@example.com"
PASSWORD = "correct horse battery staple"
NEW_USER: dict[str, Any] = {
    "email": "bob@example.com",
    "password": "another good password",
}
CREDENTIALS_ERROR = {"detail": "Could not validate credentials"}
LOGIN_ERROR = {"detail": "Incorrect email or password"}
# Hashed once: argon2 is slow on purpose.
PASSWORD_HASH = hash_password(PASSWORD)
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")


@pytest.fixture(autouse=True)
def secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """A random signing key for the test (tokens of other tests do not verify)."""
    key = secrets.token_urlsafe(32)
    monkeypatch.setenv("SECRET_KEY", key)
    monkeypatch.delenv("ACCESS_TOKEN_EXPIRE_MINUTES", raising=False)
    return key


@pytest.fixture
def engine() -> Iterator[Engine]:
    """The test database, its tables made afresh and dropped after the test."""
    sqlite = TEST_DATABASE_URL.startswith("sqlite")
    engine = create_engine(
        TEST_DATABASE_URL,
        connect_args={"check_same_thread": False} if sqlite else {},
        # One connection for every thread: an in-memory database lives in it.
        poolclass=StaticPool if sqlite else None,
    )
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    yield engine
    SQLModel.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    def session_override() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    # Not `with TestClient(...)`: that would run the app's start-up, which creates the
    # tables where DATABASE_URL points.
    yield TestClient(app)
    app.dependency_overrides.clear()


def add_user(
    engine: Engine,
    email: str = EMAIL,
    *,
    is_active: bool = True,
    is_superuser: bool = False,
) -> int:
    """Store a user whose password is PASSWORD; its id."""
    user = User(
        email=email,
        hashed_password=PASSWORD_HASH,
        is_active=is_active,
        is_superuser=is_superuser,
    )
    with Session(engine) as session:
        session.add(user)
        session.commit()
        assert user.id is not None
        return user.id


def log_in(client: TestClient, email: str, password: str) -> Response:
    """Post the login form (OAuth2 names the email `username`)."""
    url = app.url_path_for("login_access_token")
    return client.post(url, data={"username": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    """The header that sends the token."""
    return {"Authorization": f"Bearer {token}"}


def token_of(client: TestClient, email: str = EMAIL, password: str = PASSWORD) -> str:
    """A token from the login, which must succeed."""
    response = log_in(client, email, password)
    assert response.status_code == 200
    token: str = response.json()["access_token"]
    return token


def me(client: TestClient, token: str) -> Response:
    """The current user, as the token names it."""
    url = app.url_path_for("read_current_user")
    return client.get(url, headers=bearer(token))


def assert_unauthorized(response: Response, body: dict[str, str]) -> None:
    """A 401 that asks for a bearer token."""
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == body


def test_login(client: TestClient, engine: Engine) -> None:
    user_id = add_user(engine)
    response = log_in(client, EMAIL, PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    response = me(client, body["access_token"])
    assert response.status_code == 200
    assert response.json() == {
        "id": user_id,
        "email": EMAIL,
        "is_active": True,
        "is_superuser": False,
    }


def test_login_wrong_password(client: TestClient, engine: Engine) -> None:
    add_user(engine)
    response = log_in(client, EMAIL, PASSWORD + "!")
    assert_unauthorized(response, LOGIN_ERROR)


def test_login_unknown_user(client: TestClient, engine: Engine) -> None:
    add_user(engine)
    response = log_in(client, "nobody@example.com", PASSWORD)
    assert_unauthorized(response, LOGIN_ERROR)


def test_login_inactive_user(client: TestClient, engine: Engine) -> None:
    add_user(engine, is_active=False)
    response = log_in(client, EMAIL, PASSWORD)
    assert_unauthorized(response, LOGIN_ERROR)


def test_login_unreadable_form(client: TestClient) -> None:
    # A multipart form without its boundary cannot be parsed: 400, as documented.
    url = app.url_path_for("login_access_token")
    headers = {"Content-Type": "multipart/form-data"}
    response = client.post(url, content=b"username=x", headers=headers)
    assert response.status_code == 400


def test_login_json_body(client: TestClient, engine: Engine) -> None:
    # OAuth2's password flow posts a form, not JSON.
    add_user(engine)
    url = app.url_path_for("login_access_token")
    response = client.post(url, json={"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 422


def test_login_without_secret_key(
    client: TestClient,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A server without a key fails, saying what to set; it never signs with a default.
    add_user(engine)
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        log_in(client, EMAIL, PASSWORD)


def test_read_current_user_without_token(client: TestClient) -> None:
    url = app.url_path_for("read_current_user")
    response = client.get(url)
    assert_unauthorized(response, {"detail": "Not authenticated"})


def test_expired_token(client: TestClient, engine: Engine) -> None:
    user_id = add_user(engine)
    token = create_access_token(str(user_id), expires_delta=timedelta(seconds=-1))
    assert_unauthorized(me(client, token), CREDENTIALS_ERROR)


def test_forged_token(client: TestClient, engine: Engine) -> None:
    # Signed with another key: only the server's key makes a token.
    user_id = add_user(engine)
    payload = {
        "sub": str(user_id),
        "exp": datetime.now(timezone.utc) + timedelta(minutes=5),
    }
    token = jwt.encode(payload, secrets.token_urlsafe(32), algorithm=ALGORITHM)
    assert_unauthorized(me(client, token), CREDENTIALS_ERROR)


def test_unsigned_token(client: TestClient, engine: Engine) -> None:
    # `alg: none` names no key at all; only HS256 is accepted.
    user_id = add_user(engine)
    payload = {
        "sub": str(user_id),
        "exp": datetime.now(timezone.utc) + timedelta(minutes=5),
    }
    token = jwt.encode(payload, "", algorithm="none")
    assert_unauthorized(me(client, token), CREDENTIALS_ERROR)


def test_token_without_expiry(
    client: TestClient,
    engine: Engine,
    secret_key: str,
) -> None:
    # It would be valid forever.
    user_id = add_user(engine)
    token = jwt.encode({"sub": str(user_id)}, secret_key, algorithm=ALGORITHM)
    assert_unauthorized(me(client, token), CREDENTIALS_ERROR)


def test_garbage_token(client: TestClient) -> None:
    assert_unauthorized(me(client, "not-a-token"), CREDENTIALS_ERROR)


def test_token_of_deleted_user(client: TestClient, engine: Engine) -> None:
    user_id = add_user(engine)
    token = token_of(client)
    with Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        session.delete(user)
        session.commit()
    assert_unauthorized(me(client, token), CREDENTIALS_ERROR)


def test_token_of_deactivated_user(client: TestClient, engine: Engine) -> None:
    # Deactivating a user ends its tokens at once, not when they expire.
    user_id = add_user(engine)
    token = token_of(client)
    with Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        user.is_active = False
        session.add(user)
        session.commit()
    assert_unauthorized(me(client, token), CREDENTIALS_ERROR)


@pytest.mark.parametrize(
    "subject",
    ["abc", "", "1.5", "-1", "0", "+1", " 1", "\u0661", "99999999999999999999"],
)
def test_token_with_other_subject(
    client: TestClient,
    engine: Engine,
    subject: str,
) -> None:
    # Signed by the server, but not the id of a user (nor an id the column holds).
    add_user(engine)
    token = create_access_token(subject)
    assert_unauthorized(me(client, token), CREDENTIALS_ERROR)


def create(client: TestClient, token: str, body: dict[str, Any]) -> Response:
    """Post a new user with the token."""
    url = app.url_path_for("create_user")
    return client.post(url, json=body, headers=bearer(token))


def test_create_user(client: TestClient, engine: Engine) -> None:
    add_user(engine, is_superuser=True)
    response = create(client, token_of(client), NEW_USER)
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "email": NEW_USER["email"],
        "is_active": True,
        "is_superuser": False,
    }
    # The new user can log in, and is who the token names.
    token = token_of(client, NEW_USER["email"], NEW_USER["password"])
    assert me(client, token).json() == body


def test_create_superuser(client: TestClient, engine: Engine) -> None:
    add_user(engine, is_superuser=True)
    response = create(client, token_of(client), NEW_USER | {"is_superuser": True})
    assert response.status_code == 201
    assert response.json()["is_superuser"] is True


def test_create_user_not_superuser(client: TestClient, engine: Engine) -> None:
    add_user(engine)
    response = create(client, token_of(client), NEW_USER)
    assert response.status_code == 403
    assert response.json() == {"detail": "Not enough privileges"}


def test_create_user_unreadable_body(client: TestClient, engine: Engine) -> None:
    # A body that is not UTF-8 cannot be read as JSON: 400, as documented.
    add_user(engine, is_superuser=True)
    url = app.url_path_for("create_user")
    headers = bearer(token_of(client)) | {"Content-Type": "application/json"}
    response = client.post(url, content=b"\xff", headers=headers)
    assert response.status_code == 400


def test_create_user_without_token(client: TestClient) -> None:
    url = app.url_path_for("create_user")
    response = client.post(url, json=NEW_USER)
    assert_unauthorized(response, {"detail": "Not authenticated"})


def test_create_user_conflict(client: TestClient, engine: Engine) -> None:
    add_user(engine, is_superuser=True)
    token = token_of(client)
    response = create(client, token, NEW_USER | {"email": EMAIL})
    assert response.status_code == 409
    assert response.json() == {"detail": "A user with this email already exists"}
    # The failed write was rolled back: the next one goes on.
    assert create(client, token, NEW_USER).status_code == 201


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("password", "short"),
        ("password", "x" * 129),
        ("password", "nul\x00in the password"),
        ("email", "no-at-sign"),
        ("email", "two@@example.com"),
        ("email", "a space@example.com"),
        ("email", "nul\x00@example.com"),
        ("email", "x" * 244 + "@example.com"),
    ],
)
def test_create_user_invalid(
    client: TestClient,
    engine: Engine,
    field: str,
    value: str,
) -> None:
    add_user(engine, is_superuser=True)
    response = create(client, token_of(client), NEW_USER | {field: value})
    assert response.status_code == 422


@pytest.mark.parametrize("field", ["email", "password"])
def test_create_user_lone_surrogate(
    client: TestClient,
    engine: Engine,
    field: str,
) -> None:
    # JSON may escape half a UTF-16 pair, which no UTF-8 text holds: a 422, not a 500.
    add_user(engine, is_superuser=True)
    url = app.url_path_for("create_user")
    # json.dumps escapes it as `\ud800`, as a client would.
    content = json.dumps(NEW_USER | {field: "\ud800" + NEW_USER[field]})
    headers = bearer(token_of(client)) | {"Content-Type": "application/json"}
    response = client.post(url, content=content, headers=headers)
    assert response.status_code == 422


class Terminal(io.StringIO):
    """A standard input that is a terminal: the password is asked for."""

    def isatty(self) -> bool:
        return True


def run_command(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str,
) -> int:
    """Run `python -m petsage.users` on the test database, the password piped in."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return users.main(argv, engine=engine)


def test_command_creates_user(
    client: TestClient,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["create", EMAIL, "--superuser"]
    assert run_command(engine, monkeypatch, argv, PASSWORD + "\n") == 0
    assert capsys.readouterr().out.startswith(f"created superuser {EMAIL} (id ")
    # The user can log in, and create others.
    assert create(client, token_of(client), NEW_USER).status_code == 201


def test_command_asks_at_a_terminal(
    client: TestClient,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = iter([PASSWORD, PASSWORD])

    def typed(_prompt: str) -> str:
        return next(answers)

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", typed)
    assert users.main(["create", EMAIL], engine=engine) == 0
    assert me(client, token_of(client)).json()["is_superuser"] is False


def test_command_passwords_differ(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = iter([PASSWORD, PASSWORD + "!"])

    def typed(_prompt: str) -> str:
        return next(answers)

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", typed)
    assert users.main(["create", EMAIL], engine=engine) == 1
    assert capsys.readouterr().err == "error: the passwords do not match\n"


def test_command_duplicate_email(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_user(engine)
    assert run_command(engine, monkeypatch, ["create", EMAIL], PASSWORD) == 1
    assert capsys.readouterr().err == "error: A user with this email already exists\n"


def test_command_short_password(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_command(engine, monkeypatch, ["create", EMAIL], "short\n") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: password: ")
    assert err.count("\n") == 1
    with Session(engine) as session:
        assert session.get(User, 1) is None
