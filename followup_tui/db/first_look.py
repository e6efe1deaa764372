"""Today's list straight from SQLite, for the first frame.

SQLAlchemy takes ~0.3 s to import on this hardware, longer than Textual itself; the
desk paints today's list from here (stdlib sqlite3, one query) while a worker opens the
database properly behind it. Only a file already at the current schema, holding nothing
the migrations did not make (schema_check), is read here: anything else (a new, older,
foreign, tampered or damaged file) returns None and takes the normal path, which checks,
upgrades or refuses it.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_tui.db import revisions, schema_check
from followup_tui.db.plain_touch import pending_touch
from followup_tui.domain.model import Kind
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.domain.today import DueTouch
from followup_tui.errors import StorageError

if TYPE_CHECKING:
    from followup_tui.db.cards import Cards as Cards  # the desk takes the cards from here

WINDOW = 200
"""The first rows fetched whole: the list shows these while the rest load behind."""
CARDS = 40
"""The calls whose contact cards are read after the first frame: a screen of the list,
so that a key pressed at once shows its card without waiting for SQLAlchemy."""

# DOMAIN.md's order (domain.today.order_key) in SQL, so only the first window is read
# whole: referrals, then corporate backorders (each oldest first), then overdue (most
# overdue first), then today's by priority. A test holds the two orders equal.
# The inner query reads ix_touches_pending_order alone (due_on, playbook, priority and
# the rowid); only the window's rows are then read whole.
DUE = """
SELECT t.id, t.contact_id, t.playbook, t.step, t.due_on, t.channel, t.priority,
       t.run_id, t.attempt, t.is_issue, t.order_id, t.title, t.due_time, c.name, c.kind, c.discreet
FROM (
    SELECT id, grp, CASE WHEN grp < 3 THEN due_on ELSE '' END AS since, priority
    FROM (
        SELECT id, due_on, priority,
               CASE WHEN playbook = 'referral' THEN 0
                    WHEN playbook = 'corporate-backorder' THEN 1
                    WHEN due_on < :today THEN 2
                    ELSE 3 END AS grp
        FROM touches INDEXED BY ix_touches_pending_order
        WHERE status = 'pending' AND due_on <= :today
    )
    ORDER BY grp, since, priority, id
    LIMIT :window
) AS o
JOIN touches AS t ON t.id = o.id
JOIN contacts AS c ON c.id = t.contact_id
ORDER BY o.grp, o.since, o.priority, o.id
"""
COUNT = """
SELECT count(*), count(*) FILTER (WHERE due_on < :today)
FROM touches WHERE status = 'pending' AND due_on <= :today
"""
DONE = "SELECT count(*) FROM outcomes WHERE occurred_on = :today"
DUE_BY = """
SELECT t.id, t.contact_id, t.playbook, t.step, t.due_on, t.channel, t.priority,
       t.run_id, t.attempt, t.is_issue, t.order_id, t.title, t.due_time, c.name, c.kind, c.discreet
FROM touches AS t JOIN contacts AS c ON c.id = t.contact_id
WHERE t.status = 'pending' AND t.due_on <= ?
ORDER BY t.due_on, t.priority, t.id
"""
"""Every pending touch due by a day, soonest first, in DUE's columns (for due_from_row);
`status = 'pending'` written in: SQLite uses the partial index only then."""


@dataclass(frozen=True)
class FirstLook:
    items: list[DueTouch]
    """The first WINDOW of today's list, in order."""
    due: int
    """How many are due in all."""
    overdue: int
    done: int


_ahead: dict[tuple[Path, date], tuple[threading.Event, list[FirstLook | None]]] = {}
"""Looks begun by look_ahead, by book and day, until first_look takes them."""


def look_ahead(path: Path, today: date) -> None:
    """Begin the first look in a thread, while the app imports Textual: SQLite reads the
    index and the window meanwhile (most of it with the GIL free), and first_look takes
    the answer instead of asking on the event loop before the first frame. Nothing more
    in that thread: reading the first cards there too held the first frame ~40 ms (the
    GIL), so the desk reads them after it (first_cards)."""
    answer: list[FirstLook | None] = []
    looked = threading.Event()

    def look() -> None:
        try:
            answer.append(_look(path, today, None))
        finally:
            looked.set()

    _ahead[(path, today)] = (looked, answer)
    threading.Thread(target=look, name="first-look", daemon=True).start()


def first_look(path: Path, today: date, library: Library | None = None) -> FirstLook | None:
    """Today's calls in DOMAIN.md's order, or None when the normal path must decide."""
    ahead = _ahead.pop((path, today), None) if library is None else None
    if ahead is not None:
        looked, answer = ahead
        looked.wait()
        if answer:  # else the look failed unexpectedly: once more, here, to say why
            return answer[0]
    return _look(path, today, library)


def _look(path: Path, today: date, library: Library | None) -> FirstLook | None:
    if not path.is_file():
        return None
    try:
        # The same look as schema_check's: nothing in the file, nor its -wal, changes.
        with schema_check.looking_at(path) as connection:
            # Nothing read from a file holding SQL it should not: the normal path says why.
            if schema_check.check_book(path, connection) != revisions.HEAD_REVISION:
                return None
            day = {"today": today.isoformat(), "window": WINDOW}
            rows = connection.execute(DUE, day).fetchall()
            due, overdue = connection.execute(COUNT, day).fetchone()
            done = connection.execute(DONE, day).fetchone()[0]
        # Each call's title is stored with it: the playbooks' TOML (~10 ms) is read only
        # for a call from a book that has none.
        items = [due_from_row(row, library) for row in rows]
    except (sqlite3.Error, ValueError, KeyError, StorageError):
        return None  # the normal path says why, in words
    return FirstLook(items, int(due), int(overdue), int(done))


def first_cards(
    path: Path, contact_ids: list[int], today: date, *, with_deadlines: bool = True
) -> Cards | None:
    """These contacts' cards read plain, or None: the book, opened the usual way, says
    why it could not be (the card then waits for it). Not `with_deadlines`: a card with
    a backorder's deadline is left to the book (db/cards.py)."""
    try:
        with schema_check.looking_at(path) as connection:
            if schema_check.check_book(path, connection) != revisions.HEAD_REVISION:
                return None
            return _cards(connection, contact_ids, today, with_deadlines)
    except (OSError, sqlite3.Error, StorageError):
        return None


def _cards(
    connection: sqlite3.Connection, contact_ids: list[int], today: date, with_deadlines: bool
) -> Cards | None:
    if not contact_ids:
        return None
    # Here, not at the top: the app imports this module before the first frame, and the
    # card's reader (config, the schedule's rules: ~20 ms) is wanted only in a thread.
    from followup_tui.db.cards import read_cards

    try:
        return read_cards(connection, contact_ids, today, with_deadlines=with_deadlines)
    except (sqlite3.Error, ValueError, LookupError):
        return None  # a card the ORM reads (or says why it cannot): not the list's fault


def due_from_row(row: tuple[Any, ...], library: Library | None) -> DueTouch:
    from followup_tui.domain.schedule import touch_title

    touch = pending_touch(row[:13])
    name, kind, discreet = row[13:]
    return DueTouch(
        touch=touch,
        name=name,
        kind=Kind(kind),
        title=touch.title or touch_title(library or default_library(), touch.playbook, touch.step),
        discreet=bool(discreet),
    )
