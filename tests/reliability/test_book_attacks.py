"""How a book file is opened (issue 16 items 9, 11 and 15).

A book file is data from outside (a restored backup, a file sent by someone): SQL kept in
it never runs, another program's file is left byte for byte as it was, and a command that
only reads writes nothing, not even a new empty book.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from followup_tui.db import backup, revisions
from tests.reliability.test_files import TODAY, assert_one_clear_line, run, workers_finished

FIXTURES = Path(__file__).parent.parent / "fixtures"

WIPE = """
CREATE TRIGGER wipe AFTER INSERT ON {table} BEGIN
    DELETE FROM facts;
    UPDATE notes SET body = 'gone';
END
"""


def beside(path: Path) -> dict[str, bytes]:
    """Every file in the book's folder, with its bytes (-wal and -shm included)."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()}


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    # rw, not ro: a read-only connection to a WAL file leaves -wal and -shm behind.
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True)) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A book with a fact and a note to lose, and a call to log."""
    path = tmp_path / "book.db"
    code, _, err = run(
        path, "add", "Sally Jensen", "--kind", "customer", "--note", "loves lavender"
    )
    assert code == 0, err
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO facts (contact_id, key, value, noted_on) VALUES (1, 'scent', 'rose', ?)",
            (TODAY,),
        )
    return path


def planted(path: Path, sql: str) -> Path:
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executescript(sql)
    return path


class TestSqlInTheBookNeverRuns:
    def test_a_trigger_on_her_next_write(self, book: Path) -> None:
        # GIVEN a restored file carrying a trigger that wipes facts and notes on a log
        planted(book, WIPE.format(table="outcomes"))
        [(touch,)] = query(book, "SELECT min(id) FROM touches WHERE status = 'pending'")
        before = beside(book)

        # WHEN she logs a call
        code, out, err = run(book, "log", str(touch), "reached")

        # THEN one line says the file was tampered with, and nothing ran or changed
        assert_one_clear_line(code, err)
        assert err == (
            f"followup: cannot open {book}: it holds a trigger 'wipe' that followup did not "
            "make: it may have been tampered with; nothing was run\n"
        )
        assert out == ""
        assert beside(book) == before
        assert query(book, "SELECT value FROM facts") == [("rose",)]
        assert query(book, "SELECT body FROM notes") == [("loves lavender",)]

    def test_a_trigger_on_settings_and_a_plain_today(self, book: Path) -> None:
        # GIVEN a file whose catalogue stamp is gone (as after a new products.toml, or
        # taken out on purpose), so opening it once re-wrote a setting, and a trigger
        # on settings
        planted(
            book,
            "DELETE FROM settings WHERE key = '_catalogue_sha256';" + WIPE.format(table="settings"),
        )
        before = beside(book)

        # WHEN she only looks at today's calls
        code, _, err = run(book, "today")

        # THEN it is refused in one line and the trigger never ran
        assert_one_clear_line(code, err, "trigger 'wipe'", "nothing was run")
        assert beside(book) == before
        assert query(book, "SELECT value FROM facts") == [("rose",)]

    @pytest.mark.parametrize(
        "sql",
        [
            "CREATE VIEW everyone AS SELECT name, phone FROM contacts",
            "CREATE TABLE loot (anything)",
            "CREATE INDEX ix_planted ON notes (body)",
        ],
        ids=["view", "table", "index"],
    )
    def test_any_other_object_is_refused(self, book: Path, sql: str) -> None:
        planted(book, sql)
        before = beside(book)

        for command in (["today"], ["add", "Tina Fox", "--kind", "lead"]):
            code, _, err = run(book, *command)
            assert_one_clear_line(code, err, f"cannot open {book}", "followup did not make")
        assert beside(book) == before

    async def test_the_app_says_the_same_words(
        self, book: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from followup_tui.app import FollowupApp

        planted(book, WIPE.format(table="outcomes"))
        before = beside(book)
        app = FollowupApp(f"sqlite:///{book}", date.fromisoformat(TODAY))
        notices: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: notices.append(message))
        async with app.run_test() as pilot:
            await workers_finished(app)
            await pilot.pause()
        assert any(
            f"cannot open {book}: it holds a trigger 'wipe' that followup did not make" in m
            for m in notices
        ), notices
        assert query(book, "SELECT value FROM facts") == [("rose",)]
        assert beside(book) == before


def stale_and_rollback(book: Path) -> Path:
    """The book as a restored backup looks: rollback journal (backups carry no -wal), and
    a catalogue stamp that no longer matches (made on another machine, or before
    products.toml changed): both once made a read write."""
    copy = book.with_name("restored.db")
    backup.backup_to(book, copy)
    book.unlink()
    copy.rename(book)
    planted(book, "UPDATE settings SET value = 'old' WHERE key = '_catalogue_sha256'")
    assert query(book, "PRAGMA journal_mode") == [("delete",)]
    return book


READS = {
    "today": ["today"],
    "today-json": ["today", "--json"],
    "show": ["show", "1"],
    "contacts": ["contacts"],
    "parties": ["parties"],
    "team": ["team"],
    "backorders": ["backorders"],
    "settings": ["settings"],
    "one-setting": ["settings", "phone_region"],
    "me": ["me"],
}


@pytest.mark.parametrize("argv", READS.values(), ids=READS.keys())
def test_a_read_writes_nothing(book: Path, argv: list[str]) -> None:
    stale_and_rollback(book)
    before = beside(book)

    code, _, err = run(book, *argv)

    assert code == 0, err
    assert beside(book) == before


def test_an_export_and_a_dry_run_write_nothing_into_the_book(book: Path, tmp_path: Path) -> None:
    stale_and_rollback(book)
    before = beside(book)
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    csv = elsewhere / "in.csv"
    csv.write_text("Name,Phone\nTina Fox,555 0100\n", encoding="utf-8")

    for argv in (["export", str(elsewhere / "all.csv")], ["import", str(csv), "--dry-run"]):
        code, _, err = run(book, *argv)
        assert code == 0, err
    assert beside(book) == before


def test_a_write_still_brings_the_book_up_to_date(book: Path) -> None:
    stale_and_rollback(book)

    code, _, err = run(book, "note", "1", "likes mornings")

    assert code == 0, err
    assert query(book, "PRAGMA journal_mode") == [("wal",)]
    assert query(book, "SELECT value FROM settings WHERE key = '_catalogue_sha256'") != [("old",)]


def other_program_with_tables(path: Path) -> None:
    planted(
        path,
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total); INSERT INTO invoices VALUES (1, 9)",
    )


def other_alembic_unknown_revision(path: Path) -> None:
    planted(
        path,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
        "INSERT INTO alembic_version VALUES ('3f2a9c1b7d4e');"
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email)",
    )


def other_alembic_our_revision(path: Path) -> None:
    # Numbered revisions are common: this one once got WAL set in its header and a
    # `-schema-0001.db` copy beside it, before the upgrade failed.
    planted(
        path,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
        "INSERT INTO alembic_version VALUES ('0001');"
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email)",
    )


def other_alembic_our_head_and_a_contacts_table(path: Path) -> None:
    planted(
        path,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
        f"INSERT INTO alembic_version VALUES ('{revisions.HEAD_REVISION}');"
        "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name)",
    )


def empty_but_stamped(path: Path) -> None:
    # No tables yet, but another program has claimed it (PRAGMA user_version)
    planted(path, "PRAGMA user_version = 7")


FOREIGN: dict[str, tuple[Callable[[Path], None], str]] = {
    "tables": (other_program_with_tables, "another program"),
    "alembic-unknown-revision": (other_alembic_unknown_revision, "unknown schema version"),
    "alembic-our-revision": (other_alembic_our_revision, "another program"),
    "alembic-our-head": (other_alembic_our_head_and_a_contacts_table, "lacks the table"),
    "empty-but-stamped": (empty_but_stamped, "another program"),
}


@pytest.mark.parametrize(("make", "word"), FOREIGN.values(), ids=FOREIGN.keys())
@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_programs_file_is_left_byte_identical(
    tmp_path: Path, make: Callable[[Path], None], word: str, journal: str
) -> None:
    # GIVEN another program's SQLite file, in either journal mode
    path = tmp_path / "theirs.db"
    make(path)
    planted(path, f"PRAGMA journal_mode = {journal}")
    before = beside(path)

    # WHEN a read, a write or an upgrade-needing command is pointed at it
    for argv in (
        ["today"],
        ["add", "Tina Fox", "--kind", "lead"],
        ["contacts", "--json"],
        ["demo"],
    ):
        code, out, err = run(path, *argv)
        # THEN one line refuses it, and the folder is byte for byte as it was
        assert_one_clear_line(code, err, word)
        assert out == ""
        assert beside(path) == before, argv


class TestAReadOnAMissingBook:
    @pytest.mark.parametrize(
        "argv",
        [
            ["today"],
            ["show", "1"],
            ["contacts"],
            ["parties"],
            ["settings"],
            ["products"],
            ["log", "1", "reached"],
            ["note", "1", "hi"],
            ["export", "x.csv"],
        ],
        ids=lambda argv: argv[0],
    )
    def test_says_so_and_writes_nothing(self, tmp_path: Path, argv: list[str]) -> None:
        folder = tmp_path / "books"
        folder.mkdir()
        path = folder / "new.db"

        code, out, err = run(path, *argv)

        assert_one_clear_line(code, err)
        assert err == (
            f"followup: no book at {path}: `followup demo --db {path}` makes one, "
            f"or `followup --db {path}` opens a new one\n"
        )
        assert list(folder.iterdir()) == []

    def test_an_empty_file_is_no_book_for_a_read(self, tmp_path: Path) -> None:
        path = tmp_path / "new.db"
        path.touch()

        code, _, err = run(path, "today")

        assert_one_clear_line(code, err, f"no book at {path}")
        assert path.read_bytes() == b""

    @pytest.mark.parametrize(
        "argv",
        [["add", "Tina Fox", "--kind", "lead"], ["demo", "--contacts", "3"], ["me", "Alex Rivera"]],
        ids=lambda argv: argv[0],
    )
    def test_a_write_makes_the_book(self, tmp_path: Path, argv: list[str]) -> None:
        path = tmp_path / "new.db"

        code, _, err = run(path, *argv)

        assert code == 0, err
        assert query(path, "SELECT version_num FROM alembic_version") == [
            (revisions.HEAD_REVISION,)
        ]

    def test_an_import_makes_the_book(self, tmp_path: Path) -> None:
        path = tmp_path / "new.db"
        shutil.copyfile(FIXTURES / "import" / "backoffice.csv", tmp_path / "in.csv")

        code, _, err = run(path, "import", str(tmp_path / "in.csv"))

        assert code == 0, err
        assert query(path, "SELECT count(*) > 0 FROM contacts") == [(1,)]


KILLED_MID_WAL = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA wal_autocheckpoint=0")
connection.execute("CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, url TEXT)")
connection.executemany("INSERT INTO visits (url) VALUES (?)", [(f"u{i}",) for i in range(100)])
connection.commit()
os._exit(0)
"""

