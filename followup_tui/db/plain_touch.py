"""A touch from its plain columns: the first look's list and the cards read before the
book is open build touches from sqlite3 rows alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from followup_tui.domain.model import Channel, Touch


def pending_touch(row: tuple[Any, ...]) -> Touch:
    """A pending touch from its plain columns, in first_look.DUE_BY's order (id to due_time)."""
    touch_id, contact_id, playbook, step, due_on, channel, priority = row[:7]
    run_id, attempt, is_issue, order_id, title, due_time = row[7:]
    return Touch(
        id=touch_id,
        contact_id=contact_id,
        playbook=playbook,
        step=step,
        due=date.fromisoformat(due_on),
        channel=Channel(channel),
        priority=priority,
        run_id=run_id,
        attempt=attempt,
        is_issue=bool(is_issue),
        order_id=order_id,
        title=title,
        time=due_time,
    )
