"""Indexes for a big book's first frame: today's order read from one index, and
the calls worked today counted without reading every outcome ever logged.

At 100,000 contacts (900,000 touches, 800,000 outcomes) the count of today's outcomes
scanned them all (85 ms), and ordering today's 4,000 calls read each touch row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_touches_pending_due", table_name="touches")
    op.create_index(
        "ix_touches_pending_order",
        "touches",
        ["due_on", "playbook", "priority"],
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.create_index("ix_outcomes_occurred_on", "outcomes", ["occurred_on"])


def downgrade() -> None:
    op.drop_index("ix_outcomes_occurred_on", table_name="outcomes")
    op.drop_index("ix_touches_pending_order", table_name="touches")
    op.create_index(
        "ix_touches_pending_due",
        "touches",
        ["due_on"],
        sqlite_where=sa.text("status = 'pending'"),
    )
