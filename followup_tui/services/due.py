"""What is due: today's list in the desk's order, the day's counts, and the week ahead
a window at a time. Reads only; logging a call is in services/calls.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.first_look import DUE_BY, due_from_row
from followup_tui.db.models import OutcomeRow, TouchRow
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.domain.today import DayCounts, DueTouch, todays_order
from followup_tui.services._runs import due_calls


def todays_calls(db: Database, today: date, library: Library | None = None) -> list[DueTouch]:
    """Today's list in order. On SQLite the rows are read plain first: when they are the
    rows of the last read, the calls made from them then are answered again (the desk
    reloads after every change anyone makes, and at 7,000 due building the calls again
    was a tenth of a second of a thread holding the interpreter while she pressed keys)."""
    library = library or default_library()
    rows = _plain_due_rows(db, today)
    if rows is None:
        return todays_order(due_calls(db, today, None, library), today)
    last = _last_read[0] if _last_read else None
    if last is not None and not (last.db is db and last.library is library and last.today == today):
        last = None
    if last is not None and last.rows == rows:
        return list(last.items)
    # A call whose row is as it was is the call made from it then (one row changes at a
    # log): 7,000 built again held the interpreter beside the save for ~100 ms.
    before = last.made if last is not None else {}
    made = {row: before.get(row) or due_from_row(row, library) for row in rows}
    items = todays_order(list(made.values()), today)
    _last_read[:] = [_LastRead(db, library, today, rows, items, made)]
    return list(items)


@dataclass(frozen=True)
class _LastRead:
    """The last read of today's list: the book and playbooks themselves are held, so a
    new one at the same address is never taken for them."""

    db: Database
    library: Library
    today: date
    rows: list[tuple[object, ...]]
    items: list[DueTouch]
    made: dict[tuple[object, ...], DueTouch]


_last_read: list[_LastRead] = []


def _plain_due_rows(db: Database, today: date) -> list[tuple[object, ...]] | None:
    """Today's due rows as SQLite answers them (no SQLAlchemy row processing), or None on
    another database."""
    with db.read() as session:
        connection = session.connection()
        if connection.dialect.name != "sqlite":
            return None
        driver = connection.connection.driver_connection
        if driver is None:
            return None
        rows: list[tuple[object, ...]] = driver.execute(DUE_BY, (today.isoformat(),)).fetchall()
        return rows


def todays_call_ids(db: Database, today: date) -> frozenset[int]:
    """The touches on today's list, by id only: after a save of her own the desk asks
    this (a few ms from the partial index) and reads the whole list only when the calls
    on it are not the ones it shows."""
    with db.read() as session:
        found = session.connection().execute(
            select(TouchRow.id).where(TouchRow.status == repo.PENDING, TouchRow.due_on <= today)
        )
        return frozenset(found.scalars())


def day_counts(db: Database, today: date) -> DayCounts:
    """Touches worked today, and touches still due (today's and overdue)."""
    with db.read() as session:
        done = session.scalar(
            select(func.count(OutcomeRow.id)).where(OutcomeRow.occurred_on == today)
        )
        left = session.scalar(
            select(func.count(TouchRow.id)).where(
                TouchRow.status == repo.PENDING, TouchRow.due_on <= today
            )
        )
    return DayCounts(done or 0, left or 0)


def upcoming(
    db: Database, today: date, days: int = 7, library: Library | None = None
) -> list[DueTouch]:
    """Touches due after today, up to `days` ahead, by date then priority."""
    until = today + timedelta(days=days)
    return due_calls(db, until, today, library or default_library())


def upcoming_count(db: Database, today: date, days: int = 7) -> int:
    """How many touches `upcoming` has."""
    with db.read() as session:
        return repo.count_due_touches(session, today + timedelta(days=days), after=today)


def upcoming_window(
    db: Database, today: date, start: int, stop: int, days: int = 7, library: Library | None = None
) -> list[DueTouch]:
    """`upcoming(...)[start:stop]`, read from SQL alone: a screen shows a window."""
    until = today + timedelta(days=days)
    return due_calls(db, until, today, library or default_library(), window=(start, stop))


def upcoming_position(db: Database, today: date, touch_id: int, days: int = 7) -> int | None:
    """Where the touch is in `upcoming`, None when it is not there (worked, moved)."""
    with db.read() as session:
        until = today + timedelta(days=days)
        return repo.due_touch_position(session, touch_id, until, after=today)
