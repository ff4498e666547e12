"""Alembic's environment: every table model, on the app's database (`DATABASE_URL`)."""

import importlib
import pkgutil
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import petsage.models
from petsage.db import DATABASE_URL

# Every module of the models package, so that autogenerate and `alembic check` see every
# table, however many resources there are.
for found in pkgutil.walk_packages(petsage.models.__path__, "petsage.models."):
    importlib.import_module(found.name)

target_metadata = SQLModel.metadata
# SQLite alters a table by copying it: batch mode does that.
batch = DATABASE_URL.startswith("sqlite")


def render_item(
    kind: str, obj: Any, autogen_context: AutogenContext
) -> str | Literal[False]:
    """Write SQLModel's column types as typed names: its AutoString as the String it is
    on SQLite and PostgreSQL, its UTCDateTime imported."""
    if kind == "type" and isinstance(obj, AutoString):
        return f"sa.{obj.impl!r}"
    if kind == "type" and type(obj).__module__ == "sqlmodel.sql.sqltypes":
        name = type(obj).__name__
        autogen_context.imports.add(f"from sqlmodel.sql.sqltypes import {name}")
        return repr(obj)
    return False


def run_migrations_offline() -> None:
    """Write the migrations' SQL, without a database (`alembic upgrade --sql`)."""
    context.configure(
        url=DATABASE_URL,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=batch,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the database."""
    engine = create_engine(DATABASE_URL, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=batch,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
