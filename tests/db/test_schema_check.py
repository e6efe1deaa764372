"""db.schema_check: a book holds what the migrations made and nothing else, and looking
at a file writes nothing into it or beside it."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from followup_tui.db import revisions, schema_check
from followup_tui.db.engine import Database, open_database
from followup_tui.db.first_look import first_look
from followup_tui.errors import StorageError

from .conftest import FIXTURE, url


def every_revision() -> list[str]:
    return sorted(p.name[:4] for p in (revisions.MIGRATIONS / "versions").glob("[0-9]*.py"))


def objects(connection: sqlite3.Connection) -> set[tuple[str, str, str]]:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return {(kind, name, table) for kind, name, table, sql in rows if sql is not None}


@pytest.fixture(scope="module")
def migrated_by_revision() -> dict[str, set[tuple[str, str, str]]]:
    """What each revision's migrations make, migrating one database up a step at a time."""
    from alembic import command
    from alembic.config import Config

    made: dict[str, set[tuple[str, str, str]]] = {}
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        for revision in every_revision():
            config = Config()
            config.set_main_option("script_location", str(revisions.MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            made[revision] = objects(raw)
    engine.dispose()
    return made


def test_the_expected_schema_is_what_every_revision_makes(
    migrated_by_revision: dict[str, set[tuple[str, str, str]]],
) -> None:
    # A new migration that adds a table or an index must name it in schema_check,
    # or every book upgraded by it would be refused.
    assert list(migrated_by_revision) == every_revision()
    assert every_revision()[-1] == revisions.HEAD_REVISION
    for revision, made in migrated_by_revision.items():
        assert schema_check.expected_objects(revision) == made, revision


@pytest.fixture
def book(db: Database, db_file: Path) -> Path:
    db.dispose()
    return db_file


def test_a_new_book_and_the_first_release_are_books(book: Path, tmp_path: Path) -> None:
    old = tmp_path / "first.db"
    shutil.copyfile(FIXTURE, old)

    assert schema_check.check_book(book) == revisions.HEAD_REVISION
    assert schema_check.check_book(old) == "0001"


ADDED = {
    "trigger": (
        "CREATE TRIGGER wipe AFTER INSERT ON outcomes BEGIN DELETE FROM facts; END",
        "it holds a trigger 'wipe' that followup did not make: it may have been tampered "
        "with; nothing was run",
    ),
    "view": (
        "CREATE VIEW everyone AS SELECT name FROM contacts",
        "it holds a view 'everyone' that followup did not make",
    ),
    "table": (
        "CREATE TABLE loot (x)",
        "it holds a table 'loot' that followup did not make",
    ),
    "index": (
        "CREATE INDEX ix_sneaky ON contacts (name)",
        "it holds an index 'ix_sneaky' that followup did not make",
    ),
    "trigger-beside-a-missing-table": (
        "DROP TABLE events; CREATE TRIGGER wipe AFTER UPDATE ON settings BEGIN SELECT 1; END",
        "it holds a trigger 'wipe'",
    ),
    "missing-index": (
        "DROP INDEX ix_touches_pending_order",
        "it lacks the index 'ix_touches_pending_order' every followup book has",
    ),
}


@pytest.mark.parametrize(("sql", "words"), ADDED.values(), ids=ADDED.keys())
def test_anything_the_migrations_did_not_make_is_refused_untouched(
    book: Path, sql: str, words: str
) -> None:
    # GIVEN a book someone added SQL to
    with closing(sqlite3.connect(book)) as connection:
        connection.executescript(sql)
    before = book.read_bytes()
    beside = sorted(p.name for p in book.parent.iterdir())

    # WHEN it is looked at, and opened
    with pytest.raises(StorageError) as looked:
        schema_check.check_book(book)
    with pytest.raises(StorageError) as opened:
        open_database(url(book))

    # THEN both say what is wrong, naming the file, and nothing was written
    for refused in (looked, opened):
        assert str(refused.value).startswith(f"cannot open {book}: ")
        assert words in str(refused.value)
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir()) == beside


def test_an_old_book_is_held_to_its_own_revision(tmp_path: Path) -> None:
    # GIVEN the first release's book, with an index only a later revision makes
    old = tmp_path / "first.db"
    shutil.copyfile(FIXTURE, old)
    with closing(sqlite3.connect(old)) as connection:
        connection.execute("CREATE INDEX ix_touches_pending_order ON touches (due_on)")
    before = old.read_bytes()

    # WHEN it is opened: refused before its pre-upgrade copy is made
    with pytest.raises(StorageError, match="index 'ix_touches_pending_order' that followup"):
        open_database(url(old))
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.db"]


def test_sqlite_s_own_tables_are_not_tampering(book: Path) -> None:
    # ANALYZE (from the sqlite3 shell, say) adds sqlite_stat1: statistics, not code
    with closing(sqlite3.connect(book)) as connection:
        connection.execute("ANALYZE")

    assert schema_check.check_book(book) == revisions.HEAD_REVISION


@pytest.fixture
def demo_head(demo_path: Path) -> Iterator[Path]:
    yield demo_path


def test_the_first_frame_does_not_read_a_tampered_book(demo_head: Path) -> None:
    # GIVEN a current book with a view planted under an unused name
    today = date(2026, 11, 23)
    assert first_look(demo_head, today) is not None
    with closing(sqlite3.connect(demo_head)) as connection:
        connection.execute("CREATE VIEW everyone AS SELECT name FROM contacts")

    # THEN the fast path leaves it to the normal one, which refuses it in words
    assert first_look(demo_head, today) is None
