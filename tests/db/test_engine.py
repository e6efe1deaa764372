"""open_database: a private file at the head schema, the right pragmas, clear refusals."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from followup_tui.catalogue import load_catalogue
from followup_tui.db import engine
from followup_tui.db.engine import Database, NoBook, open_database
from followup_tui.db.models import Base
from followup_tui.db.revisions import HEAD_REVISION
from followup_tui.errors import StorageError

from .conftest import dump, url

WAL_BEFORE_CHECK = (
    "BUG: a refused SQLite file is modified: engine._sqlite_pragmas sets journal_mode=WAL "
    "on connect, before open_database reads alembic_version, so a rollback-journal file "
    "(a newer schema, or another app's database) is switched to WAL (header bytes 18-19) "
    "and then refused"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int) -> Iterator[None]:
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


def pragma(db: Database, name: str) -> object:
    with db.engine.connect() as connection:
        return connection.execute(text(f"PRAGMA {name}")).scalar()


class TestFreshFile:
    def test_schema_is_at_head(self, db: Database, db_file: Path) -> None:
        with closing(sqlite3.connect(db_file)) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
        assert revision == [(HEAD_REVISION,)]
        assert set(Base.metadata.tables) <= tables

    def test_catalogue_is_seeded(self, db: Database, db_file: Path) -> None:
        with closing(sqlite3.connect(db_file)) as connection:
            skus = {sku for (sku,) in connection.execute("SELECT sku FROM products")}
        assert skus == {p.sku for p in load_catalogue()}

    @pytest.mark.parametrize("mask", [0o022, 0o002, 0o000])
    def test_file_is_the_owners_alone(self, tmp_path: Path, mask: int) -> None:
        path = tmp_path / "private.db"

        with umask(mask):
            db = open_database(url(path))
            try:
                with db.begin() as session:
                    session.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
                # Notes live in the -wal file until a checkpoint: it must be private too.
                wal = tmp_path / "private.db-wal"
                assert wal.exists()
                assert mode(wal) == 0o600
            finally:
                db.dispose()

        assert mode(path) == 0o600

    def test_existing_file_mode_is_left_alone(self, tmp_path: Path) -> None:
        path = tmp_path / "shared.db"
        open_database(url(path)).dispose()
        path.chmod(0o640)

        open_database(url(path)).dispose()

        assert mode(path) == 0o640

    def test_second_open_is_a_no_op(
        self, db: Database, db_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # GIVEN a database already at head
        db.dispose()
        before = dump(db_file)

        # WHEN it is opened again, with migrations made to fail if they ran
        def no_upgrade(connection: object) -> None:
            raise AssertionError("a database at head was migrated again")

        monkeypatch.setattr(engine, "upgrade", no_upgrade)
        open_database(url(db_file)).dispose()

        # THEN nothing ran and nothing changed
        assert dump(db_file) == before


class TestPragmas:
    def test_on_a_reopened_database(self, db: Database, db_file: Path) -> None:
        db.dispose()
        again = open_database(url(db_file))
        try:
            assert pragma(again, "journal_mode") == "wal"
            assert pragma(again, "foreign_keys") == 1
            assert pragma(again, "busy_timeout") == 5000
            assert pragma(again, "synchronous") == 2  # FULL
        finally:
            again.dispose()

    def test_sql_kept_in_the_file_is_not_trusted(self, db: Database) -> None:
        # A view, a default or an index expression in a file from outside may call
        # only SQLite's harmless functions.
        assert pragma(db, "trusted_schema") == 0

    def test_foreign_keys_on_right_after_the_first_open(self, db: Database) -> None:
        assert pragma(db, "foreign_keys") == 1

    def test_journal_mode_on_the_first_open(self, db: Database) -> None:
        assert pragma(db, "journal_mode") == "wal"


class TestRefusals:
    def test_a_folder(self, tmp_path: Path) -> None:
        folder = tmp_path / "notes"
        folder.mkdir()

        with pytest.raises(StorageError, match="folder"):
            open_database(url(folder))

        assert list(folder.iterdir()) == []

    def test_a_missing_folder(self, tmp_path: Path) -> None:
        path = tmp_path / "nowhere" / "t.db"

        with pytest.raises(StorageError, match="no folder"):
            open_database(url(path))

        assert not path.parent.exists()

    def test_a_file_that_is_not_sqlite(self, tmp_path: Path) -> None:
        path = tmp_path / "t.db"
        garbage = bytes(range(256)) * 16
        path.write_bytes(garbage)

        with pytest.raises(StorageError, match="cannot open the database: file is not a database"):
            open_database(url(path))

        assert path.read_bytes() == garbage
        assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]

    @pytest.mark.parametrize(
        "journal",
        [
            "wal",
            pytest.param(
                "delete",
                id="delete",
            ),
        ],
    )
    def test_a_database_from_a_newer_version(
        self, db: Database, db_file: Path, journal: str
    ) -> None:
        # GIVEN a database whose schema is newer than this program knows
        db.dispose()
        with closing(sqlite3.connect(db_file)) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999'")
            connection.commit()
            connection.execute(f"PRAGMA journal_mode = {journal}")
        before = db_file.read_bytes()

        # WHEN it is opened
        with pytest.raises(StorageError, match=r"newer followup-tui \(schema 9999\)"):
            open_database(url(db_file))

        # THEN it is left exactly as it was
        assert db_file.read_bytes() == before

    def test_another_apps_sqlite_file_is_left_alone(self, tmp_path: Path) -> None:
        # GIVEN some other program's database (rollback journal, its own revision id)
        path = tmp_path / "other.db"
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            connection.execute("INSERT INTO alembic_version VALUES ('abc123')")
            connection.commit()
        before = path.read_bytes()

        # WHEN it is opened by mistake, it is refused, and not touched
        with pytest.raises(StorageError, match="abc123"):
            open_database(url(path))
        assert path.read_bytes() == before

    def test_another_apps_alembic_file_at_a_revision_we_also_have(self, tmp_path: Path) -> None:
        # GIVEN another program's database whose Alembic revision happens to be ours
        # (numbered revisions are common), in rollback journal mode
        path = tmp_path / "other.db"
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            connection.execute("INSERT INTO alembic_version VALUES ('0001')")
            connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total)")
            connection.commit()
        before = path.read_bytes()

        # WHEN it is opened by mistake
        with pytest.raises(StorageError, match="another program"):
            open_database(url(path))

        # THEN it is byte for byte as it was (no WAL in its header), with nothing
        # beside it (no pre-upgrade copy)
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


class TestNoBookMadeByAReader:
    @pytest.mark.parametrize("empty", [False, True], ids=["missing", "empty-file"])
    def test_a_reader_makes_no_book(self, tmp_path: Path, empty: bool) -> None:
        path = tmp_path / "new.db"
        if empty:
            path.touch()

        with pytest.raises(NoBook, match=f"no book at {path}"):
            open_database(url(path), create=False, writes=False)

        assert sorted(p.name for p in tmp_path.iterdir()) == (["new.db"] if empty else [])
        assert not empty or path.read_bytes() == b""

    def test_a_writer_still_makes_one(self, tmp_path: Path) -> None:
        path = tmp_path / "new.db"
        path.touch()  # an empty file (mktemp's, say) is a book not made yet

        open_database(url(path)).dispose()

        with closing(sqlite3.connect(path)) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
                HEAD_REVISION,
            )
