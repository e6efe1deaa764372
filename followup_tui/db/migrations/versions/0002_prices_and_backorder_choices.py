"""Prices (a party's sales total), the choice made on a corporate backorder, and the
words of each touch as planned.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:40:29.382921
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_price_cents", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("backorder_choice", sa.String(length=16), nullable=True))

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_cents", sa.Integer(), nullable=True))

    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.drop_column("title")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("price_cents")

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("backorder_choice")
        batch_op.drop_column("unit_price_cents")
