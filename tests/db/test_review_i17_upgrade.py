"""Review of issue 17: a book upgraded to 0008 is read as a new one is."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from followup_tui.db import schema_check
from followup_tui.db.engine import open_database
from followup_tui.db.first_look import first_look
from followup_tui.db.revisions import HEAD_REVISION

from .conftest import first_release_at, url


def _indexes(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    return {name: " ".join(sql.split()) for name, sql in rows}


def test_an_upgraded_book_has_the_indexes_of_a_new_one_and_opens_fast(tmp_path: Path) -> None:
    old = first_release_at(tmp_path, "0007")
    open_database(url(old)).dispose()
    new = tmp_path / "new.db"
    open_database(url(new)).dispose()
    upgraded, fresh = _indexes(old), _indexes(new)
    for name in ("ix_contacts_name", "ix_contacts_kind_name", "ix_outcomes_heard"):
        assert upgraded[name] == fresh[name]
    assert schema_check.check_book(old) == schema_check.check_book(new) == HEAD_REVISION
    assert first_look(old, date(2026, 12, 7)) is not None
