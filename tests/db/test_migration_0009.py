"""Migration 0009: the glance reads the book's oldest day and the week's new team
members and reorders from indexes, on a new book and an upgraded one alike, and an
upgraded book keeps every row."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from followup_tui.db.engine import open_database
from followup_tui.services import glance

from .conftest import first_release_at, row_counts, url

WEEK = {"monday": "2026-11-23", "today": "2026-11-26", "hosts": "wants-to-host", "team": "team"}
QUIET = glance.QUIET.format(rhythm="CASE WHEN c.kind = :kind THEN :days END", kinds=":kind")
READS = {
    # What the glance asks SQLite (services.glance), and the indexes it must read.
    glance.WEEK: (
        "ix_outcomes_occurred_on",
        "ix_orders_ordered_on",
        "ix_kind_changes_changed_on",
        "ix_contacts_created_on",
    ),
    QUIET: ("ix_outcomes_heard", "ix_contacts_kind"),
}
QUIET_PARAMETERS = {"kind": "team", "days": 7, "today": "2026-11-26", "limit": 50}


def plans(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            sql: " | ".join(
                row[-1]
                for row in connection.execute(
                    f"EXPLAIN QUERY PLAN {sql}", WEEK if sql == glance.WEEK else QUIET_PARAMETERS
                )
            )
            for sql in READS
        }


def indexes(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    return {name: " ".join(sql.split()) for name, sql in rows}


def test_a_new_book_reads_the_glance_from_indexes(tmp_path: Path) -> None:
    # GIVEN a new book / WHEN the glance asks for the week's counts, the book's oldest
    # day and the quiet contacts of one rhythm
    path = tmp_path / "new.db"
    open_database(url(path)).dispose()
    # THEN each is read through its index, no table read whole
    for sql, found in plans(path).items():
        for index in READS[sql]:
            assert f"INDEX {index} " in found, (index, found)
        assert not re.search(r"SCAN (contacts|outcomes|orders|kind_changes|c|o)\b", found), found


def test_an_upgraded_book_keeps_its_rows_and_gets_the_new_books_indexes(tmp_path: Path) -> None:
    # GIVEN a book at the last release's schema, with its rows
    old = first_release_at(tmp_path, "0008")
    before = row_counts(old)
    del before["settings"]

    # WHEN today's app opens it
    open_database(url(old)).dispose()

    # THEN every row is still there, and it has exactly a new book's indexes, used alike
    after = row_counts(old)
    del after["settings"]
    assert after == before and before["contacts"] > 3 and before["orders"] > 0
    new = tmp_path / "new.db"
    open_database(url(new)).dispose()
    assert indexes(old) == indexes(new)
    for name in ("ix_contacts_created_on", "ix_kind_changes_changed_on", "ix_orders_ordered_on"):
        assert name in indexes(old)
    assert plans(old) == plans(new)
