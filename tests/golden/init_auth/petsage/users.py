"""The command that creates users, e.g. the first superuser, who can then create others
through the API (`POST /api/v1/users`):

    python -m petsage.users create admin@example.com --superuser

The password is asked for twice (not echoed) when the input is a terminal; otherwise it
is the first line of the standard input, for scripts:

    printf '%s\\n' "$ADMIN_PASSWORD" | python -m petsage.users create admin@example.com

It writes to the app's database (`DATABASE_URL`), migrated (`alembic upgrade head`).
Exit status 0 when the user is created; 1, with one line on the standard error, for a
duplicate email, an invalid email or password or passwords that do not match.
"""

import argparse
import getpass
import sys
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from petsage import db
from petsage.api.v1.schemas.users import UserCreate
from petsage.services.users_service import EmailTakenError, create_user


def read_password() -> str:
    """The new user's password: typed twice at a terminal, else the input's first
    line (without its newline)."""
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != password:
            raise ValueError("the passwords do not match")
        return password
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")


def problems(error: ValidationError) -> str:
    """The errors of the body, on one line: `password: String should have ...`."""
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
        for item in error.errors()
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: `create EMAIL [--superuser]`."""
    parser = argparse.ArgumentParser(
        prog="python -m petsage.users",
        description="Manage the users who can log in.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser(
        "create",
        help="create a user",
        description="Create a user. The password is typed twice at a terminal; "
        "otherwise it is the first line of the standard input.",
    )
    create.add_argument("email")
    create.add_argument(
        "--superuser",
        action="store_true",
        help="the user may create other users",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, engine: Engine | None = None) -> int:
    """Run the command; its exit status. `engine`: the database, by default the
    app's."""
    args = parse_args(argv)
    try:
        body = UserCreate(
            email=args.email,
            password=read_password(),
            is_superuser=args.superuser,
        )
    except ValidationError as error:
        print(f"error: {problems(error)}", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    with Session(engine or db.engine) as session:
        try:
            user = create_user(session, body)
        except EmailTakenError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    role = "superuser" if user.is_superuser else "user"
    print(f"created {role} {user.email} (id {user.id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
