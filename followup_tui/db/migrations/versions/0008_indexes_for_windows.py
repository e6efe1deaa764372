"""Indexes for lists shown a window at a time, in the order they are shown.

The contacts screen shows the book by name (ORDER BY name, id) a window at a time, as
the cursor nears it. Without an index on the name, every window sorted all 100,000
contacts; with one, SQLite walks the index from the window's place (the id rides along
as the rowid, so the order needs no temp b-tree). Filtered by kind, the same walk within
a kind.

The glance ranks every contact by when she last heard from them (an outcome that got
through): a partial index of those outcomes by contact and date answers it from the
index alone (~2x faster measured). The reaches are written literally in its query, as
here, so SQLite can match the two.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_contacts_name", "contacts", ("name",)),
    ("ix_contacts_kind_name", "contacts", ("kind", "name")),
)


HEARD = "reach IN ('reached', 'texted', 'emailed', 'card-sent')"
"""Outcomes that got through (domain.model.Reach.got_through), as the glance writes it."""


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns))
    op.create_index(
        "ix_outcomes_heard", "outcomes", ["contact_id", "occurred_on"], sqlite_where=sa.text(HEARD)
    )


def downgrade() -> None:
    op.drop_index("ix_outcomes_heard", table_name="outcomes")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
