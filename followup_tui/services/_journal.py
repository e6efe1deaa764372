"""The undo journal: exactly which rows one log, skip or "later" created, and the values
it changed (before and after), recorded inside its own write transaction.

Created rows are the ids above each table's largest id when the write began, read at its
end: the write lock is held from BEGIN IMMEDIATE to commit, so no other window can add a
row in between, and the list is exact. (Read at undo time instead, as it once was, the same
comparison swept up what other windows saved since.) Changed rows are caught as they are
written: the ORM's dirty rows before each flush, and the rows a bulk UPDATE is about to
hit, each read from the database the first time, before the write changes it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, event, func, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from followup_tui.db import tables


class Created(NamedTuple):
    """A row the log added, and a fingerprint of it as the log left it."""

    table: str
    id: int
    fingerprint: str


class Changed(NamedTuple):
    """A row the log changed: the columns it changed, before and after."""

    table: str
    id: int
    before: dict[str, Any]
    after: dict[str, Any]


ID_TABLES: dict[str, Table] = {
    name: table for name, table in tables.metadata.tables.items() if "id" in table.c
}
"""Every table whose rows have an id: what a log can add to."""

GUARDED = {"touches": ("status",)}
"""Columns journaled with a changed row even when the log left them as they were: a call
it moved, or whose title it changed, is not put back once it has been worked."""


def encode(value: object) -> object:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    raise TypeError(f"cannot keep {value!r} for undo")


def decode(value: dict[str, Any]) -> object:
    if value.keys() == {"date"}:
        return date.fromisoformat(str(value["date"]))
    if value.keys() == {"datetime"}:
        return datetime.fromisoformat(str(value["datetime"]))
    return value


def fingerprint(row: Mapping[str, Any]) -> str:
    """The whole row, as one short string: any change to it since changes this."""
    text = json.dumps([[k, row[k]] for k in sorted(row)], default=encode)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def read_row(connection: Connection, table: str, row_id: int) -> dict[str, Any] | None:
    found = ID_TABLES[table]
    row = connection.execute(select(found).where(found.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


class Recorder:
    """Watches one write transaction's session; `finish` answers what it created and changed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        connection = session.connection()
        self.max_ids = {
            name: connection.scalar(select(func.max(table.c.id))) or 0
            for name, table in ID_TABLES.items()
        }
        self.before: dict[tuple[str, int], dict[str, Any]] = {}

    def _remember(self, table: str, row: Mapping[str, Any]) -> None:
        key = (table, int(row["id"]))
        if table in ID_TABLES and key[1] <= self.max_ids[table] and key not in self.before:
            self.before[key] = dict(row)

    def _before_flush(self, session: Session, _context: UOWTransaction, _objects: Any) -> None:
        if session.deleted:
            raise RuntimeError("a journaled write deletes a row: undo could not put it back")
        connection = session.connection()
        for obj in session.dirty:
            state = inspect(obj)
            if state.identity is None:
                continue
            table = state.mapper.local_table.name
            if table in ID_TABLES and (table, state.identity[0]) not in self.before:
                # Not yet flushed since it was first changed: the file still holds "before".
                row = read_row(connection, table, int(state.identity[0]))
                if row is not None:
                    self._remember(table, row)

    def _before_execute(self, state: ORMExecuteState) -> None:
        if state.is_delete:
            raise RuntimeError("a journaled write deletes rows: undo could not put them back")
        if not state.is_update:
            return
        statement: Any = state.statement
        table = statement.table
        if table.name not in ID_TABLES:
            return
        query = select(ID_TABLES[table.name])
        if statement.whereclause is not None:
            query = query.where(statement.whereclause)
        self.session.flush()
        for row in self.session.connection().execute(query).mappings():
            self._remember(table.name, dict(row))

    def start(self) -> None:
        event.listen(self.session, "before_flush", self._before_flush)
        event.listen(self.session, "do_orm_execute", self._before_execute)

    def stop(self) -> None:
        event.remove(self.session, "before_flush", self._before_flush)
        event.remove(self.session, "do_orm_execute", self._before_execute)

    def created_ids(self, table: str) -> list[int]:
        self.session.flush()
        found = ID_TABLES[table]
        return list(
            self.session.connection().scalars(
                select(found.c.id).where(found.c.id > self.max_ids[table]).order_by(found.c.id)
            )
        )

    def finish(self) -> tuple[tuple[Created, ...], tuple[Changed, ...]]:
        """What the write created and changed, as it stands now (call it last)."""
        self.session.flush()
        connection = self.session.connection()
        created = []
        for name, table in ID_TABLES.items():
            query = select(table).where(table.c.id > self.max_ids[name]).order_by(table.c.id)
            created += [
                Created(name, int(row["id"]), fingerprint(dict(row)))
                for row in connection.execute(query).mappings()
            ]
        changed = []
        for (name, row_id), before in sorted(self.before.items()):
            now = read_row(connection, name, row_id)
            if now is None:
                raise RuntimeError("a journaled write deleted a row: undo could not put it back")
            columns = [c for c in before if before[c] != now[c]]
            if not columns:
                continue
            columns += [c for c in GUARDED.get(name, ()) if c not in columns]
            changed.append(
                Changed(
                    name,
                    row_id,
                    {c: before[c] for c in columns},
                    {c: now[c] for c in columns},
                )
            )
        return tuple(created), tuple(changed)


@contextmanager
def recording(session: Session) -> Iterator[Recorder]:
    """Journal what is written in `session` inside the block (a write transaction)."""
    recorder = Recorder(session)
    recorder.start()
    try:
        yield recorder
    finally:
        recorder.stop()


def references(table: str) -> Iterable[tuple[str, str]]:
    """(table, column) pairs that point at `table`'s ids: foreign keys, and the touches'
    note of the outcome that planned them."""
    for name, other in ID_TABLES.items():
        for column in other.c:
            if any(fk.column.table.name == table for fk in column.foreign_keys):
                yield name, column.name
    if table == "outcomes":
        yield "touches", "from_outcome_id"
