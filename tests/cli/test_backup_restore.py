"""`followup backup` and `followup restore`, and the app's daily backup.

A backup is a consistent copy (SQLite's backup API), private to the owner, never written
over; a restore checks the file first and keeps the database it replaces.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup_tui.db import backup, restoring
from followup_tui.db.revisions import HEAD_REVISION

from .conftest import Cli

FIXTURES = Path(__file__).parent.parent / "fixtures"


# --- helpers ---------------------------------------------------------------------------


def names(run: Cli) -> list[str]:
    """The contacts as `followup contacts --json` lists them (by name)."""
    return sorted(c["name"] for c in run.json("contacts"))


def sql(path: Path, statement: str, *params: object) -> list[tuple[Any, ...]]:
    """A plain sqlite3 look at a file, without followup opening (or changing) it."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return connection.execute(statement, params).fetchall()


def names_in(path: Path) -> list[str]:
    return sorted(str(name) for (name,) in sql(path, "SELECT name FROM contacts WHERE NOT is_me"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def printed_path(out: str) -> Path:
    assert out.endswith("\n") and out.count("\n") == 1, out
    return Path(out.strip())


@pytest.fixture
def book(run: Cli) -> list[str]:
    """Two contacts, one with a fact and a note."""
    run.add("Ann Lee", "--kind", "customer", "--fact", "perfume=Chanel", "--note", "loves lavender")
    run.add("Bob Stone", "--kind", "circle")
    return ["Ann Lee", "Bob Stone"]


# --- backup ----------------------------------------------------------------------------


def test_backup_goes_beside_the_database_and_is_the_owners_alone(
    run: Cli, db_path: Path, book: list[str]
) -> None:
    # GIVEN a backups folder someone made readable by all
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)

    # WHEN a backup is made with no destination
    copy = printed_path(run.ok("backup"))

    # THEN it is in backups/ beside the database, named after it and the time
    assert copy.parent == folder
    assert re.fullmatch(r"t-\d{4}-\d\d-\d\d-\d{6}\.db", copy.name), copy.name
    # AND the copy and the folder are the owner's alone; no partial file is left
    assert mode(copy) == 0o600
    assert mode(folder) == 0o700
    assert [p.name for p in folder.iterdir()] == [copy.name]
    # AND the copy is a file to carry away (no -wal beside it), with the same book
    assert sql(copy, "PRAGMA journal_mode") == [("delete",)]
    assert sql(copy, "PRAGMA integrity_check") == [("ok",)]
    assert names_in(copy) == book
    assert names(run.on(copy)) == book


def test_backup_makes_the_backups_folder_private(run: Cli, db_path: Path, book: list[str]) -> None:
    # WHEN the first backup is made
    copy = printed_path(run.ok("backup"))

    # THEN its folder is made, readable by the owner only
    assert copy.parent == db_path.parent / "backups"
    assert mode(copy.parent) == 0o700
    assert mode(copy) == 0o600


def test_backup_into_a_folder_or_to_a_file_she_names(
    run: Cli, tmp_path: Path, book: list[str]
) -> None:
    # WHEN the destination is a folder
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    in_folder = printed_path(run.ok("backup", str(stick)))

    # THEN the backup is made in it under its usual name
    assert in_folder.parent == stick
    assert re.fullmatch(r"t-\d{4}-\d\d-\d\d-\d{6}\.db", in_folder.name)

    # WHEN the destination is a file name
    named = tmp_path / "before-the-move.db"
    out = run.ok("backup", str(named))

    # THEN it is that file
    assert printed_path(out) == named
    for copy in (in_folder, named):
        assert mode(copy) == 0o600
        assert names_in(copy) == book


def test_backup_never_overwrites_and_needs_its_folder(
    run: Cli, tmp_path: Path, book: list[str]
) -> None:
    # GIVEN a file already at the destination
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"precious")

    # WHEN a backup is asked for there
    err = run.fails("backup", str(taken))

    # THEN it is refused in one line, and the file is as it was
    assert "already exists" in err
    assert taken.read_bytes() == b"precious"

    # AND a destination in a folder that does not exist is refused too
    err = run.fails("backup", str(tmp_path / "nowhere" / "copy.db"))
    assert "nowhere" in err
    assert not (tmp_path / "nowhere").exists()

    # AND so is the database itself
    err = run.fails("backup", str(run.db_path))
    assert run.db_path.name in err


