"""Create the user table.

The accounts that log in (petsage/security.py hashes their passwords).

Revision ID: 7f236ee37377
Revises: nothing (the first revision)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7f236ee37377"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the table, its keys and its indexes."""
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("hashed_password", sa.String(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("is_superuser", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
    )
    # Unique: one user per email, which a login looks up.
    op.create_index(op.f("ix_user_email"), "user", ["email"], unique=True)


def downgrade() -> None:
    """Drop the table and its indexes."""
    op.drop_index(op.f("ix_user_email"), table_name="user")
    op.drop_table("user")
