"""Indexes for undo: the columns that point at a row a log made.

Before taking a log back, undo looks for anything saved since that points at the rows
it made (a touch planned by its outcome, a run or touch for its order, a contact it
referred, a run or order for its party or event). Seven of those columns had no index:
at 1,000,000 touches each look read the whole table (140 to 185 ms), with the book's
write lock held. (parties.hostess_id has none: one row a party, a small table.)
Partial indexes: most of these columns are empty, and a look for given ids never
matches an empty one.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_touches_from_outcome_id", "touches", "from_outcome_id"),
    ("ix_touches_order_id", "touches", "order_id"),
    ("ix_runs_order_id", "runs", "order_id"),
    ("ix_runs_party_id", "runs", "party_id"),
    ("ix_runs_event_id", "runs", "event_id"),
    ("ix_orders_party_id", "orders", "party_id"),
    ("ix_contacts_referred_by_id", "contacts", "referred_by_id"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], sqlite_where=sa.text(f"{column} IS NOT NULL"))


def downgrade() -> None:
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
