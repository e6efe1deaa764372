"""Taking back the last logged outcome."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    KindChangeRow,
    NoteRow,
    OrderRow,
    OutcomeRow,
    RunRow,
    TouchRow,
)
from followup_tui.domain.model import RunStatus
from followup_tui.errors import InputError
from followup_tui.services._runs import contact_row_by_id, timestamp


@dataclass(frozen=True)
class UndoLog:
    """What logging an outcome changed, so the last log can be taken back."""

    outcome_id: int
    touch_id: int
    contact_id: int
    run_id: int | None
    run_before: dict[str, object] | None
    contact_before: tuple[str, str | None, bool, date | None]
    """kind, team level, do not contact, said not interested on."""
    pending_before: tuple[int, ...]
    active_runs_before: tuple[int, ...]
    max_ids: dict[str, int]


RUN_STATE = (
    "anchor_on",
    "position",
    "status",
    "delivery_on",
    "reorder_day",
    "issue_open",
    "had_issue",
    "asked_callback",
    "flags",
    "ended_on",
    "ended_reason",
)


UNDO_TABLES = {
    "touches": TouchRow,
    "runs": RunRow,
    "contacts": ContactRow,
    "orders": OrderRow,
    "kind_changes": KindChangeRow,
}


def what_changed(session: Session, undo: UndoLog) -> UndoLog:
    """Of what was pending and active before the log, only what the log closed."""
    session.flush()
    still_pending = set(
        session.scalars(
            select(TouchRow.id).where(
                TouchRow.id.in_(undo.pending_before), TouchRow.status == repo.PENDING
            )
        )
    )
    still_active = set(
        session.scalars(
            select(RunRow.id).where(
                RunRow.id.in_(undo.active_runs_before), RunRow.status == RunStatus.ACTIVE.value
            )
        )
    )
    return replace(
        undo,
        pending_before=tuple(t for t in undo.pending_before if t not in still_pending),
        active_runs_before=tuple(r for r in undo.active_runs_before if r not in still_active),
    )


def snapshot(session: Session, contact: ContactRow, touch: TouchRow) -> UndoLog:
    run = session.get(RunRow, touch.run_id) if touch.run_id else None
    pending = session.scalars(
        select(TouchRow.id).where(
            TouchRow.contact_id == contact.id, TouchRow.status == repo.PENDING
        )
    )
    active = session.scalars(
        select(RunRow.id).where(
            RunRow.contact_id == contact.id, RunRow.status == RunStatus.ACTIVE.value
        )
    )
    return UndoLog(
        outcome_id=0,
        touch_id=touch.id,
        contact_id=contact.id,
        run_id=run.id if run else None,
        run_before={name: getattr(run, name) for name in RUN_STATE} if run else None,
        contact_before=(
            contact.kind,
            contact.team_level,
            contact.do_not_contact,
            contact.said_no_on,
        ),
        pending_before=tuple(pending),
        active_runs_before=tuple(active),
        max_ids={
            name: session.scalar(select(func.max(table.id))) or 0  # type: ignore[attr-defined]
            for name, table in UNDO_TABLES.items()
        },
    )


def undo_log(db: Database, undo: UndoLog) -> None:
    """Take back the last logged outcome: its touches, orders, referral and changes."""
    from sqlalchemy import delete

    with db.begin() as session:
        outcome = session.get(OutcomeRow, undo.outcome_id)
        if outcome is None:
            raise InputError("that log was already undone")
        if outcome.note:
            # The log goes; what was typed about the person stays.
            session.add(
                NoteRow(
                    contact_id=undo.contact_id,
                    body=outcome.note,
                    written_on=outcome.occurred_on,
                    created_at=timestamp(),
                )
            )
        contact_ids = [undo.contact_id] + list(
            session.scalars(
                select(ContactRow.id).where(
                    ContactRow.id > undo.max_ids["contacts"],
                    ContactRow.referred_by_id == undo.contact_id,
                )
            )
        )
        worked = session.scalar(
            select(func.count(TouchRow.id)).where(
                TouchRow.id > undo.max_ids["touches"],
                TouchRow.contact_id.in_(contact_ids),
                TouchRow.status != repo.PENDING,
            )
        )
        if worked:
            raise InputError("too late to undo: what it scheduled has been worked since")
        session.execute(delete(OutcomeRow).where(OutcomeRow.id == undo.outcome_id))
        for name in ("touches", "runs", "orders", "kind_changes"):
            table = UNDO_TABLES[name]
            session.execute(
                delete(table).where(
                    table.id > undo.max_ids[name],  # type: ignore[attr-defined]
                    table.contact_id.in_(contact_ids),  # type: ignore[attr-defined]
                )
            )
        session.execute(delete(ContactRow).where(ContactRow.id.in_(contact_ids[1:])))
        contact = contact_row_by_id(session, undo.contact_id)
        (
            contact.kind,
            contact.team_level,
            contact.do_not_contact,
            contact.said_no_on,
        ) = undo.contact_before
        if undo.run_id is not None and undo.run_before is not None:
            run = session.get(RunRow, undo.run_id)
            if run is not None:
                for name, value in undo.run_before.items():
                    setattr(run, name, value)
        session.execute(
            update(TouchRow)
            .where(TouchRow.id.in_(undo.pending_before))
            .values(status=repo.PENDING, closed_on=None, close_reason=None)
        )
        session.execute(
            update(RunRow)
            .where(RunRow.id.in_(undo.active_runs_before))
            .values(status=RunStatus.ACTIVE.value, ended_on=None, ended_reason=None)
        )
