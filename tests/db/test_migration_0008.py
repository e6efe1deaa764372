"""Migration 0008: the contacts list by name reads an index a window at a time, with no
sort of the whole book, and an upgraded book keeps every row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from followup_tui.db.engine import open_database
from followup_tui.services.contact_views import window_sql

from .conftest import first_release_at, row_counts, url


def plan(path: Path, kind: str | None) -> str:
    """How SQLite reads the contacts screen's window (services.contact_views)."""
    sql, parameters = window_sql(kind, 80, 1000)
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters).fetchall()
    return " | ".join(row[-1] for row in rows)


@pytest.mark.parametrize("kind", [None, "customer"])
def test_an_upgraded_book_walks_the_name_index(tmp_path: Path, kind: str | None) -> None:
    # GIVEN a book at the last release's schema, with its rows
    path = first_release_at(tmp_path, "0007")
    before = row_counts(path)
    del before["settings"]

    # WHEN today's app opens it
    open_database(url(path)).dispose()

    # THEN every row is still there, and a window by name sorts nothing
    after = row_counts(path)
    del after["settings"]
    assert after == before and before["contacts"] > 3
    found = plan(path, kind)
    assert "TEMP B-TREE" not in found and "ix_contacts_" in found and "name" in found, found


@pytest.mark.parametrize("kind", [None, "lead"])
def test_a_new_book_walks_the_name_index(tmp_path: Path, kind: str | None) -> None:
    path = tmp_path / "new.db"
    open_database(url(path)).dispose()
    found = plan(path, kind)
    assert "TEMP B-TREE" not in found and "ix_contacts_" in found, found


def test_the_last_time_she_heard_from_someone_is_read_from_an_index(tmp_path: Path) -> None:
    # GIVEN a new book / WHEN the glance asks when she last heard from a contact (the
    # reaches written literally, as it does) and the card asks for her history
    path = tmp_path / "new.db"
    open_database(url(path)).dispose()
    heard = (
        "SELECT max(occurred_on) FROM outcomes WHERE contact_id = ?"
        " AND reach IN ('reached', 'texted', 'emailed', 'card-sent')"
    )
    history = "SELECT * FROM outcomes WHERE contact_id = ? ORDER BY occurred_on DESC, id DESC"
    with closing(sqlite3.connect(path)) as connection:
        plans = [
            " | ".join(row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", (1,)))
            for sql in (heard, history)
        ]
    # THEN the first reads the partial index, the second keeps its own
    assert "USING INDEX ix_outcomes_heard" in plans[0], plans[0]
    assert "ix_outcomes_contact_occurred" in plans[1], plans[1]
