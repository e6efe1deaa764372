"""Taking back the last thing done to a call: a logged outcome, a skip, or a "later".

Each keeps a journal of exactly the rows it created and the values it changed (see
_journal.py); undo deletes those rows and puts those values back, and nothing else. What
another window (or the desk itself) saved since is never touched: if it built on what the
log did, the undo is refused in one line that says what changed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.orm import Session

from followup_tui.db import tables
from followup_tui.db.engine import Database
from followup_tui.db.models import NoteRow, SettingRow
from followup_tui.domain.model import TouchStatus
from followup_tui.errors import InputError
from followup_tui.services._journal import (
    ID_TABLES,
    Changed,
    Created,
    decode,
    encode,
    fingerprint,
    read_row,
    references,
)
from followup_tui.services._runs import timestamp

LOG, SKIP, LATER = "log", "skip", "later"
JOURNAL_VERSION = 2


@dataclass(frozen=True)
class UndoLog:
    """What logging an outcome (or a skip, or a "later") did, so exactly that is taken back."""

    kind: str
    """log, skip or later: what is taken back."""
    touch_id: int
    contact_id: int
    created: tuple[Created, ...] = ()
    changed: tuple[Changed, ...] = ()
    outcome_id: int = 0
    note: str | None = None
    """What she typed with the log: kept on her card when the log is taken back."""
    due_before: date | None = None
    """A "later": the day the call was due before it was moved."""
    time_before: str | None = None
    """A "later": the time it had on that day, if any."""

    def to_json(self) -> str:
        """For the shell's `followup undo`, kept in the database between commands."""
        return json.dumps(
            {
                "version": JOURNAL_VERSION,
                "kind": self.kind,
                "touch_id": self.touch_id,
                "contact_id": self.contact_id,
                "created": [list(c) for c in self.created],
                "changed": [list(c) for c in self.changed],
                "outcome_id": self.outcome_id,
                "note": self.note,
                "due_before": self.due_before,
                "time_before": self.time_before,
            },
            default=encode,
        )

    @classmethod
    def from_json(cls, text: str) -> UndoLog:
        """Raises ValueError for what is not a journal (one kept by an older version)."""
        try:
            data = json.loads(text, object_hook=decode)
            if data.get("version") != JOURNAL_VERSION:
                raise ValueError("not an undo journal")
            undo = cls(
                kind=str(data["kind"]),
                touch_id=int(data["touch_id"]),
                contact_id=int(data["contact_id"]),
                created=tuple(Created(str(t), int(i), str(f)) for t, i, f in data["created"]),
                changed=tuple(
                    Changed(str(t), int(i), dict(b), dict(a)) for t, i, b, a in data["changed"]
                ),
                outcome_id=int(data["outcome_id"]),
                note=data["note"],
                due_before=data["due_before"],
                time_before=data["time_before"],
            )
        except (AttributeError, KeyError, TypeError) as error:
            raise ValueError("not an undo journal") from error
        if any(table not in ID_TABLES for table, *_ in (*undo.created, *undo.changed)):
            raise ValueError("a journal of tables this book does not have")
        return undo


def undo_log(db: Database, undo: UndoLog) -> None:
    """Take back the last logged outcome, skip or "later": the rows it created go, the
    values it changed come back; or, if anything of it was changed since, nothing does."""
    with db.begin() as session:
        connection = session.connection()
        _refuse_if_undone(connection, undo)
        _refuse_if_changed_since(connection, undo)
        note_on = None
        if undo.note and undo.outcome_id:
            outcome = read_row(connection, "outcomes", undo.outcome_id)
            note_on = outcome["occurred_on"] if outcome else None
        _take_back(connection, undo)
        if undo.note and note_on is not None:
            # The log goes; what was typed about the person stays.
            session.add(
                NoteRow(
                    contact_id=undo.contact_id,
                    body=undo.note,
                    written_on=note_on,
                    created_at=timestamp(),
                )
            )


def _refuse_if_undone(connection: Connection, undo: UndoLog) -> None:
    already = InputError(f"that {UNDONE_WORDS.get(undo.kind, 'change')} was already undone")
    if undo.kind == LOG and read_row(connection, "outcomes", undo.outcome_id) is None:
        raise already
    if undo.kind == SKIP:
        skipped = read_row(connection, "touches", undo.touch_id)
        if skipped is None or skipped["status"] != TouchStatus.SKIPPED.value:
            raise already
    if (
        undo.kind == LATER
        and undo.changed
        and all(
            (row := read_row(connection, c.table, c.id)) is not None
            and all(row[k] == v for k, v in c.before.items())
            for c in undo.changed
        )
    ):
        raise already


UNDONE_WORDS = {LOG: "log", SKIP: "skip", LATER: "move"}


FIRST = {"contacts": 0, "touches": 1}


