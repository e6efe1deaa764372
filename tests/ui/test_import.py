"""Importing from the app: a preview of every row before anything is written, then one
transaction with a progress bar; the desk's daily backup."""

from __future__ import annotations

import io
import os
import sqlite3
import threading
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, ProgressBar, Static

from followup_tui.screens.import_file import ImportScreen
from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, make_app, settle

CSV = (
    "First Name;Last Name;Mobile;E-mail;Perfume;Notes;Group\r\n"
    "Zoë;Ølsen;212 555 0134;zoe@example.com;Chanel No 5;met at the farmers' market;Customers\r\n"
    "Bo;Lind;call me;;;;Friends\r\n"
    "Zoe;Olsen;;ZOE@example.com;;second row;\r\n"
    "Farah;Haddad;(212) 555-0187;;Oud;;\r\n"
)


@pytest.fixture
def contacts_csv(tmp_path: Path) -> Path:
    path = tmp_path / "phone export.csv"
    path.write_bytes(CSV.encode("utf-8-sig"))
    return path


def rows(pilot: Pilot[None]) -> list[list[str]]:
    table = pilot.app.screen.query_one("#import-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def summary(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#import-summary", Static).render())


def count(path: Path, sql: str) -> int:
    with closing(sqlite3.connect(path)) as con:
        return int(con.execute(sql).fetchone()[0])


async def open_import(pilot: Pilot[None], file: Path) -> None:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ImportScreen)
    pilot.app.screen.query_one("#import-file").value = str(file)  # type: ignore[attr-defined]
    await pilot.press("enter")
    await settle(pilot)


async def test_the_preview_shows_every_row_as_stored_and_writes_nothing(
    demo_path: Path, today: date, contacts_csv: Path
) -> None:
    before = count(demo_path, "SELECT count(*) FROM contacts")
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await open_import(pilot, contacts_csv)
        shown = rows(pilot)
        assert "4 rows would be 2 added, 0 merged, 1 skipped, 1 rejected" in summary(pilot)
    # THEN each row says what will happen, as it will be stored (the number read in her
    # region, shown as she dials it)
    assert shown[0][:6] == [
        "line 2",
        "add",
        "Zoë Ølsen",
        "customer",
        "(212) 555-0134",
        "zoe@example.com",
    ]
    assert "perfume: Chanel No 5" in shown[0][6] and "+1 note" in shown[0][6]
    assert shown[1][:3] == ["line 3", "reject", "Bo Lind"]
    assert "'call me' is not a phone number" in shown[1][6]
    assert shown[2][:2] == ["line 4", "skip"] and "same email" in shown[2][6]
    assert shown[3][:4] == ["line 5", "add", "Farah Haddad", "circle"]
    # AND nothing was written by looking
    assert count(demo_path, "SELECT count(*) FROM contacts") == before


async def test_ctrl_s_imports_once_with_progress(
    demo_path: Path, today: date, contacts_csv: Path
) -> None:
    before = count(demo_path, "SELECT count(*) FROM contacts")
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await open_import(pilot, contacts_csv)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Imported phone export.csv: 2 added" in summary(pilot)
        bar = pilot.app.screen.query_one("#import-progress", ProgressBar)
        assert bar.display and bar.percentage == 1.0
        # WHEN ctrl+s is pressed again, THEN the same file is not imported twice
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert count(demo_path, "SELECT count(*) FROM contacts") == before + 2
    with closing(sqlite3.connect(demo_path)) as con:
        facts = con.execute(
            "SELECT f.key, f.value FROM facts f JOIN contacts c ON c.id = f.contact_id "
            "WHERE c.name = 'Zoë Ølsen'"
        ).fetchall()
        pending = con.execute(
            "SELECT count(*) FROM touches t JOIN contacts c ON c.id = t.contact_id "
            "WHERE c.name IN ('Zoë Ølsen', 'Farah Haddad') AND t.status = 'pending'"
        ).fetchone()[0]
    assert ("perfume", "Chanel No 5") in facts
    # AND each imported contact has its next touch
    assert pending == 2


async def test_changing_the_duplicate_choice_replans(
    demo_path: Path, today: date, contacts_csv: Path
) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await open_import(pilot, contacts_csv)
        pilot.app.screen.query_one("#import-duplicates").value = "merge"  # type: ignore[attr-defined]
        await settle(pilot)
        assert "2 added, 1 merged, 0 skipped, 1 rejected" in summary(pilot)
        pilot.app.screen.query_one("#import-kind").value = "lead"  # type: ignore[attr-defined]
        await settle(pilot)
        farah = next(row for row in rows(pilot) if row[2] == "Farah Haddad")
    assert farah[3] == "lead"


