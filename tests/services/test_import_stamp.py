"""An import written right after its preview does not read the book a second time,
unless someone changed it in between: another connection, or this one."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.services import transfer
from followup_tui.services.adding import add_contact
from followup_tui.transfer.plan import Known, OnDuplicate
from followup_tui.transfer.records import FoundContact


def rows() -> list[FoundContact]:
    return [
        FoundContact("line 2", "Ann Lee", phones=[("", "212 555 0134")]),
        FoundContact("line 3", "Bea Diaz", phones=[("", "212 555 0187")]),
    ]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every read of the book's contacts (by how many there were)."""
    done: list[int] = []
    real = transfer._known

    def counted(session: object) -> list[Known]:
        found = real(session)  # type: ignore[arg-type]
        done.append(len(found))
        return found

    monkeypatch.setattr(transfer, "_known", counted)
    return done


def names(path: Path) -> list[str]:
    with sqlite3.connect(path) as raw:
        return sorted(n for (n,) in raw.execute("SELECT name FROM contacts WHERE NOT is_me"))


def book_path(db: Database) -> Path:
    database = db.engine.url.database
    assert database is not None
    return Path(database)


def test_the_book_unchanged_is_read_once(db: Database, today: date, reads: list[int]) -> None:
    # GIVEN a preview WHEN written with nothing changed in between
    plan = transfer.preview_import(db, list(rows()), Kind.CIRCLE, OnDuplicate.SKIP)
    done = transfer.import_contacts(db, plan, today)
    # THEN the plan is written as previewed, the book read once
    assert done.plan is plan and not done.replanned
    assert done.plan.summary() == "2 added, 0 merged, 0 skipped, 0 rejected"
    assert len(reads) == 1
    assert names(book_path(db)) == ["Ann Lee", "Bea Diaz"]


def test_a_change_from_another_connection_is_seen(
    db: Database, today: date, reads: list[int]
) -> None:
    # GIVEN a preview, then Ann added by another program
    plan = transfer.preview_import(db, list(rows()), Kind.CIRCLE, OnDuplicate.SKIP)
    with sqlite3.connect(book_path(db)) as other:
        other.execute(
            "INSERT INTO contacts (name, kind, phone, do_not_contact, discreet, is_me,"
            " created_on) VALUES ('Ann Lee', 'customer', '+12125550134', 0, 0, 0, '2026-12-01')"
        )
    other.close()
    # WHEN written THEN the book is read again and Ann's row skipped
    done = transfer.import_contacts(db, plan, today)
    assert done.replanned and len(reads) == 2
    assert done.plan.summary() == "1 added, 0 merged, 1 skipped, 0 rejected"
    assert names(book_path(db)) == ["Ann Lee", "Bea Diaz"]


def test_a_change_on_the_same_connection_is_seen(
    db: Database, today: date, reads: list[int]
) -> None:
    # GIVEN a preview, then Bea added through the same database (another screen)
    plan = transfer.preview_import(db, list(rows()), Kind.CIRCLE, OnDuplicate.SKIP)
    add_contact(db, NewContact("Bea Diaz", Kind.CUSTOMER, phone="+12125550187"), today)
    # WHEN written THEN the book is read again and Bea's row skipped
    done = transfer.import_contacts(db, plan, today)
    assert done.replanned and len(reads) == 2
    assert done.plan.summary() == "1 added, 0 merged, 1 skipped, 0 rejected"
    assert names(book_path(db)) == ["Ann Lee", "Bea Diaz"]