@pytest.mark.parametrize(
    ("dest", "word"),
    [
        pytest.param("{tmp}/" + "a" * 300 + ".db", "name is too long", id="name-too-long"),
        pytest.param("{tmp}/" + "a" * 300 + "/copy.db", "name is too long", id="folder-too-long"),
        pytest.param("{tmp}/a-file.txt/copy.db", "a-file.txt", id="under-a-file"),
        pytest.param("{tmp}/missing/copy.db", "no folder", id="missing-folder"),
    ],
)
def test_backup_to_a_path_that_cannot_be_is_one_line(
    run: Cli, tmp_path: Path, book: list[str], dest: str, word: str
) -> None:
    # Once "something went wrong (OSError)", exit 1
    (tmp_path / "a-file.txt").write_text("not a folder", encoding="utf-8")
    beside = sorted(p.name for p in tmp_path.iterdir())

    err = run.fails("backup", dest.format(tmp=tmp_path))

    assert word in err
    assert sorted(p.name for p in tmp_path.iterdir()) == beside


def test_backup_onto_a_full_disk_is_one_line_and_leaves_nothing(
    run: Cli, tmp_path: Path, book: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a disk that takes the backup's first page and no more (SQLite's own
    # "database or disk is full", which storage_words once passed by as exit 1)
    real_connect = sqlite3.connect

    def full(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = real_connect(database, *args, **kwargs)
        if str(database).endswith(".partial"):
            connection.execute("PRAGMA max_page_count = 1")
        return connection

    monkeypatch.setattr(sqlite3, "connect", full)
    folder = tmp_path / "copies"
    folder.mkdir()

    # WHEN a backup is made there
    err = run.fails("backup", str(folder / "copy.db"))

    # THEN one line says the disk is full, and no half backup is left behind
    assert "the disk is full" in err
    assert list(folder.iterdir()) == []


def test_backup_while_another_window_is_writing_is_consistent(
    run: Cli, tmp_path: Path, book: list[str]
) -> None:
    # GIVEN the app (another connection) in the middle of a write, not yet committed
    assert sql(run.db_path, "PRAGMA journal_mode") == [("wal",)]
    writer = sqlite3.connect(run.db_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO contacts (name, kind, do_not_contact, discreet, is_me, created_on)"
            " VALUES ('Half Written', 'circle', 0, 0, 0, '2026-11-23')"
        )

        # WHEN a backup is made
        copy = printed_path(run.ok("backup", str(tmp_path / "copy.db")))

        # THEN it worked, and holds the book as committed, without the half-done write
        assert sql(copy, "PRAGMA integrity_check") == [("ok",)]
        assert names_in(copy) == book

        # AND the other window can still finish its write
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert names(run) == sorted([*book, "Half Written"])
    assert names_in(copy) == book


# --- restore ---------------------------------------------------------------------------


def restored(out: str, source: Path) -> Path | None:
    """Where the replaced database was kept, from what restore printed."""
    lines = out.splitlines()
    assert lines[0] == f"Restored {source}"
    if len(lines) == 1:
        return None
    assert len(lines) == 2, out
    match = re.fullmatch(r"The replaced database is kept at (.+)", lines[1])
    assert match, out
    return Path(match[1])


def test_restore_brings_the_book_back_and_keeps_the_one_it_replaces(
    run: Cli, tmp_path: Path, book: list[str]
) -> None:
    # GIVEN a backup of Ann and Bob
    saved = printed_path(run.ok("backup", str(tmp_path / "saved.db")))
    ann = next(c["id"] for c in run.json("contacts") if c["name"] == "Ann Lee")
    # AND since then Carl was added, Bob deleted (no command does that: plain SQL) and
    # Ann got a note
    run.add("Carl Young", "--kind", "lead")
    with closing(sqlite3.connect(run.db_path)) as connection, connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("DELETE FROM contacts WHERE name = 'Bob Stone'")
    run.ok("note", str(ann), "called, all good")
    assert names(run) == ["Ann Lee", "Carl Young"]

    # WHEN the backup is restored
    kept = restored(run.ok("restore", str(saved)), saved)

    # THEN the book is Ann and Bob again, Ann with her one note
    assert names(run) == book
    assert [n["body"] for n in run.show(ann)["notes"]] == ["loves lavender"]
    assert run.without_next_touch() == []
    # AND the replaced database is kept, private, and opens with Carl in it
    assert kept is not None and kept.parent == run.db_path.parent / "backups"
    assert mode(kept) == 0o600
    assert names(run.on(kept)) == ["Ann Lee", "Carl Young"]
    # AND the backup itself is untouched
    assert names_in(saved) == book


def test_restore_onto_a_machine_with_no_database_yet(
    run: Cli, tmp_path: Path, book: list[str]
) -> None:
    # GIVEN a backup, and a new computer with no database
    saved = printed_path(run.ok("backup", str(tmp_path / "saved.db")))
    new = run.on(tmp_path / "new" / "followup.db")
    new.db_path.parent.mkdir()

    # WHEN the backup is restored there
    kept = restored(new.ok("restore", str(saved)), saved)

    # THEN the book is there, private, and nothing was replaced
    assert kept is None
    assert names(new) == book
    assert mode(new.db_path) == 0o600


def test_restore_of_an_old_schema_upgrades_it(run: Cli, tmp_path: Path, book: list[str]) -> None:
    # GIVEN a database file from the first version of followup (schema 0001)
    old = tmp_path / "from-2025.db"
    shutil.copyfile(FIXTURES / "followup-0001.db", old)
    assert sql(old, "SELECT version_num FROM alembic_version") == [("0001",)]
    in_old = names_in(old)
    assert in_old

    # WHEN it is restored
    kept = restored(run.ok("restore", str(old)), old)

    # THEN the database is on today's schema, and `followup contacts` lists its people
    assert sql(run.db_path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert names(run) == in_old
    assert run.ok("contacts").count("\n") == len(in_old)
    # AND the book it replaced is kept
    assert kept is not None and names_in(kept) == book


def not_sqlite(source: Path, folder: Path) -> Path:
    path = folder / "notes.db"
    path.write_text("Ann Lee, 555 2671\n" * 200, encoding="utf-8")
    return path


def corrupt(source: Path, folder: Path) -> Path:
    """A real backup, then a run of bytes in the middle overwritten (a bad sector)."""
    path = folder / "corrupt.db"
    data = bytearray(source.read_bytes())
    page = sql(source, "PRAGMA page_size")[0][0]
    pages = len(data) // page
    assert pages >= 6
    start, end = page * 2, page * (pages - 2)
    data[start:end] = b"\xa5" * (end - start)
    path.write_bytes(bytes(data))
    return path


def cut_short(source: Path, folder: Path) -> Path:
    path = folder / "cut.db"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def another_program(source: Path, folder: Path) -> Path:
    path = folder / "photos.db"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
        connection.execute("INSERT INTO photos (file) VALUES ('beach.jpg')")
    return path


def newer_schema(source: Path, folder: Path) -> Path:
    path = folder / "from-the-future.db"
    shutil.copyfile(source, path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    return path


def unknown_older_schema(source: Path, folder: Path) -> Path:
    path = folder / "from-nowhere.db"
    shutil.copyfile(source, path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    return path


def name_too_long(source: Path, folder: Path) -> Path:
    return folder / ("a" * 300 + ".db")


def under_a_file(source: Path, folder: Path) -> Path:
    return source / "copy.db"


def missing(source: Path, folder: Path) -> Path:
    return folder / "nope.db"


def a_folder(source: Path, folder: Path) -> Path:
    path = folder / "a-folder.db"
    path.mkdir()
    return path


def spoiled(name: str, *statements: str) -> Any:
    """A real backup changed by plain SQL (foreign keys off, as any other program has them)."""

    def make(source: Path, folder: Path) -> Path:
        path = folder / name
        shutil.copyfile(source, path)
        with closing(sqlite3.connect(path)) as connection, connection:
            for statement in statements:
                connection.execute(statement)
        return path

    return make


def another_alembic_program(source: Path, folder: Path) -> Path:
    """Another program's database, migrated with alembic too, with a contacts table."""
    path = folder / "crm.db"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute(f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')")
        connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT)")
        connection.execute("INSERT INTO contacts (email) VALUES ('ann@example.com')")
    return path


REFUSED = {
    "not-sqlite": (not_sqlite, "not SQLite"),
    "corrupt": (corrupt, "damaged"),
    "cut-short": (cut_short, "damaged"),
    "another-program": (another_program, "another program"),
    "newer-schema": (newer_schema, "newer followup-tui (schema 9999)"),
    # Once called "made by a newer followup-tui": it is not
    "unknown-older-schema": (unknown_older_schema, "unknown schema version 0000"),
    # Once "something went wrong (OSError)", exit 1
    "name-too-long": (name_too_long, "name is too long"),
    "under-a-file": (under_a_file, "no file"),
    # Once restored, then every command failed (issue 16, item 10)
    "a-table-dropped": (
        spoiled("dropped.db", "DROP TABLE events"),
        "lacks the table 'events' every followup book has",
    ),
    # Once restored, and the trigger ran on her next write (issue 16, item 9)
    "a-trigger-planted": (
        spoiled(
            "trigger.db", "CREATE TRIGGER wipe AFTER INSERT ON notes BEGIN DELETE FROM facts; END"
        ),
        "holds a trigger 'wipe' that followup did not make",
    ),
    "a-column-dropped": (
        spoiled("column.db", "ALTER TABLE contacts DROP COLUMN said_no_on"),
        "contacts table has no said_no_on column",
    ),
    "another-alembic-program": (another_alembic_program, "lacks the table"),
    "a-touch-status-unknown": (
        spoiled("status.db", "UPDATE touches SET status = 'zzz'"),
        "touches.status holds 'zzz'",
    ),
    "a-kind-that-does-not-exist": (
        spoiled("kind.db", "UPDATE contacts SET kind = 'wizard' WHERE NOT is_me"),
        "contacts.kind holds 'wizard'",
    ),
    "a-date-that-is-not-one": (
        spoiled("date.db", "UPDATE contacts SET created_on = '2026-02-30'"),
        "contacts.created_on holds '2026-02-30', not a date",
    ),
    # Once restored, then `followup contacts` failed with a traceback (TypeError)
    "bytes-for-a-phone-number": (
        spoiled("phone.db", "UPDATE contacts SET phone = X'0102', email = 42"),
        "contacts.phone holds raw bytes, not text",
    ),
    "text-for-a-number": (
        spoiled("priority.db", "UPDATE touches SET priority = 'high'"),
        "touches.priority holds text, not a number",
    ),
    "a-note-of-nobody": (
        spoiled(
            "orphan.db",
            "INSERT INTO notes VALUES (999, 4242, 'x', '2026-11-23', '2026-11-23 09:00:00')",
        ),
        "a row of notes points at a missing contacts",
    ),
    "missing": (missing, "no file"),
    "a-folder": (a_folder, "not a file"),
}


@pytest.mark.parametrize(("make", "word"), REFUSED.values(), ids=REFUSED.keys())
def test_restore_refuses_a_file_that_is_no_good_and_changes_nothing(
    run: Cli, tmp_path: Path, book: list[str], make: Any, word: str
) -> None:
    # GIVEN a good backup to spoil, bigger than a few pages
    guests = tmp_path / "guests.csv"
    guests.write_text(
        "Name,Perfume\n" + "".join(f"Guest{i:02d} Person{i:02d},Scent {i}\n" for i in range(40)),
        encoding="utf-8",
    )
    run.ok("import", str(guests))
    saved = printed_path(run.ok("backup", str(tmp_path / "saved.db")))
    folder = tmp_path / "files"
    folder.mkdir()
    bad = make(saved, folder)
    live = run.db_path.read_bytes()
    beside = sorted(p.name for p in run.db_path.parent.iterdir())

    # WHEN it is restored
    err = run.fails("restore", str(bad))

    # THEN one line says why, and the live database is byte for byte as it was
    assert word in err
    assert run.db_path.read_bytes() == live
    # AND nothing is left beside it (no backups/ folder, no copy of the candidate)
    assert sorted(p.name for p in run.db_path.parent.iterdir()) == beside
    assert len(names(run)) == 42


def test_restore_refuses_the_database_itself(run: Cli, book: list[str]) -> None:
    live = run.db_path.read_bytes()

    err = run.fails("restore", str(run.db_path))

    assert "database itself" in err
    assert run.db_path.read_bytes() == live


@pytest.mark.parametrize("name", ["backup #2.db", "what?.db"])
def test_restore_a_backup_whose_name_holds_a_hash_or_question_mark(
    run: Cli, tmp_path: Path, book: list[str], name: str
) -> None:
    # GIVEN a good backup, named by someone who numbers things with #
    folder = tmp_path / "files"
    folder.mkdir()
    saved = printed_path(run.ok("backup", str(folder / name)))
    run.add("Carl Young", "--kind", "lead")

    # WHEN it is restored
    result = run("restore", str(saved))

    # THEN it is restored, and no stray file appears beside it
    assert (result.code, result.err) == (0, ""), result
    assert names(run) == book
    assert sorted(p.name for p in folder.iterdir()) == [name]


class _OneSecond(datetime):
    """The clock of two restores run within the same second."""

    @classmethod
    def now(cls, tz: Any = None) -> _OneSecond:
        return cls(2026, 11, 23, 9, 30, 0)


def test_two_restores_in_the_same_second_keep_both_replaced_databases(
    run: Cli, tmp_path: Path, book: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN two other books to restore
    first, second = run.on(tmp_path / "first.db"), run.on(tmp_path / "second.db")
    first.add("Fay First", "--kind", "circle")
    second.add("Sid Second", "--kind", "circle")
    monkeypatch.setattr(restoring, "datetime", _OneSecond)

    # WHEN one is restored, then (a moment later, within the second) the other
    kept_first = restored(run.ok("restore", str(first.db_path)), first.db_path)
    kept_second = restored(run.ok("restore", str(second.db_path)), second.db_path)

    # THEN both replaced databases are kept, the original book among them
    assert kept_first is not None and kept_second is not None
    kept = {tuple(names_in(p)) for p in (kept_first, kept_second)}
    assert kept == {tuple(book), ("Fay First",)}


# --- the app's daily backup --------------------------------------------------------------


def test_daily_backup_keeps_the_last_seven_and_one_a_day(
    run: Cli, db_path: Path, book: list[str]
) -> None:
    first = datetime(2026, 11, 1, 9, 30)
    folder = db_path.parent / "backups"

    # WHEN the app starts on ten real days in a row
    made = [backup.daily_backup(db_path, first + timedelta(days=n)) for n in range(10)]

    # THEN each day made one, and only the last seven are kept
    assert all(path is not None for path in made)
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"t-daily-2026-11-{day:02d}.db" for day in range(4, 11)]
    for name in kept:
        assert mode(folder / name) == 0o600
        assert names_in(folder / name) == book
    assert mode(folder) == 0o700

    # WHEN it starts again on the tenth day
    again = backup.daily_backup(db_path, first + timedelta(days=9, hours=8))

    # THEN no second backup is made that day
    assert again is None
    assert sorted(p.name for p in folder.iterdir()) == kept


def test_a_start_that_finds_the_days_copy_reads_no_book_whole(
    db_path: Path, book: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the day's first start, which checks the whole book before its copy
    checked: list[Path] = []
    real_check = backup.check_whole

    def check_whole(path: Path) -> None:
        checked.append(path)
        real_check(path)

    monkeypatch.setattr(backup, "check_whole", check_whole)
    morning = datetime(2026, 11, 1, 9, 30)
    assert backup.daily_backup(db_path, morning) is not None
    assert checked == [db_path]
    # WHEN the app starts again that day (every start but the first)
    assert backup.daily_backup(db_path, morning + timedelta(hours=3)) is None
    # THEN the whole-file check (0.75 s at 100,000 contacts) is not run again
    assert checked == [db_path]


def test_daily_backup_of_no_database_is_nothing(tmp_path: Path) -> None:
    assert backup.daily_backup(tmp_path / "none.db") is None
    assert list(tmp_path.iterdir()) == []


def test_a_refused_restore_leaves_the_backups_folder_as_it_was(
    run: Cli, tmp_path: Path, book: list[str]
) -> None:
    # GIVEN a backups folder with one backup in it, and a file with a table dropped
    made = printed_path(run.ok("backup"))
    folder = tmp_path / "files"
    folder.mkdir()
    bad = spoiled("dropped.db", "DROP TABLE parties")(made, folder)
    before = sorted(p.name for p in made.parent.iterdir())

    # WHEN it is restored
    err = run.fails("restore", str(bad))

    # THEN nothing was added to backups/ (no kept copy, no candidate)
    assert "lacks the table 'parties'" in err
    assert sorted(p.name for p in made.parent.iterdir()) == before
    assert names(run) == book


# --- a source with a -wal beside it ----------------------------------------------------


@pytest.mark.parametrize("with_shm", [True, False], ids=["wal-and-shm", "wal-alone"])
def test_restore_reads_a_file_with_a_wal_beside_it_and_changes_neither(
    run: Cli, tmp_path: Path, book: list[str], with_shm: bool
) -> None:
    # GIVEN another book whose last contact is still in its -wal: copied while a reader
    # held it open, so no checkpoint had moved the -wal into the file
    other = run.on(tmp_path / "other" / "book.db")
    other.db_path.parent.mkdir()
    other.add("Olga Old", "--kind", "circle")
    folder = tmp_path / "files"
    folder.mkdir()
    with closing(sqlite3.connect(other.db_path)) as reader:
        reader.execute("SELECT count(*) FROM contacts").fetchall()
        other.add("Wally Wal", "--kind", "circle")
        suffixes = ["", "-wal", "-shm"] if with_shm else ["", "-wal"]
        for suffix in suffixes:
            shutil.copyfile(f"{other.db_path}{suffix}", folder / f"saved.db{suffix}")
    source = folder / "saved.db"
    assert "Wally Wal" not in names_in_file_alone(source, tmp_path / "alone")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    # WHEN it is restored
    restored(run.ok("restore", str(source)), source)

    # THEN the book holds what was in the -wal too
    assert names(run) == ["Olga Old", "Wally Wal"]
    # AND the file, its -wal (and -shm) are byte for byte as they were, nothing added
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def names_in_file_alone(path: Path, folder: Path) -> list[str]:
    """The names in the database file itself, its -wal left out (read from a copy)."""
    folder.mkdir()
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return names_in(copy)


# --- leftovers of a killed backup ------------------------------------------------------


def test_the_next_backup_removes_the_partial_copies_a_killed_one_left(
    run: Cli, db_path: Path, book: list[str]
) -> None:
    # GIVEN full partial copies that killed backups left in backups/ (each run had its
    # own name), one with the journal SQLite was writing beside it
    run.ok("backup")
    folder = db_path.parent / "backups"
    stale = [
        folder / ".t-2026-11-20-093000.db.partial",
        folder / ".t-daily-2026-11-21.db.partial",
        folder / ".t-daily-2026-11-21.db.partial-journal",
        folder / ".t-replaced-2026-11-22-101010.db.partial",
    ]
    for path in stale:
        shutil.copyfile(db_path, path)
    # AND a file of hers that only looks a little like one
    hers = folder / "t-notes.partial.txt"
    hers.write_text("mine", encoding="utf-8")

    # WHEN the next backup runs
    made = printed_path(run.ok("backup"))

    # THEN the leftovers are gone, the backup is made, her file stays
    assert not [p for p in stale if p.exists()]
    assert made.is_file() and hers.is_file()
    assert not list(folder.glob(".*"))


def test_a_backup_leaves_alone_the_partial_copy_of_one_in_progress(
    run: Cli, db_path: Path, book: list[str]
) -> None:
    import fcntl
    import os

    # GIVEN a backup being written at this moment by another run (it holds the folder)
    run.ok("backup")
    folder = db_path.parent / "backups"
    writing = folder / ".t-2026-11-23-090000.db.partial"
    shutil.copyfile(db_path, writing)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)

        # WHEN another backup runs
        made = printed_path(run.ok("backup"))
    finally:
        os.close(fd)

    # THEN the copy in progress is not taken from under it
    assert writing.is_file() and made.is_file()
    # AND once that run is gone, the next backup cleans it
    run.ok("backup")
    assert not writing.exists()


class _RealClock(datetime):
    """The real time, as a test sets it."""

    at = datetime(2026, 11, 1, 9, 0)

    @classmethod
    def now(cls, tz: Any = None) -> _RealClock:
        return cls.fromtimestamp(cls.at.timestamp())


def test_the_daily_backup_follows_real_days_whatever_today_pretends(
    db_path: Path, book: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_tui.context import AppContext

    monkeypatch.setattr(backup, "datetime", _RealClock)
    folder = db_path.parent / "backups"

    def start_app(real: datetime, pretend: date) -> None:
        _RealClock.at = real
        AppContext(f"sqlite:///{db_path}", pretend)._daily_backup()

    # WHEN the app starts on fourteen real days, the first week with --today years
    # ahead (a week of trying things out), the second on the real date
    first = datetime(2026, 11, 1, 9, 0)
    for n in range(14):
        real = first + timedelta(days=n)
        pretend = date(2031, 1, 1) + timedelta(days=n) if n < 7 else real.date()
        start_app(real, pretend)

    # THEN the copies of the last seven real days are kept, each named by its real day
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"t-daily-2026-11-{day:02d}.db" for day in range(8, 15)]
    for name in kept:
        assert names_in(folder / name) == book


def test_daily_copies_named_by_a_pretend_day_are_kept_by_when_they_were_made(
    run: Cli, db_path: Path, book: list[str]
) -> None:
    import os

    # GIVEN a week of copies an older version named by a pretend --today in 2031, made
    # on the real days 1 to 7 November
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    for n in range(7):
        old = folder / f"t-daily-2031-01-{n + 1:02d}.db"
        shutil.copyfile(db_path, old)
        made = datetime(2026, 11, 1 + n, 9).timestamp()
        os.utime(old, (made, made))

    # WHEN the app starts on the real 8th, then the 9th
    for day in (8, 9):
        assert backup.daily_backup(db_path, datetime(2026, 11, day, 9)) is not None

    # THEN the real copies are kept, and the two oldest real days go, whatever their names
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [
        "t-daily-2026-11-08.db",
        "t-daily-2026-11-09.db",
        *[f"t-daily-2031-01-{n:02d}.db" for n in range(3, 8)],
    ]


def test_restore_of_a_partial_copy_she_points_at_does_not_remove_it(
    run: Cli, db_path: Path, book: list[str]
) -> None:
    # GIVEN a whole copy left under a partial name in backups/ (killed just before its
    # rename), which she chooses to restore
    made = printed_path(run.ok("backup"))
    left = made.with_name(f".{made.name}.partial")
    made.rename(left)
    run.add("Carl Young", "--kind", "lead")

    # WHEN it is restored
    restored(run.ok("restore", str(left)), left)

    # THEN the book is back, and the file she named is still there
    assert names(run) == book
    assert left.is_file()


def test_restore_into_a_folder_named_like_a_url_checks_the_copy_it_made(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a book in a folder whose name SQLAlchemy would read as options and escapes,
    # and a backup carrying a trigger (once, the check ran on a book made elsewhere)
    folder = tmp_path / "q?x%41"
    folder.mkdir()
    monkeypatch.chdir(folder)
    live = run.on(folder / "live.db")
    live.ok("add", "Dana Whitfield", "--kind", "customer")
    planted = tmp_path / "planted.db"
    live.ok("backup", str(planted))
    with closing(sqlite3.connect(planted)) as db:
        db.execute("CREATE TRIGGER wipe AFTER INSERT ON notes BEGIN DELETE FROM facts; END")
        db.commit()
    before = (folder / "live.db").read_bytes()
    # WHEN it is restored, THEN the trigger is found on the copy and nothing is replaced
    refused = live("restore", str(planted))
    assert refused.code == 2
    assert "holds a trigger 'wipe'" in refused.err
    assert (folder / "live.db").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["planted.db", "q?x%41"]
