"""The reorder call becomes its own track: a new customer's reorder call was the last
step of her welcome chain, and came only once the welcome calls were worked (and moved
when they ran late). From now on an order starts a reorder run of its own; this moves
the reorder of every active new-customer run onto one, on the same day.

Data only: no column changes. The pending reorder call, when there is one, moves to the
new run as it is (its due date, its tries); otherwise the call is planned on the day the
product runs out (overdue if that day has passed, as it should have been called).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REORDER_PRIORITY = 4
REORDER_TITLE = "Reorder: almost out? ask for a referral"
"""data/playbooks/reorder.toml's step, as shipped."""


def upgrade() -> None:
    bind = op.get_bind()
    runs = sa.table(
        "runs",
        *(
            sa.column(name)
            for name in (
                "id", "contact_id", "playbook", "track", "anchor_on", "position", "status",
                "category", "order_id", "reorder_day", "delivery_on", "party_id", "event_id",
                "issue_open", "had_issue", "asked_callback", "flags", "started_on",
                "ended_on", "ended_reason",
            )
        ),
    )  # fmt: skip
    touches = sa.table(
        "touches",
        *(
            sa.column(name)
            for name in (
                "id", "contact_id", "run_id", "playbook", "step", "title", "due_on",
                "channel", "priority", "status", "attempt", "is_issue", "order_id",
                "created_on", "from_outcome_id", "closed_on", "close_reason",
            )
        ),
    )  # fmt: skip
    welcome = bind.execute(
        sa.select(runs).where(
            runs.c.playbook == "new-customer",
            runs.c.status == "active",
            runs.c.reorder_day.is_not(None),
        )
    ).all()
    for run in welcome:
        reorder_id = bind.execute(
            sa.insert(runs)
            .values(
                contact_id=run.contact_id,
                playbook="reorder",
                track="steps",
                anchor_on=run.anchor_on,
                status="active",
                category=run.category,
                order_id=run.order_id,
                reorder_day=run.reorder_day,
                flags="",
                started_on=run.started_on,
                issue_open=False,
                had_issue=False,
                asked_callback=False,
            )
            .returning(runs.c.id)
        ).scalar_one()
        moved = bind.execute(
            sa.update(touches)
            .where(
                touches.c.run_id == run.id,
                touches.c.step == "reorder",
                touches.c.status == "pending",
            )
            .values(run_id=reorder_id, playbook="reorder")
        ).rowcount
        if not moved:
            anchor = run.anchor_on
            if isinstance(anchor, str):  # SQLite hands a plain table's dates back as text
                anchor = date.fromisoformat(anchor)
            bind.execute(
                sa.insert(touches).values(
                    contact_id=run.contact_id,
                    run_id=reorder_id,
                    playbook="reorder",
                    step="reorder",
                    title=REORDER_TITLE,
                    channel="call",
                    due_on=anchor + timedelta(days=run.reorder_day),
                    priority=REORDER_PRIORITY,
                    status="pending",
                    attempt=1,
                    is_issue=False,
                    order_id=run.order_id,
                    created_on=run.started_on,
                )
            )
        still_waiting = bind.execute(
            sa.select(sa.func.count())
            .select_from(touches)
            .where(touches.c.run_id == run.id, touches.c.status == "pending")
        ).scalar_one()
        ended = {}
        if not still_waiting:
            # The welcome chain was done but for its reorder call: ended on its last call.
            last = bind.execute(
                sa.select(sa.func.max(touches.c.closed_on)).where(touches.c.run_id == run.id)
            ).scalar_one()
            ended = {
                "status": "ended",
                "ended_reason": "finished",
                "ended_on": last or run.started_on,
            }
        bind.execute(sa.update(runs).where(runs.c.id == run.id).values(reorder_day=None, **ended))


def downgrade() -> None:
    # The reorder runs stay: an older version reads them as the later orders' reorders.
    pass