def _refuse_if_changed_since(connection: Connection, undo: UndoLog) -> None:
    words = _Words(connection)
    # What says most first: her card ("Dana's \"not interested\" was changed since"),
    # then her calls ("Dana's call of 25 Nov has been worked since").
    checks: list[Changed | Created] = [*undo.changed, *undo.created]
    for c in sorted(checks, key=lambda c: FIRST.get(c.table, len(FIRST))):
        row = read_row(connection, c.table, c.id)
        if row is None:
            raise InputError(f"too late to undo: {words.gone(c.table)}")
        if isinstance(c, Changed):
            differs = [k for k, v in c.after.items() if k not in row or row[k] != v]
            if differs:
                raise InputError(f"too late to undo: {words.changed(c.table, row, differs)}")
        elif fingerprint(row) != c.fingerprint:
            raise InputError(f"too late to undo: {words.changed(c.table, row, None)}")
    created = {(c.table, c.id) for c in undo.created}
    # Something saved since that points at a row the log made: deleting it would take
    # that with it (or leave it pointing at nothing).
    by_table: dict[str, list[int]] = {}
    for c in undo.created:
        by_table.setdefault(c.table, []).append(c.id)
    for table, ids in by_table.items():
        for other, column in references(table):
            found = ID_TABLES[other]
            for since in connection.execute(
                select(found).where(found.c[column].in_(ids))
            ).mappings():
                if (other, since["id"]) in created:
                    continue
                made = read_row(connection, table, int(since[column]))
                assert made is not None
                raise InputError(f"too late to undo: {words.built_on(table, made, other)}")


def _take_back(connection: Connection, undo: UndoLog) -> None:
    ids: dict[str, list[int]] = {}
    for made in undo.created:
        ids.setdefault(made.table, []).append(made.id)
    # Rows that point at others first: an order's lines before the order, and so on.
    for table in reversed(tables.metadata.sorted_tables):
        if table.name in ids:
            connection.execute(delete(table).where(table.c.id.in_(ids[table.name])))
    for change in undo.changed:
        found = ID_TABLES[change.table]
        connection.execute(update(found).where(found.c.id == change.id).values(**change.before))


NOUNS = {
    "contacts": "contact",
    "touches": "call",
    "runs": "run of calls",
    "orders": "order",
    "order_lines": "order line",
    "outcomes": "logged call",
    "kind_changes": "change of kind",
    "notes": "note",
    "facts": "fact",
    "parties": "party",
    "party_guests": "place on a guest list",
    "events": "event",
}


def _article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _day(on: date) -> str:
    return f"{on.day} {on:%b}"


class _Words:
    """The row in a refusal, as she knows it: "Dana Whitfield's order of 3 Dec"."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def name(self, contact_id: object) -> str:
        row = read_row(self.connection, "contacts", int(str(contact_id)))
        return str(row["name"]) if row else "her"

    def gone(self, table: str) -> str:
        return f"{_article(NOUNS.get(table, 'row'))} it saved was deleted since"

    def what(self, table: str, row: dict[str, Any]) -> str:
        if table == "contacts":
            return str(row["name"])
        if table == "order_lines":
            order = read_row(self.connection, "orders", int(row["order_id"]))
            return self.what("orders", order) if order else "an order"
        whose = self.name(row.get("contact_id", row.get("hostess_id", 0)))
        if table == "touches":
            return f"{whose}'s call of {_day(row['due_on'])}"
        if table == "orders":
            return f"{whose}'s order of {_day(row['ordered_on'])}"
        if table == "runs":
            return f"{whose}'s {row['playbook']} playbook"
        if table == "outcomes":
            return f"{whose}'s call logged on {_day(row['occurred_on'])}"
        if table == "kind_changes":
            return f"{whose}'s kind"
        if table == "parties":
            return f"{whose}'s party of {_day(row['held_on'])}"
        if table == "events":
            return f"the {row['kind']} of {_day(row['held_on'])}"
        return f"{whose}'s {NOUNS.get(table, 'row')}"

    def changed(self, table: str, row: dict[str, Any], columns: list[str] | None) -> str:
        """`columns`: those no longer as the log left them (None: the row it created)."""
        if table == "touches":
            if row["status"] in (TouchStatus.DONE.value, TouchStatus.SKIPPED.value):
                return f"{self.what(table, row)} has been worked since"
            if columns and {"due_on", "due_time"} & set(columns):
                return f"{self.what(table, row)} was moved since"
            if row["status"] == TouchStatus.ENDED.value:
                return f"{self.what(table, row)} was closed since"
        if table == "contacts" and columns:
            aspect = (
                "kind"
                if {"kind", "team_level"} & set(columns)
                else '"not interested"'
                if "said_no_on" in columns
                else '"do not contact"'
                if "do_not_contact" in columns
                else "card"
            )
            return f"{row['name']}'s {aspect} was changed since"
        return f"{self.what(table, row)} was changed since"

    def built_on(self, table: str, made: dict[str, Any], other: str) -> str:
        """A row saved since (in `other`) points at `made`, which the log created."""
        if table == "contacts":
            return f"{made['name']} has {_article(NOUNS.get(other, 'row'))} since"
        if table == "touches" and other == "outcomes":
            return f"{self.what(table, made)} has been worked since"
        return f"{self.what(table, made)} was changed since"


SHELL_UNDO = "_shell_undo"
"""The settings key holding what the shell's last log, skip or later did."""


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
    try:
        undo = UndoLog.from_json(text)
    except ValueError:
        # Kept by a version that could not say exactly what it did: guessing could delete
        # what another window saved.
        raise InputError(
            "nothing to undo: the last log, skip or later was saved by an older followup"
        ) from None
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
