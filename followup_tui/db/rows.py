"""Rows as the tables store them, written on the Core tables alone: the shell's quick add,
the app's, a referral named on a call, an import and the ORM flows share them, and no
mapped class is needed for any of it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.orm import Session

from followup_tui.db import tables
from followup_tui.domain.model import (
    Category,
    Channel,
    Kind,
    Level,
    NewContact,
    Run,
    RunStatus,
    TouchStatus,
    team_level,
)
from followup_tui.domain.playbooks import Library
from followup_tui.domain.schedule import PlannedTouch, Rules, start_run

Executor = Session | Connection
"""Where the statements run: an ORM flow's session (its transaction) or a connection."""


def team_level_value(kind: Kind, level: Level | None) -> str | None:
    """team_level() as the contacts table stores it."""
    team = team_level(kind, level)
    return team.value if team else None


def insert_contact(
    executor: Executor,
    library: Library,
    new: NewContact,
    today: date,
    rules: Rules,
) -> int:
    """The contact, how its kind began, its facts and note, and its kind's first playbook
    with the touches it plans; inside the caller's transaction. Answers its id."""
    level = team_level(new.kind, new.level)
    level_value = team_level_value(new.kind, new.level)
    contact_id: int = executor.execute(
        insert(tables.contacts)
        .returning(tables.contacts.c.id)
        .values(
            name=new.name,
            kind=new.kind.value,
            team_level=level_value,
            phone=new.phone,
            email=new.email,
            met_at=new.met_at,
            met_on=new.met_on,
            referred_by_id=new.referred_by,
            do_not_contact=False,
            discreet=False,
            is_me=False,
            created_on=today,
        )
    ).scalar_one()
    executor.execute(
        insert(tables.kind_changes).values(
            contact_id=contact_id,
            kind=new.kind.value,
            team_level=level_value,
            changed_on=today,
            reason="added",
        )
    )
    facts = dict(new.facts)  # a key given twice keeps its last value
    if facts:
        executor.execute(
            insert(tables.facts),
            [
                {"contact_id": contact_id, "key": key, "value": value, "noted_on": today}
                for key, value in facts.items()
            ],
        )
    if new.note:
        executor.execute(
            insert(tables.notes).values(
                contact_id=contact_id, body=new.note, written_on=today, created_at=datetime.now()
            )
        )
    # A lead's Day 3 counts from when you met; everything else from today.
    anchor = new.met_on if new.kind is Kind.LEAD and new.met_on else today
    playbook = library.start_for(new.kind, level)
    values = run_values(contact_id, playbook, anchor, today)
    run_id: int = executor.execute(
        insert(tables.runs).returning(tables.runs.c.id).values(**values)
    ).scalar_one()
    run = Run(id=run_id, contact_id=contact_id, playbook=playbook, anchor=anchor)
    planned = start_run(library[playbook], run, today, rules)
    if planned:
        executor.execute(
            insert(tables.touches),
            [touch_values(contact_id, run_id, p, today, call_only=False) for p in planned],
        )
    else:
        executor.execute(
            update(tables.runs)
            .where(tables.runs.c.id == run_id)
            .values(status=RunStatus.ENDED.value, ended_on=today, ended_reason="nothing due")
        )
    return contact_id


def run_values(
    contact_id: int,
    playbook: str,
    anchor: date,
    today: date,
    *,
    track: str = "steps",
    category: Category | None = None,
    order_id: int | None = None,
    reorder_day: int | None = None,
    flags: frozenset[str] = frozenset(),
    party_id: int | None = None,
    event_id: int | None = None,
) -> dict[str, Any]:
    """A new active run as the runs table stores it: for a row object or an insert."""
    return {
        "contact_id": contact_id,
        "playbook": playbook,
        "track": track,
        "anchor_on": anchor,
        "status": RunStatus.ACTIVE.value,
        "category": category.value if category else None,
        "order_id": order_id,
        "reorder_day": reorder_day,
        "flags": " ".join(sorted(flags)),
        "party_id": party_id,
        "event_id": event_id,
        "started_on": today,
        "issue_open": False,
        "had_issue": False,
        "asked_callback": False,
    }


def touch_values(
    contact_id: int,
    run_id: int | None,
    planned: PlannedTouch,
    today: date,
    *,
    call_only: bool,
    order_id: int | None = None,
    from_outcome_id: int | None = None,
) -> dict[str, Any]:
    """A planned touch as the touches table stores it: for a row object or an insert."""
    return {
        "contact_id": contact_id,
        "run_id": run_id,
        "playbook": planned.playbook,
        "step": planned.step,
        "title": planned.title,
        # A discreet contact: call only, no texts, emails or cards that others might read.
        "channel": Channel.CALL.value if call_only else planned.channel.value,
        "due_on": planned.due,
        "priority": planned.priority,
        "status": TouchStatus.PENDING.value,
        "attempt": planned.attempt,
        "is_issue": planned.is_issue,
        "order_id": order_id,
        "created_on": today,
        "from_outcome_id": from_outcome_id,
    }


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` in one executemany and return their ids, in order.

    INSERT ... RETURNING keeping the rows' order goes one row a statement on SQLite
    (20,000 statements for 10,000 contacts); within this write transaction SQLite gives
    an INTEGER PRIMARY KEY max+1, row after row, so the ids are known without it. The
    count afterwards makes sure of that rather than trusting it.
    """
    id_column = table.c.id
    before = session.scalar(select(func.coalesce(func.max(id_column), 0))) or 0
    session.execute(insert(table), rows)
    after = session.scalar(select(func.count()).where(id_column > before))
    if after != len(rows):
        raise RuntimeError(f"{table.name}: ids not in one run after a bulk insert")
    return list(range(before + 1, before + 1 + len(rows)))
