"""An import writes its rows through the driver: each value stored exactly as
SQLAlchemy's own INSERT stores it (dates, booleans, the columns' defaults)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert

from followup_tui.db import tables
from followup_tui.db.engine import Database, open_database
from followup_tui.services.transfer import _insert, _insert_ids


def stored(path: Path, table: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as raw:
        return raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def written(db: Database, table: Table, rows: list[dict[str, Any]], driver: bool) -> None:
    with db.begin() as session:
        if driver:
            _insert(session, table, rows)
        else:
            session.execute(insert(table), rows)


def test_driver_rows_are_stored_as_sqlalchemy_stores_them(tmp_path: Path) -> None:
    # GIVEN two empty books
    paths = [tmp_path / "sqlalchemy.db", tmp_path / "driver.db"]
    contact = {
        "name": "Ann Lee",
        "kind": "lead",
        "team_level": None,
        "phone": "+12125550101",
        "email": None,
        "met_at": "the fair",
        "met_on": date(2026, 3, 1),
        "referred_by_id": None,
        "do_not_contact": False,
        "discreet": True,
        "is_me": False,
        "created_on": date(2026, 11, 23),
    }
    note = {"contact_id": 1, "body": "likes roses", "written_on": date(2026, 11, 23)}
    for driver, path in enumerate(paths):
        db = open_database(f"sqlite:///{path}")
        # WHEN the same contacts, a kind change left to its default reason, and a note
        # with a timestamp go in, one way through SQLAlchemy, the other through the driver
        written(db, tables.contacts, [contact, {**contact, "name": "Bo Kim"}], bool(driver))
        changes = [
            {"contact_id": 1, "kind": "lead", "team_level": None, "changed_on": date(2026, 1, 2)}
        ]
        written(db, tables.kind_changes, changes, bool(driver))
        at = datetime(2026, 11, 23, 9, 30, 1, 250)
        written(db, tables.notes, [{**note, "created_at": at}], bool(driver))
        db.dispose()
    # THEN the files hold the same values, of the same types
    for table in ("contacts", "kind_changes", "notes"):
        assert stored(paths[1], table) == stored(paths[0], table)
    assert stored(paths[1], "kind_changes")[0][-1] == ""  # the default reason


def test_ids_of_driver_rows_come_back_in_order(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'book.db'}")
    contact = {"name": "Ann Lee", "kind": "lead", "is_me": False, "created_on": date(2026, 1, 1)}
    rows = [{"contact_id": 1, "body": str(n), "written_on": date(2026, 1, 1)} for n in range(3)]
    rows = [{**row, "created_at": datetime(2026, 1, 1)} for row in rows]
    with db.begin() as session:
        assert _insert_ids(session, tables.contacts, [contact]) == [1]
        first = _insert_ids(session, tables.notes, rows[:1])
        rest = _insert_ids(session, tables.notes, rows[1:])
    assert (first, rest) == ([1], [2, 3])
    with sqlite3.connect(tmp_path / "book.db") as raw:
        assert raw.execute("SELECT id, body FROM notes ORDER BY id").fetchall() == [
            (1, "0"),
            (2, "1"),
            (3, "2"),
        ]
    db.dispose()


def test_processed_values_are_stored_as_one_by_one() -> None:
    # GIVEN columns repeating a few values, and one mixing True with 1 and a date with None
    from sqlalchemy import Boolean, Date
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.engine import Dialect
    from sqlalchemy.types import TypeEngine

    from followup_tui.services.transfer import _processed

    dialect: Dialect = sqlite.dialect()
    cases: list[tuple[TypeEngine[Any], list[Any]]] = [
        (Date(), [date(2026, 12, 7)] * 3 + [date(2026, 1, 2)]),
        (Date(), [date(2026, 12, 7), None]),
        (Boolean(), [True, False, True]),
        (Boolean(), [True, 1, 0, False]),
    ]
    for kind, values in cases:
        process = dialect.type_descriptor(kind).bind_processor(dialect)
        assert process is not None
        # WHEN processed a distinct value at a time THEN as each one processed
        assert _processed(process, list(values)) == [process(value) for value in values]
