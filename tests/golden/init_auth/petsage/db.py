"""The database: the engine, the tables and a session per request."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import event
from sqlmodel import Session, SQLModel, create_engine

# By default a SQLite file in the project's directory, whatever the working directory.
DATABASE_FILE = Path(__file__).resolve().parents[1] / "petsage.db"
DEFAULT_DATABASE_URL = f"sqlite:///{DATABASE_FILE.as_posix()}"
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)

# SQLite connections are used by FastAPI's worker threads, not only by their creator.
connect_args: dict[str, Any] = (
    {"check_same_thread": False} if DATABASE_URL.startswith("sqlite") else {}
)
engine = create_engine(DATABASE_URL, connect_args=connect_args)


def enforce_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Make SQLite check foreign keys: it does so only on connections that ask."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


if DATABASE_URL.startswith("sqlite"):
    event.listen(engine, "connect", enforce_foreign_keys)


def create_db_and_tables() -> None:
    """Create the tables of every table model imported so far."""
    SQLModel.metadata.create_all(engine)


def get_session() -> Iterator[Session]:
    """Yield a session for one request, closed after the response."""
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
