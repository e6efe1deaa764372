"""Opening the database: pragmas, migrations to head, the shipped catalogue. Nothing at import."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from followup_tui.db import revisions, schema_check
from followup_tui.errors import StorageError
from followup_tui.words import file_words


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Hand-typed notes deserve surviving a power cut, not only a crash.
    cursor.execute("PRAGMA synchronous=FULL")
    # SQL kept in the file (a view, a default, an index expression) may call only
    # harmless functions: a book is data from outside, not code.
    cursor.execute("PRAGMA trusted_schema=OFF")
    cursor.close()


class Database:
    """An engine and a session factory; one transaction per user action."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            if self.engine.dialect.name == "sqlite":
                # Take the write lock before the first read: a deferred transaction
                # checks "is this call still pending?" before it holds the lock, so two
                # windows could both log the same call. Waits out busy_timeout.
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def driver(self) -> Iterator[Any]:
        """A connection of the pool as the driver has it (its pragmas set): for reads of
        plain rows, no Row objects (a microsecond a row)."""
        connection = self.engine.raw_connection()
        try:
            yield connection
        finally:
            connection.close()

    def dispose(self) -> None:
        self.engine.dispose()


class NoBook(StorageError):
    """A command that only reads was pointed at a file that does not exist, or is empty."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"no book at {path}")
        self.path = path


def _sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for another database or :memory:."""
    parsed = _parse_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _check_sqlite_path(path: Path, *, create: bool) -> str | None:
    """The revision of the book at `path` (None: none yet), looked at before any write."""
    try:
        _check_sqlite_file(path, create=create)
        # Looked at with the standard library, read only: another program's file, or one
        # holding SQL that would run, is refused before anything is written into it.
        revision = schema_check.check_book(path)
    except OSError as exc:  # a name too long, a file where a folder should be, ...
        raise StorageError(file_words("use the database", path, exc)) from None
    if revision is None and not create:
        raise NoBook(path)
    return revision


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    if not create and not path.exists():
        raise NoBook(path)
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file")
    if not path.parent.is_dir():
        raise StorageError(f"no folder {path.parent} for the database")
    # SQLite writes its journal beside the file: both must be writable, or nothing is
    # touched at all.
    if path.exists() and not os.access(path, os.W_OK):
        raise StorageError(f"{path} is read-only: followup needs to write to it")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StorageError(f"the folder {path.parent} is read-only: followup needs to write there")
    if not path.exists():
        # Notes about people are private: the file is the owner's alone.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(connection: Connection) -> None:
    """Migrate to the newest schema and commit."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(revisions.MIGRATIONS))
    config.attributes["connection"] = connection
    raw = connection.connection.dbapi_connection
    if isinstance(raw, sqlite3.Connection):
        # Batch migrations copy a table and drop the old one: with foreign keys on,
        # the drop cascades into every child row. SQLite takes this pragma only
        # outside a transaction, so it goes first.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        # Python's sqlite3 commits each CREATE and ALTER on its own; a crash halfway
        # would leave a file that is neither the old schema nor the new. One explicit
        # transaction makes the whole upgrade all or nothing.
        raw.isolation_level = None
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        command.upgrade(config, "head")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        if isinstance(raw, sqlite3.Connection):
            raw.isolation_level = ""
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def open_database(
    url: str, *, seed_catalogue: bool = True, create: bool = True, writes: bool = True
) -> Database:
    """Open and upgrade to the current schema.

    `create`: a missing or empty file becomes a new book (else NoBook). `writes`: the
    caller will write; a read-only command (False) opening a current book writes
    nothing to it (the journal mode and the catalogue wait for the next write).
    """
    # The engine first: it touches no file, and a URL it refuses must not leave one behind.
    engine = _create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        path = _sqlite_path(url)
        if path is not None:
            _check_sqlite_path(path, create=create)
        with engine.connect() as connection:
            revision = current_revision(connection)
            if path is None:
                _check_not_foreign(connection, revision)
            # An older book is upgraded even by a read: the code reads the newest schema.
            changes = writes or revision != revisions.HEAD_REVISION
            # Only now that the file is ours may it change: WAL is kept in the file itself.
            if engine.dialect.name == "sqlite" and changes:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            if revision != revisions.HEAD_REVISION:
                if revision is not None:
                    backup_before_upgrade(url, revision)
                upgrade(connection)
        database = Database(engine)
        if seed_catalogue and changes:
            _ensure_catalogue(database)
    except StorageError:
        engine.dispose()
        raise
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        raise StorageError(f"cannot open the database: {exc.orig or exc}") from None
    except sqlite3.Error as exc:  # from the look before opening: busy, locked, unreadable
        engine.dispose()
        raise StorageError(f"cannot open the database: {exc}") from None
    return database


def _check_not_foreign(connection: Connection, revision: str | None) -> None:
    """For a database that is not a file (a file is looked at by schema_check first)."""
    if revision is None and inspect(connection).get_table_names():
        raise StorageError("this SQLite file belongs to another program, not followup")
    if revision is not None and not revisions.known_revision(revision):
        raise StorageError(f"this database {revisions.unknown_revision_words(revision)}")


def _parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        # Not echoed: it may hold a password.
        raise StorageError(
            "the database URL cannot be read: give a file, or a URL like sqlite:///path/to/file.db"
        ) from None


def _create_engine(url: str) -> Engine:
    """SQLAlchemy's engine; a URL it cannot use is the typist's to fix, said in words."""
    parsed = _parse_url(url)
    # Never echo a password typed into the URL.
    shown = parsed.render_as_string(hide_password=True)
    try:
        return create_engine(parsed)
    except ArgumentError:  # NoSuchModuleError included: an unknown dialect
        raise StorageError(
            f"{shown}: no such kind of database; give a file, or a sqlite:/// URL"
        ) from None
    except ImportError as exc:  # a known dialect whose driver is not installed
        driver = f" ({exc.name})" if exc.name else ""
        raise StorageError(
            f"{shown}: the driver for {parsed.get_backend_name()} is not installed{driver}"
        ) from None


def backup_before_upgrade(url: str, revision: str) -> Path | None:
    """A copy of the file as it was, taken with SQLite's backup API before migrating."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    from followup_tui.db.backup import backup_to

    source_path = Path(parsed.database)
    target = source_path.with_name(f"{source_path.stem}-schema-{revision}{source_path.suffix}")
    # A copy left by an earlier, failed attempt is of the same schema: it is replaced
    # (backup_to never overwrites a file by itself).
    target.unlink(missing_ok=True)
    return backup_to(source_path, target)


CATALOGUE_SIGNATURE = "_catalogue_sha256"
"""Settings row holding the hash of the catalogue file the products were last synced from."""


def _ensure_catalogue(database: Database) -> None:
    import hashlib

    from followup_tui.catalogue import catalogue_path, load_catalogue

    # The catalogue file is the consultant's to edit: the database follows it. Synced only
    # when the file changed: comparing every product on every start cost 14 ms a command.
    path = catalogue_path()
    data = path.read_bytes()
    signature = hashlib.sha256(data).hexdigest()
    with database.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT value FROM settings WHERE key = :key"), {"key": CATALOGUE_SIGNATURE}
        ).scalar()
    if stored == signature:
        return
    # Mapped only now: a shell command on an unchanged catalogue maps no class.
    from followup_tui.db.models import ProductRow, SettingRow

    with database.begin() as session:
        have = {row.sku: row for row in session.scalars(select(ProductRow))}
        for product in load_catalogue(path):
            row = have.get(product.sku) or ProductRow(sku=product.sku)
            row.name, row.category = product.name, product.category.value
            row.reorder_day, row.price_cents = product.reorder_day, product.price_cents
            session.add(row)
        session.merge(SettingRow(key=CATALOGUE_SIGNATURE, value=signature))
