"""A touch may carry the time she was asked to call at ("call me tuesday after 6"):
`touches.due_time`, "18:00", empty for the touches already stored (a day alone); and an
outcome the time said with its date (`outcomes.said_time`: a meeting's hour, kept in her
history even when the call it schedules is the reminder the day before).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (batch mode on SQLite alters in place for an added column).
    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_time", sa.String(length=5), nullable=True))
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("said_time", sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_column("said_time")
    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.drop_column("due_time")
