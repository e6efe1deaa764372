"""Migration 0009: the glance reads the book's oldest day and the week's new team
members and reorders from indexes, on a new book and an upgraded one alike, and an
upgraded book keeps every row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from followup_tui.db.engine import open_database

from .conftest import first_release_at, row_counts, url

WEEK = ("2026-11-23", "2026-11-29")
READS = {
    # What the glance asks (services.glance), as SQLite is asked it: the index it must use.
    "SELECT min(created_on) FROM contacts": "ix_contacts_created_on",
    "SELECT count(DISTINCT contact_id) FROM kind_changes"
    " WHERE kind = 'team' AND changed_on BETWEEN ? AND ?": "ix_kind_changes_changed_on",
    "SELECT count(orders.id) FROM orders WHERE orders.ordered_on BETWEEN ? AND ?"
    " AND EXISTS (SELECT older.id FROM orders AS older"
    " WHERE older.contact_id = orders.contact_id AND older.id < orders.id)": "ix_orders_ordered_on",
    "SELECT min(occurred_on) FROM outcomes": "ix_outcomes_occurred_on",
}


def plans(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            sql: " | ".join(
                row[-1]
                for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", WEEK[: sql.count("?")])
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
    # GIVEN a new book / WHEN the glance asks for its oldest day and the week's counts
    path = tmp_path / "new.db"
    open_database(url(path)).dispose()
    # THEN each is read through its index, not by reading its whole table
    for sql, found in plans(path).items():
        assert f"INDEX {READS[sql]}" in found, (sql, found)
        assert "SCAN kind_changes" not in found and "SCAN orders" not in found, found


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
