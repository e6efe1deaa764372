"""Damaged, foreign and locked-down files; privacy of what is written; safe upgrades."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from followup_tui import cli
from followup_tui.db import engine, revisions
from followup_tui.words import storage_words
from tests.ui.test_desk import workers_done

TODAY = "2026-11-23"
FIXTURES = Path(__file__).parent.parent / "fixtures"


def run(db: Path, *argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    err = io.StringIO()
    stderr, sys.stderr = sys.stderr, err
    try:
        code = cli.main([*argv, "--db", str(db), "--today", TODAY], out=out)
    finally:
        sys.stderr = stderr
    return code, out.getvalue(), err.getvalue()


def assert_one_clear_line(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def made(tmp_path: Path) -> Path:
    db = tmp_path / "book.db"
    code, _, err = run(db, "add", "Sally Jensen", "--kind", "customer", "--note", "private")
    assert code == 0, err
    return db


class TestDamagedOrForeign:
    def test_a_damaged_file(self, made: Path) -> None:
        # GIVEN the middle of the file overwritten with garbage
        data = bytearray(made.read_bytes())
        data[100:4000] = os.urandom(3900)
        made.write_bytes(bytes(data))
        before = made.read_bytes()
        code, _, err = run(made, "today")
        assert_one_clear_line(code, err)
        assert made.read_bytes() == before

    def test_not_a_database(self, tmp_path: Path) -> None:
        path = tmp_path / "notes.txt"
        path.write_text("shopping list: milk, eggs\n")
        code, _, err = run(path, "today")
        assert_one_clear_line(code, err, "not a database")
        assert path.read_text() == "shopping list: milk, eggs\n"

    def test_a_folder(self, tmp_path: Path) -> None:
        code, _, err = run(tmp_path, "today")
        assert_one_clear_line(code, err, "folder")

    @pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files anyway")
    def test_a_read_only_file(self, made: Path) -> None:
        made.chmod(0o400)
        before = made.read_bytes()
        code, _, err = run(made, "add", "Maria Lopez", "--kind", "referral")
        assert_one_clear_line(code, err, "read-only")
        assert made.read_bytes() == before

    def test_a_read_only_file_as_root_is_refused_by_our_check(
        self, made: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # os.access says what the file's mode allows; as root it allows all, so the
        # check is exercised by asking os.access the way an ordinary user would get it.
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, m: False if Path(p) == made else real_access(p, m)
        )
        before = made.read_bytes()
        code, _, err = run(made, "add", "Maria Lopez", "--kind", "referral")
        assert_one_clear_line(code, err, "read-only")
        assert made.read_bytes() == before

    def test_a_newer_schema(self, made: Path) -> None:
        with closing(sqlite3.connect(made)) as connection, connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999'")
        before = made.read_bytes()
        code, _, err = run(made, "today")
        assert_one_clear_line(code, err, "newer")
        assert made.read_bytes() == before

    def test_a_full_disk(self, made: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        # GIVEN a disk with no room left: SQLite may not grow the file by one page
        real = engine._sqlite_pragmas

        def full(dbapi_connection: Any, record: Any) -> None:
            real(dbapi_connection, record)
            cursor = dbapi_connection.cursor()
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
            cursor.close()

        monkeypatch.setattr(engine, "_sqlite_pragmas", full)
        big_note = "x" * 200_000
        code, _, err = run(made, "add", "Maria Lopez", "--kind", "referral", "--note", big_note)
        # THEN one clear line, and what was there is still there
        assert_one_clear_line(code, err, "full")
        monkeypatch.setattr(engine, "_sqlite_pragmas", real)
        code, out, _ = run(made, "contacts", "--json")
        assert code == 0 and "Sally Jensen" in out and "Maria Lopez" not in out


def damage_page(path: Path, page: int) -> None:
    """Garbage over one page (counted from 1), as a bad sector would leave it."""
    with closing(sqlite3.connect(path)) as connection:
        # Everything into the main file first: the damage must not sit beside a -wal copy.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        assert connection.execute("PRAGMA page_count").fetchone()[0] > page
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(os.urandom(size))


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


async def workers_finished(app: Any) -> None:
    """Every worker has run its course; on a damaged book a read may fail, and the app
    says so in words (what these tests look at), so a failure does not fail the test."""
    for _ in range(20):
        workers = list(app.workers)
        await asyncio.gather(*(w.wait() for w in workers), return_exceptions=True)
        if all(w in workers for w in app.workers):
            return


def quick_check_passes(path: Path) -> bool:
    """A full read: it reports damage in rows, or (on a wrecked page header) raises."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens fine
        try:
            return connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        except sqlite3.DatabaseError:
            return False


