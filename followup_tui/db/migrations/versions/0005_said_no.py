"""A contact remembers that she said "not interested", and since when: selling playbooks,
catalogue broadcasts and team events leave her out until she orders, books or asks to be
called again, and her card says so.

Filled from the outcomes already stored: a contact whose last word (the latest outcome
that said something) was "not interested", with no order after it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (batch mode on SQLite alters in place for an added column).
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("said_no_on", sa.Date(), nullable=True))
    op.execute(
        """
        UPDATE contacts SET said_no_on = (
            SELECT o.occurred_on FROM outcomes o
            WHERE o.contact_id = contacts.id AND o.said IS NOT NULL
            ORDER BY o.occurred_on DESC, o.id DESC LIMIT 1
        )
        WHERE (
            SELECT o.said FROM outcomes o
            WHERE o.contact_id = contacts.id AND o.said IS NOT NULL
            ORDER BY o.occurred_on DESC, o.id DESC LIMIT 1
        ) = 'not-interested'
        """
    )
    op.execute(
        """
        UPDATE contacts SET said_no_on = NULL
        WHERE said_no_on IS NOT NULL AND EXISTS (
            SELECT 1 FROM orders WHERE orders.contact_id = contacts.id
            AND orders.ordered_on > contacts.said_no_on
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("said_no_on")
