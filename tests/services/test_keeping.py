"""Export and backup as the palette runs them: what is written, and refusals in words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.errors import InputError
from followup_tui.services import contacts, keeping


def test_export_writes_each_format(db: Database, tmp_path: Path, today: date) -> None:
    # GIVEN one contact, due in 3 days
    contacts.quick_add(db, NewContact("Dana Kim", Kind.LEAD, phone="+12025550143"), today)
    # WHEN the book is exported as a spreadsheet and as a calendar
    said_csv = keeping.export_file(db, tmp_path / "book.csv", today)
    said_ics = keeping.export_file(db, tmp_path / "calls.ics", today)
    # THEN each file holds her, and the words say where it went
    assert "Dana Kim" in (tmp_path / "book.csv").read_text()
    assert "BEGIN:VCALENDAR" in (tmp_path / "calls.ics").read_text()
    assert said_csv == f"Exported 1 contact to {tmp_path / 'book.csv'}"
    assert said_ics.startswith("Exported 1 call (next 30 days)")


def test_export_refuses_a_format_it_cannot_write(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.csv, \.vcf or \.ics"):
        keeping.export_file(db, tmp_path / "book.xlsx", date(2026, 11, 23))
    assert not (tmp_path / "book.xlsx").exists()


def test_back_up_into_the_backups_folder(db: Database, tmp_path: Path) -> None:
    made = keeping.back_up(f"sqlite:///{tmp_path / 'book.db'}")
    assert made.parent == tmp_path / "backups" and made.stat().st_size > 0
    with pytest.raises(InputError, match="SQLite database file"):
        keeping.back_up("sqlite:///:memory:")