class TestDamagedPastTheFirstPage:
    """Damage deep in the file: opening it works, and only a full read finds it.

    The daily backup once copied such a file and rotated a good copy away for it.
    """

    @pytest.fixture
    def deep(self, demo_path: Path) -> Path:
        from followup_tui.db import backup

        # GIVEN a week of good daily backups, then a page of touches deep in the book
        # overwritten (a data page: the schema and the first pages still read)
        for day in range(16, 23):
            backup.daily_backup(demo_path, datetime(2026, 11, day, 9))
        with closing(sqlite3.connect(demo_path)) as connection:
            [(page,)] = connection.execute(
                "SELECT max(pageno) FROM dbstat WHERE name = 'touches' AND pagetype = 'leaf'"
            ).fetchall()
        damage_page(demo_path, page)
        assert not quick_check_passes(demo_path)
        return demo_path

    def test_followup_backup_refuses_and_writes_nothing(self, deep: Path, tmp_path: Path) -> None:
        backups = listing(deep.parent / "backups")
        before = deep.read_bytes()
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()

        for dest in ([], [str(elsewhere / "copy.db")], [str(elsewhere)]):
            code, out, err = run(deep, "backup", *dest)
            # THEN one line says the file is damaged and how to get the book back
            assert_one_clear_line(code, err, "is damaged", "followup restore")
            assert out == ""
            assert listing(deep.parent / "backups") == backups
            assert list(elsewhere.iterdir()) == []
        assert deep.read_bytes() == before

    def test_the_daily_backup_keeps_the_good_copies(self, deep: Path) -> None:
        from followup_tui.db import backup

        folder = deep.parent / "backups"
        good = listing(folder)
        assert len(good) == backup.DAILY_KEPT

        # WHEN the app starts on the next day
        with pytest.raises(backup.DamagedDatabase, match="followup restore"):
            backup.daily_backup(deep, datetime(2026, 11, 23, 9))

        # THEN no copy of the damage is made and none of the good ones is rotated away
        assert listing(folder) == good

    async def test_the_app_says_the_backup_was_not_made(
        self, deep: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from followup_tui.app import FollowupApp

        app = FollowupApp(f"sqlite:///{deep}", date(2026, 11, 23))
        notices: list[tuple[str, str]] = []
        monkeypatch.setattr(
            app, "notify", lambda message, **kw: notices.append((message, kw.get("severity", "")))
        )
        async with app.run_test() as pilot:
            await workers_finished(app)
            await pilot.pause()
        assert app.ctx.backup_thread is not None
        app.ctx.backup_thread.join(timeout=30)
        # THEN she is told, not left to find out on the day she needs a backup
        assert any("backup" in m and sev == "error" for m, sev in notices), notices

    async def test_the_app_says_the_file_is_damaged_in_words(
        self, deep: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from followup_tui.app import FollowupApp

        app = FollowupApp(f"sqlite:///{deep}", date(2026, 11, 23))
        notices: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: notices.append(message))
        async with app.run_test() as pilot:
            await workers_finished(app)
            await pilot.pause()
        assert app.ctx.backup_thread is not None
        app.ctx.backup_thread.join(timeout=30)
        assert any("damaged" in m and "followup restore" in m for m in notices), notices


@pytest.mark.parametrize(
    ("error", "word"),
    [
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.OperationalError("database is locked"), "busy"),
        (sqlite3.DatabaseError("database disk image is malformed"), "damaged"),
    ],
)
def test_storage_words_reads_plain_sqlite3_errors(error: Exception, word: str) -> None:
    # Backups and restores use sqlite3 without SQLAlchemy: their errors once fell
    # through to "something went wrong", exit 1.
    words = storage_words(error)
    assert words is not None and word in words


