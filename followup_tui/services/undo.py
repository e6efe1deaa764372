"""Taking back the last thing done to a call: a logged outcome, a skip, or a "later"."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
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
    SettingRow,
    TouchRow,
)
from followup_tui.domain.model import RunStatus, TouchStatus
from followup_tui.errors import InputError
from followup_tui.services._runs import contact_row_by_id, timestamp

LOG, SKIP, LATER = "log", "skip", "later"


@dataclass(frozen=True)
class UndoLog:
    """What logging an outcome (or a skip, or a "later") changed, so it can be taken back."""

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
    kind: str = LOG
    """log, skip or later: what is taken back."""
    due_before: date | None = None
    """A "later": the day the call was due before it was moved."""
    time_before: str | None = None
    """A "later": the time it had on that day, if any."""

    def to_json(self) -> str:
        """For the shell's `followup undo`, kept in the database between commands."""
        return json.dumps(asdict(self), default=_encode)

    @classmethod
    def from_json(cls, text: str) -> UndoLog:
        data = json.loads(text, object_hook=_decode)
        return cls(
            **{
                **data,
                "contact_before": tuple(data["contact_before"]),
                "pending_before": tuple(data["pending_before"]),
                "active_runs_before": tuple(data["active_runs_before"]),
            }
        )


def _encode(value: object) -> object:
    if isinstance(value, date):
        return {"date": value.isoformat()}
    raise TypeError(f"cannot keep {value!r} for undo")


def _decode(value: dict[str, object]) -> object:
    if value.keys() == {"date"}:
        return date.fromisoformat(str(value["date"]))
    return value


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


def undo_later(session: Session, undo: UndoLog) -> None:
    touch = session.get(TouchRow, undo.touch_id)
    if touch is None or touch.status != repo.PENDING:
        raise InputError("too late to undo: that call has been worked since")
    touch.due_on = undo.due_before or touch.due_on
    touch.due_time = undo.time_before


def undo_log(db: Database, undo: UndoLog) -> None:
    """Take back the last logged outcome, skip or "later": its touches, orders, referral
    and changes."""
    from sqlalchemy import delete

    with db.begin() as session:
        if undo.kind == LATER:
            undo_later(session, undo)
            return
        outcome = session.get(OutcomeRow, undo.outcome_id) if undo.kind == LOG else None
        if undo.kind == LOG and outcome is None:
            raise InputError("that log was already undone")
        if undo.kind == SKIP:
            skipped = session.get(TouchRow, undo.touch_id)
            if skipped is None or skipped.status != TouchStatus.SKIPPED.value:
                raise InputError("that skip was already undone")
        if outcome is not None and outcome.note:
            # The log goes; what was typed about the person stays.
            session.add(
                NoteRow(
                    contact_id=undo.contact_id,
                    body=outcome.note,
                    written_on=outcome.occurred_on,
                    created_at=timestamp(),
                )
            )
        added = list(
            session.scalars(
                select(ContactRow.id).where(
                    ContactRow.id > undo.max_ids["contacts"],
                    ContactRow.referred_by_id == undo.contact_id,
                )
            )
        )
        contact_ids = [undo.contact_id, *added]
        if outcome is not None:
            # Someone else the log gave a call to (the referrer thanked): hers go too.
            contact_ids += [
                cid
                for cid in session.scalars(
                    select(TouchRow.contact_id).where(
                        TouchRow.from_outcome_id == outcome.id,
                        TouchRow.id > undo.max_ids["touches"],
                    )
                )
                if cid not in contact_ids
            ]
        worked = session.scalar(
            select(func.count(TouchRow.id)).where(
                TouchRow.id > undo.max_ids["touches"],
                TouchRow.contact_id.in_(contact_ids),
                # Worked or skipped since; one the log planned and ended at once (a lead's
                # next call, given way to the hostess playbook) is the log's own doing.
                TouchRow.status.in_([TouchStatus.DONE.value, TouchStatus.SKIPPED.value]),
            )
        )
        if worked:
            raise InputError("too late to undo: what it scheduled has been worked since")
        if outcome is not None:
            session.execute(delete(OutcomeRow).where(OutcomeRow.id == undo.outcome_id))
        for name in ("touches", "runs", "orders", "kind_changes"):
            table = UNDO_TABLES[name]
            session.execute(
                delete(table).where(
                    table.id > undo.max_ids[name],  # type: ignore[attr-defined]
                    table.contact_id.in_(contact_ids),  # type: ignore[attr-defined]
                )
            )
        session.execute(delete(ContactRow).where(ContactRow.id.in_(added)))
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


SHELL_UNDO = "_shell_undo"
"""The settings key holding what the shell's last log, skip or later changed."""


def remember(db: Database, undo: UndoLog) -> None:
    """The shell's last change, for `followup undo` (one, as the desk's `u`)."""
    from followup_tui.services.settings import store_value

    store_value(db, SHELL_UNDO, undo.to_json())


def undo_last(db: Database) -> UndoLog:
    """Take back what the shell did last; answers what it was."""
    from followup_tui.services.settings import store_value, stored_value

    text = stored_value(db, SHELL_UNDO)
    if not text:
        raise InputError(
            "nothing to undo: no log, skip or later from the shell since the last undo"
        )
    undo = UndoLog.from_json(text)
    undo_log(db, undo)
    store_value(db, SHELL_UNDO, "")
    return undo


def drop_shell_undo(session: Session, contact_ids: Iterable[int]) -> None:
    """The shell's `followup undo` of a call of theirs would take back rows that are not
    what it saved: it is dropped."""
    row = session.get(SettingRow, SHELL_UNDO)
    if row is None or not row.value:
        return
    try:
        about = json.loads(row.value).get("contact_id")
    except (ValueError, AttributeError):
        about = None
    if about in set(contact_ids):
        row.value = ""
