"""Indexes for the week at a glance, by day.

The glance reads who is going quiet one rhythm at a time, and stops at the first
rhythm whose furthest possible drift is short of the last one listed: that needs the
book's oldest day, the first contact's or the first outcome's (outcomes by day have
ix_outcomes_occurred_on already). Its week counts read the team's new members and the
reorders of the week: without an index on the day, each read its whole table
(100,000 kind changes, ~10 ms; 40,000 orders, ~4 ms) for a handful of rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_contacts_created_on", "contacts", ("created_on",)),
    ("ix_kind_changes_changed_on", "kind_changes", ("changed_on",)),
    ("ix_orders_ordered_on", "orders", ("ordered_on",)),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns))


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