class TestPrivacy:
    def test_database_and_journals_are_the_owners_alone(self, made: Path) -> None:
        # WAL files exist while a connection is open
        with closing(sqlite3.connect(made)) as connection:
            connection.execute("SELECT count(*) FROM contacts").fetchone()
            for path in (
                made,
                made.with_name(made.name + "-wal"),
                made.with_name(made.name + "-shm"),
            ):
                if path.exists():
                    assert mode(path) == 0o600, path

    def test_the_default_folder_is_the_owners_alone(self, tmp_path: Path) -> None:
        env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
        env.pop("FOLLOWUP_DB", None)
        followup = Path(sys.executable).parent / "followup"
        done = subprocess.run(
            [str(followup), "add", "Sally Jensen", "--kind", "lead", "--today", TODAY],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        folder = tmp_path / "data" / "followup-tui"
        assert mode(folder) == 0o700
        assert mode(folder / "followup.db") == 0o600

    def test_no_contact_data_in_an_unexpected_failure(
        self, made: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:

        def broken(*args: Any, **kwargs: Any) -> None:
            raise RuntimeError("Sally Jensen's secret note")

        from followup_tui.services import contacts

        monkeypatch.setattr(contacts, "add_note", broken)
        code, _, err = run(made, "note", "1", "she is expecting")
        assert code == 1
        assert "Sally" not in err and "secret" not in err and "expecting" not in err
        assert "RuntimeError" in err


class TestUpgrade:
    @pytest.fixture
    def old(self, tmp_path: Path) -> Iterator[Path]:
        path = tmp_path / "old.db"
        shutil.copyfile(FIXTURES / "followup-0001.db", path)
        yield path

    def test_an_old_database_is_backed_up_then_upgraded(self, old: Path) -> None:
        with closing(sqlite3.connect(old)) as connection:
            contacts = connection.execute("SELECT count(*) FROM contacts").fetchone()
        code, out, err = run(old, "contacts", "--json")
        assert code == 0, err
        backup = old.with_name("old-schema-0001.db")
        assert backup.exists() and mode(backup) == 0o600
        with closing(sqlite3.connect(backup)) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
                "0001",
            )
            assert connection.execute("SELECT count(*) FROM contacts").fetchone() == contacts
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        with closing(sqlite3.connect(old)) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
                revisions.HEAD_REVISION,
            )
            assert connection.execute("SELECT count(*) FROM contacts").fetchone() == contacts


def test_an_app_crash_shows_no_contact_data(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from followup_tui.app import FollowupApp
    from followup_tui.screens import desk

    def boom(self: object) -> None:
        secret = "Sally's secret note"
        raise RuntimeError(secret)

    monkeypatch.setattr(desk.DeskScreen, "action_add_note", boom)
    monkeypatch.delenv("FOLLOWUP_DEBUG", raising=False)
    app = FollowupApp(f"sqlite:///{demo_path}", date(2026, 11, 23))

    async def crash() -> None:
        async with app.run_test() as pilot:
            await workers_done(app)
            await pilot.press("n")

    with pytest.raises(RuntimeError):
        asyncio.run(crash())
    printed = capfd.readouterr()
    assert "secret" not in printed.err + printed.out
    assert "followup stopped unexpectedly (RuntimeError)" in printed.err + printed.out
