"""The commands that only list read a current book with the sqlite3 driver alone
(db/plain.py): the same answer as through SQLAlchemy, without importing it (~0.4 s of a
0.8 s `today --json` at 100,000 contacts)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from followup_tui.db import revisions
from followup_tui.db.plain import plain_book
from tests.db.conftest import first_release_at

TODAY = "2026-11-23"


def followup(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, with the modules it loaded on stderr."""
    probe = (
        "import sys; from followup_tui.cli import main; code = main(sys.argv[1:]); "
        "print(' '.join(sorted(sys.modules)), file=sys.stderr); sys.exit(code)"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )


def through_sqlalchemy(demo_path: Path, *args: str) -> str:
    """The same command with the book opened the usual way (a read of a current book)."""
    from io import StringIO

    from followup_tui.cli import context as cli_context

    out = StringIO()
    plain = cli_context.Context._plain_book
    try:
        cli_context.Context._plain_book = lambda self: None  # type: ignore[method-assign]
        from followup_tui.cli import main

        assert main([*args, "--db", str(demo_path), "--today", TODAY], out=out) == 0
    finally:
        cli_context.Context._plain_book = plain  # type: ignore[method-assign]
    return out.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ("today", "--json"),
        ("today",),
        ("contacts", "--json"),
        ("contacts", "--json", "--kind", "customer"),
    ],
)
def test_a_list_reads_plain_and_says_what_sqlalchemy_would(
    demo_path: Path, args: tuple[str, ...]
) -> None:
    # GIVEN a current book (the demo)
    expected = through_sqlalchemy(demo_path, *args)
    # WHEN the list is asked for from the shell
    done = followup(*args, "--db", str(demo_path), "--today", TODAY)
    # THEN the same answer, and SQLAlchemy never loaded
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
    assert "sqlalchemy" not in done.stderr.split()
    if args[-1] == "--json":
        assert json.loads(done.stdout)


@pytest.mark.parametrize("name", ["book.csv", "book.vcf", "calls.ics"])
def test_an_export_reads_plain(demo_path: Path, tmp_path: Path, name: str) -> None:
    done = followup("export", str(tmp_path / name), "--db", str(demo_path), "--today", TODAY)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.split()
    assert "sqlalchemy" not in loaded and "textual" not in loaded
    assert (tmp_path / name).stat().st_size > 1000
    assert done.stdout.startswith("Exported ")


def test_an_older_book_is_upgraded_first_as_before(tmp_path: Path) -> None:
    # GIVEN a book at the last release's schema
    path = first_release_at(tmp_path, "0007")
    # WHEN today's list is asked for
    done = followup("today", "--json", "--db", str(path), "--today", TODAY)
    # THEN the book was opened the usual way, upgraded, and listed
    assert done.returncode == 0, done.stderr
    assert "sqlalchemy" in done.stderr.split()
    with closing(sqlite3.connect(path)) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == revisions.HEAD_REVISION
    assert isinstance(json.loads(done.stdout), list)


def test_a_missing_book_is_said_as_before(tmp_path: Path) -> None:
    done = followup("today", "--db", str(tmp_path / "nothing.db"), "--today", TODAY)
    assert done.returncode == 2
    assert "no book at" in done.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_a_file_that_is_not_a_book_is_refused_as_before(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    assert plain_book_is_none(other)
    done = followup("contacts", "--json", "--db", str(other))
    assert done.returncode == 2
    assert "another program" in done.stderr


def test_a_book_with_a_live_window_is_read_without_touching_its_journal(demo_path: Path) -> None:
    # GIVEN the desk open on the book, a change of hers not yet written back (-wal)
    with closing(sqlite3.connect(demo_path)) as desk:
        desk.execute("PRAGMA journal_mode=WAL")
        desk.execute("UPDATE contacts SET name = 'Renamed Person' WHERE id = 1")
        desk.commit()
        wal = demo_path.with_name(demo_path.name + "-wal")
        assert wal.exists()
        # WHEN the shell lists her contacts
        done = followup("contacts", "--json", "--db", str(demo_path))
        # THEN it sees the change, and the -wal is still the desk's
        assert done.returncode == 0, done.stderr
        assert "Renamed Person" in done.stdout
        assert wal.exists()


def plain_book_is_none(path: Path) -> bool:
    with plain_book(path) as book:
        return book is None


def test_a_current_book_is_read_plain(demo_path: Path) -> None:
    with plain_book(demo_path) as book:
        assert book is not None
        with book.driver() as connection:
            (count,) = connection.execute("SELECT count(*) FROM contacts").fetchone()
    assert count > 10


@pytest.mark.parametrize("handling", ["skip", "add"])
def test_an_import_that_adds_maps_no_orm_class(
    demo_path: Path, tmp_path: Path, handling: str
) -> None:
    # GIVEN a sheet of two new people
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Phone\nAnn Quill,212 555 0134\nBea Quill,212 555 0187\n")
    # WHEN imported from the shell
    done = followup(
        "import", str(sheet), "--on-duplicate", handling, "--db", str(demo_path), "--today", TODAY
    )
    # THEN both are added, and neither the mapped classes nor Textual were loaded (the
    # models are for merges: ~40 ms of an import)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("2 added, 0 merged, 0 skipped, 0 rejected\n")
    loaded = done.stderr.split()
    assert "followup_tui.db.models" not in loaded and "textual" not in loaded
