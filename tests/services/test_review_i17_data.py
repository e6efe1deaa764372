"""Review of issue 17's data side: cases its own tests left out."""

from __future__ import annotations

import sqlite3
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from followup_tui.db import tables
from followup_tui.db.engine import open_database
from followup_tui.services.transfer import _insert


def _stored(path: Path, table: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as raw:
        return raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def test_a_timestamp_on_the_second_is_stored_as_sqlalchemy_stores_it(tmp_path: Path) -> None:
    # GIVEN two empty books, and a note written exactly on a second (no microseconds)
    at = datetime(2026, 11, 23, 9, 30, 1)
    contact = {"name": "Ann Lee", "kind": "lead", "is_me": False, "created_on": date(2026, 1, 1)}
    note = {"contact_id": 1, "body": "x", "written_on": date(2026, 1, 1), "created_at": at}
    paths = [tmp_path / "sqlalchemy.db", tmp_path / "driver.db"]
    for driver, path in enumerate(paths):
        db = open_database(f"sqlite:///{path}")
        with db.begin() as session:
            session.execute(insert(tables.contacts), [contact])
            # WHEN one goes in through SQLAlchemy, the other through the import's driver
            # path (no sqlite3 default adapter: deprecated since Python 3.12)
            with warnings.catch_warnings():
                warnings.simplefilter("error", DeprecationWarning)
                if driver:
                    _insert(session, tables.notes, [note])
                else:
                    session.execute(insert(tables.notes), [note])
        db.dispose()
    # THEN both hold the same text: "2026-11-23 09:30:01.000000"
    assert _stored(paths[1], "notes") == _stored(paths[0], "notes")


# The kept search book holds folded texts only and reads the words shown again from the
# book: a contact changed or forgotten since it was read must not break a search.


def _searched_after(db: Any, today: date, change: str) -> list[Any]:
    from followup_tui.domain.model import Kind, NewContact
    from followup_tui.services import contacts, forget
    from followup_tui.services.adding import add_contact
    from followup_tui.services.contact_search import searchable

    ann = add_contact(
        db, NewContact("Ann Lee", Kind.CUSTOMER, facts=(("perfume", "Chanel No 5"),)), today
    )
    add_contact(db, NewContact("Bo Kim", Kind.CUSTOMER, met_at="the Chanel counter"), today)
    # GIVEN the book read for a search (as the contacts screen keeps it)
    book = searchable(db)
    # WHEN Ann changes (or is forgotten) before the words shown are read
    if change == "note":
        contacts.add_note(db, ann, "called about Chanel", today)
    else:
        forget.forget(db, ann)
    rows = book.index.rank("chanel")
    # THEN the search still answers
    return book.index.matches(rows, "chanel")


def test_a_search_after_a_note_was_added_still_says_why(db: Any, today: date) -> None:
    found = _searched_after(db, today, "note")
    assert len(found) == 2 and all(match is not None for match in found)


def test_a_search_after_a_contact_was_forgotten_still_answers(db: Any, today: date) -> None:
    found = _searched_after(db, today, "forget")
    assert len(found) == 2 and found.count(None) <= 1


class _UnreadableProbe:
    """A probe that cannot read the book's number (db/watch.py answers None then)."""

    def version(self) -> int | None:
        return None

    def close(self) -> None:
        pass


def test_a_probe_that_cannot_read_does_not_vouch_for_a_kept_book(db: Any) -> None:
    from followup_tui.services.contact_search import searchable

    # GIVEN a book read while its probe could not tell the book's number
    book = searchable(db, _UnreadableProbe())
    # THEN it is not taken as unchanged at the next open: it is read again
    assert not book.is_current()