async def test_a_file_that_cannot_be_read_is_said_beside_the_field(
    demo_path: Path, today: date, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await open_import(pilot, tmp_path / "missing.vcf")
        error = str(pilot.app.screen.query_one("#import-error", Label).render())
        assert error == f"no file {tmp_path / 'missing.vcf'}"
        pilot.app.screen.query_one("#import-file").value = str(binary)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        error = str(pilot.app.screen.query_one("#import-error", Label).render())
        assert error == "photo.csv is not a text file"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(pilot) == []


async def test_discreet_mode_hides_the_facts_in_the_preview(
    demo_path: Path, today: date, contacts_csv: Path
) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await open_import(pilot, contacts_csv)
        await pilot.press("ctrl+d")
        await settle(pilot)
        hidden = rows(pilot)
        await pilot.press("ctrl+d")
        await settle(pilot)
        plain = rows(pilot)
    assert "Chanel" not in " ".join(" ".join(row) for row in hidden)
    assert hidden[0][6] == "(hidden)" and "Chanel" in plain[0][6]


async def test_opening_the_app_keeps_a_daily_backup(demo_path: Path, today: date) -> None:
    app = make_app(demo_path, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    # The copy is made beside the desk, not in front of it: wait for it here.
    assert app.ctx.backup_thread is not None
    app.ctx.backup_thread.join(timeout=30)
    backups = sorted((demo_path.parent / "backups").glob("*-daily-*.db"))
    # Named by the real date, not the session's --today (a pretend date would rotate
    # every real day's copy away)
    assert [b.name for b in backups] == [f"{demo_path.stem}-daily-{date.today().isoformat()}.db"]
    assert backups[0].stat().st_mode & 0o777 == 0o600
    assert count(backups[0], "SELECT count(*) FROM contacts") == count(
        demo_path, "SELECT count(*) FROM contacts"
    )


def test_import_preview_snapshot(
    snap_compare: SnapCompare, demo_path: Path, contacts_csv: Path
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_import(pilot, contacts_csv)
        # The path differs from run to run: show the file's name alone.
        pilot.app.screen.query_one("#import-file").value = contacts_csv.name  # type: ignore[attr-defined]
        await settle(pilot)

    app = make_app(demo_path, date(2026, 11, 23))
    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


async def test_a_contact_added_from_the_shell_after_the_preview_is_not_added_again(
    demo_path: Path, today: date, contacts_csv: Path
) -> None:
    from followup_tui import cli

    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        # GIVEN the preview says Farah Haddad will be added
        await open_import(pilot, contacts_csv)
        assert "2 added, 0 merged, 1 skipped, 1 rejected" in summary(pilot)
        # WHEN the shell adds her before ctrl+s
        argv = ["add", "Farah Haddad", "--kind", "lead", "--phone", "(212) 555-0187"]
        argv += ["--db", str(demo_path)]
        assert cli.main([*argv, "--today", today.isoformat()], out=io.StringIO()) == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        # THEN the import checks again under the write lock and says so
        words = summary(pilot)
        assert "1 added, 0 merged, 2 skipped, 1 rejected" in words
        assert "the book changed after the preview: checked again" in words
        farah = next(row for row in rows(pilot) if row[2] == "Farah Haddad")
        assert farah[1] == "skip"
    assert count(demo_path, "SELECT count(*) FROM contacts WHERE name = 'Farah Haddad'") == 1
    assert count(demo_path, "SELECT count(*) FROM contacts WHERE name = 'Zoë Ølsen'") == 1


async def test_a_fifo_is_refused_beside_the_field_without_waiting(
    demo_path: Path, today: date, tmp_path: Path
) -> None:
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    # A read that waited for a writer would hang the worker: one comes after 5 s, so a
    # regression fails on the words and the clock instead of hanging the run.
    unblock = threading.Timer(5, lambda: os.close(os.open(fifo, os.O_WRONLY)))
    unblock.daemon = True
    unblock.start()
    try:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            started = time.monotonic()
            await open_import(pilot, fifo)
            took = time.monotonic() - started
            error = str(pilot.app.screen.query_one("#import-error", Label).render())
    finally:
        unblock.cancel()
    assert error == f"cannot import {fifo}: it is a named pipe (FIFO), not a regular file"
    assert took < 4
