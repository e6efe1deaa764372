"""Migration 0006: a touch can carry the time she was asked to call at; the touches
already stored keep their days, every one of them, with no time."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from followup_tui.db.engine import open_database

from .conftest import first_release_at, url


def touches(path: Path, columns: str = "id, due_on, status, due_time") -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"SELECT {columns} FROM touches ORDER BY id").fetchall()


def test_stored_touches_keep_their_days_and_have_no_time(tmp_path: Path) -> None:
    # GIVEN a book at the last release's schema, with its touches (and outcomes under them)
    path = first_release_at(tmp_path, "0005")
    before = touches(path, "id, due_on, status")
    with closing(sqlite3.connect(path)) as connection:
        outcomes_before = connection.execute("SELECT count(*) FROM outcomes").fetchone()

    # WHEN today's app opens the book
    open_database(url(path)).dispose()

    # THEN every touch is there, on its day, with no time; no outcome went with the copy
    after = touches(path)
    assert [row[:3] for row in after] == before and len(before) > 10
    assert {row[3] for row in after} == {None}
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT count(*) FROM outcomes").fetchone() == outcomes_before
        # AND a time can be stored, on a touch and with what was said
        connection.execute("UPDATE touches SET due_time = '18:00' WHERE id = 1")
        connection.execute("UPDATE outcomes SET said_time = '18:00'")
        connection.commit()
    assert touches(path)[0][3] == "18:00"
