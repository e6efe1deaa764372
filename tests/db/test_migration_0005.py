"""Migration 0005: a contact whose last word was "not interested" is remembered as having
said no, and since when; a later word or a later order means she has not."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from followup_tui.db.engine import open_database

from .conftest import first_release_at, url


def said_no_on(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT name, said_no_on FROM contacts WHERE said_no_on IS NOT NULL"
        ).fetchall()
    return dict(rows)


def test_the_last_word_decides_who_said_no(tmp_path: Path) -> None:
    # GIVEN the old demo book: Irene Ford's last word was "not interested" (26 Oct);
    # Monica Jensen, Gina Lopez and Gina Hughes said it once but were happy on later calls;
    # and Sally Jensen said no on 1 Nov, then ordered on 10 Nov
    path = first_release_at(tmp_path, "0004")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "INSERT INTO outcomes (touch_id, contact_id, reach, said, occurred_on, created_at)"
            " VALUES (1, 1, 'reached', 'not-interested', '2026-11-01', '2026-11-01 10:00:00')"
        )
        connection.execute("INSERT INTO orders (contact_id, ordered_on) VALUES (1, '2026-11-10')")
        connection.commit()

    # WHEN today's app opens the book
    open_database(url(path)).dispose()

    # THEN only Irene is remembered as having said no, on the day she said it
    assert said_no_on(path) == {"Irene Ford": "2026-10-26"}
