"""Migration 0007: undo's look for rows pointing at the ones a log made reads an index,
not a whole table, and an upgraded book keeps every row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from followup_tui.db.engine import open_database
from followup_tui.services._journal import ID_TABLES, references

from .conftest import first_release_at, row_counts, url

SMALL = {("parties", "hostess_id")}
"""One row a party: read whole, it is still a few hundred rows."""


def plans(path: Path) -> dict[tuple[str, str], str]:
    """How SQLite reads each of undo's looks (services.undo: `column IN (ids)`)."""
    found = {}
    with closing(sqlite3.connect(path)) as connection:
        for table in ID_TABLES:
            for other, column in references(table):
                rows = connection.execute(
                    f'EXPLAIN QUERY PLAN SELECT * FROM "{other}" WHERE "{column}" IN (?, ?)',
                    (1, 2),
                ).fetchall()
                found[(other, column)] = " ".join(row[-1] for row in rows)
    return found


def test_undo_reads_no_big_table_whole_in_an_upgraded_book(tmp_path: Path) -> None:
    # GIVEN a book at the last release's schema, with its rows
    path = first_release_at(tmp_path, "0006")
    before = row_counts(path)
    del before["settings"]  # the open stores the catalogue's signature there

    # WHEN today's app opens it
    open_database(url(path)).dispose()

    # THEN every row is still there, and each of undo's looks searches an index
    after = row_counts(path)
    del after["settings"]
    assert after == before and before["touches"] > 10
    scans = {where: plan for where, plan in plans(path).items() if "SCAN" in plan}
    assert set(scans) == SMALL, scans


def test_a_new_book_has_the_same_indexes(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_database(url(path)).dispose()
    scans = {where for where, plan in plans(path).items() if "SCAN" in plan}
    assert scans == SMALL