KILLED_MID_JOURNAL = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, url TEXT)")
connection.commit()
connection.execute("PRAGMA cache_size=1")
connection.execute("BEGIN")
connection.executemany("INSERT INTO visits (url) VALUES (?)", [("x" * 500,)] * 2000)
os._exit(0)
"""


def killed(path: Path, script: str) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", script, str(path)], check=True)


def kept(path: Path) -> dict[str, bytes]:
    """The file and its -wal or -journal: what another program's writes live in. (A -shm
    is SQLite's scratch index of the -wal, rebuilt from it by whoever opens it next.)"""
    return {name: data for name, data in beside(path).items() if not name.endswith("-shm")}


class TestAnotherProgramKilledMidWrite:
    @pytest.mark.parametrize("shm", [True, False], ids=["with-shm", "without-shm"])
    def test_its_wal_is_neither_merged_nor_deleted(self, tmp_path: Path, shm: bool) -> None:
        # GIVEN another program's WAL file whose writer was killed: 100 rows in its -wal
        path = tmp_path / "other.db"
        killed(path, KILLED_MID_WAL)
        if not shm:
            (tmp_path / "other.db-shm").unlink()
        before = kept(path)
        assert "other.db-wal" in before

        # WHEN any command is pointed at it
        for argv in (["today"], ["add", "Tina Fox", "--kind", "lead"]):
            code, out, err = run(path, *argv)

            # THEN it is refused, and the file and its -wal are byte for byte as they were
            assert_one_clear_line(code, err, "another program")
            assert kept(path) == before, argv

    def test_its_unfinished_journal_is_not_rolled_back(self, tmp_path: Path) -> None:
        # GIVEN another program's file whose writer was killed mid-transaction
        path = tmp_path / "other.db"
        killed(path, KILLED_MID_JOURNAL)
        before = beside(path)
        assert "other.db-journal" in before

        # WHEN a command is pointed at it
        code, out, err = run(path, "today")

        # THEN it is refused, and the folder is as it was (the journal was rolled back in
        # a private copy)
        assert_one_clear_line(code, err, "another program")
        assert beside(path) == before


def test_our_book_open_in_another_window_still_opens(book: Path) -> None:
    # GIVEN the app open on the book: a connection holding it, its writes still in the -wal
    with closing(sqlite3.connect(book)) as window:
        window.execute("PRAGMA wal_autocheckpoint=0")
        window.execute("UPDATE contacts SET name = 'Sally Jensen-Moss' WHERE id = 1")
        window.commit()
        assert book.with_name("book.db-wal").stat().st_size > 0

        # WHEN she asks for today's list, looks her up and logs a call from the command line
        code, _, err = run(book, "today")
        assert code == 0, err
        code, out, err = run(book, "show", "1")
        assert code == 0, err
        [(touch,)] = query(book, "SELECT min(id) FROM touches WHERE status = 'pending'")
        code, _, err = run(book, "log", str(touch), "reached")

        # THEN both work, and read what the window wrote
        assert code == 0, err
        assert "Sally Jensen-Moss" in out
