"""Hostile Things: the table model of the resource.

Things ""\" ''' {{ 7*7 }} {% raw %} \\ end
line two
"""

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


class HostileThing(SQLModel, table=True):
    """The HostileThing table: its columns as stored.

    A table model does not validate: the API schemas check what a client sends.
    """

    id: int | None = Field(default=None, primary_key=True)
    label: str
    note: str | None = '{% raw %}"""\\'
    words: list[str] = Field(
        sa_type=JSON,
    )
