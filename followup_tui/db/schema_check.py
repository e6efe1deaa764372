"""Is this file a followup book, and nothing more? Looked at before anything is written.

A book file can carry SQL that runs: a trigger fires on her next write, a view on a
read. The migrations make tables and indexes only, each named below; a file holding
any other object (or missing one) is refused having changed nothing and run nothing.
Standard library only: the first frame's reader calls it too, without SQLAlchemy.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from followup_tui.db import revisions
from followup_tui.errors import StorageError

TABLES = (
    "alembic_version",
    "contacts",
    "events",
    "facts",
    "kind_changes",
    "notes",
    "order_lines",
    "orders",
    "outcomes",
    "parties",
    "party_guests",
    "products",
    "runs",
    "settings",
    "touches",
)
"""Every revision's tables (0002 to 0009 added columns and indexes, not tables)."""

INDEXES: dict[str, tuple[str, str, str | None]] = {
    # name: (table, first revision with it, last revision with it or None for "still")
    "ix_contacts_created_on": ("contacts", "0009", None),
    "ix_contacts_email": ("contacts", "0001", None),
    "ix_contacts_kind": ("contacts", "0001", None),
    "ix_contacts_kind_name": ("contacts", "0008", None),
    "ix_contacts_name": ("contacts", "0008", None),
    "ix_contacts_phone": ("contacts", "0001", None),
    "ix_contacts_referred_by_id": ("contacts", "0007", None),
    "ix_events_held_on": ("events", "0001", None),
    "ix_kind_changes_changed_on": ("kind_changes", "0009", None),
    "ix_kind_changes_contact_id": ("kind_changes", "0001", None),
    "ix_notes_contact_written": ("notes", "0001", None),
    "ix_order_lines_order_id": ("order_lines", "0001", None),
    "ix_orders_contact_id": ("orders", "0001", None),
    "ix_orders_ordered_on": ("orders", "0009", None),
    "ix_orders_party_id": ("orders", "0007", None),
    "ix_outcomes_contact_occurred": ("outcomes", "0001", None),
    "ix_outcomes_heard": ("outcomes", "0008", None),
    "ix_outcomes_occurred_on": ("outcomes", "0003", None),
    "ix_outcomes_touch_id": ("outcomes", "0001", None),
    "ix_parties_held_on": ("parties", "0001", None),
    "ix_party_guests_contact_id": ("party_guests", "0001", None),
    "ix_runs_contact_id": ("runs", "0001", None),
    "ix_runs_event_id": ("runs", "0007", None),
    "ix_runs_order_id": ("runs", "0007", None),
    "ix_runs_party_id": ("runs", "0007", None),
    "ix_touches_contact_status": ("touches", "0001", None),
    "ix_touches_from_outcome_id": ("touches", "0007", None),
    "ix_touches_order_id": ("touches", "0007", None),
    "ix_touches_pending_due": ("touches", "0001", "0002"),
    "ix_touches_pending_order": ("touches", "0003", None),
    "ix_touches_run_id": ("touches", "0001", None),
}
"""The indexes the migrations make; a test migrates a database through every revision and
holds this table equal to what each one made (a new migration's index goes here)."""

SQLITE_OWN = frozenset(
    {"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}
)
"""Tables SQLite itself keeps (AUTOINCREMENT, ANALYZE): data, never code."""

Object = tuple[str, str, str]
"""(type, name, table) as sqlite_master has them."""


def expected_objects(revision: str) -> frozenset[Object]:
    """The tables and indexes a book at `revision` holds, as the migrations made them."""
    tables = {("table", name, name) for name in TABLES}
    indexes = {
        ("index", name, table)
        for name, (table, first, last) in INDEXES.items()
        if first <= revision and (last is None or revision <= last)
    }
    return frozenset(tables | indexes)


def check_book(path: Path, connection: sqlite3.Connection | None = None) -> str | None:
    """The schema revision of the followup book at `path`, or None for an empty file (a
    book not made yet); StorageError saying why for any other file.

    Reads only: nothing is written beside or into the file, nothing in it is run. Open
    the file for writing only after this has answered. `connection`: one already open
    on `path` (with trusted_schema off), so the schema is parsed once, not twice.
    """
    if path.stat().st_size == 0:
        return None
    try:
        if connection is not None:
            return _revision_of_a_book(connection, path)
        with looking_at(path) as connection:
            return _revision_of_a_book(connection, path)
    except sqlite3.OperationalError:
        raise  # busy, locked, unreadable: the caller's words for those
    except sqlite3.DatabaseError as exc:  # not a database, malformed: damage
        raise StorageError(f"cannot open the database: {exc}") from None


@contextmanager
def looking_at(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that reads the SQLite file at `path` and changes nothing in it.

    Nothing beside the file: read-write (never creating it), because a connection that
    may write cleans up the -wal and -shm it makes; it writes nothing, query_only.
    A -wal or -journal beside it: another program's unfinished writes, or a live window
    of ours. Closing a read-write connection would checkpoint the -wal into the file and
    delete it, or roll the journal back: read-only then, which does neither (it may add
    a -shm, SQLite's scratch index of the -wal). A journal that must be rolled back
    before anything is read (a program killed mid-write) is rolled back in a private
    copy; only that rare case copies the book.
    """
    with closing(_connect(path, "ro" if _unfinished(path) else "rw")) as connection:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_READONLY_ROLLBACK:
                raise
        else:
            yield connection
            return
    with tempfile.TemporaryDirectory(prefix="followup-look-") as private:
        copy = Path(private) / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(_beside(path, "-journal"), _beside(copy, "-journal"))
        with closing(_connect(copy, "rw")) as connection:
            yield connection


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    # The path as a file: URI, so a ? or % in a folder's name stays part of the name.
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    connection = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        # As the engine's connections: SQL kept in the file calls no unsafe function.
        connection.execute("PRAGMA trusted_schema=OFF")
        connection.execute("PRAGMA query_only=ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _unfinished(path: Path) -> bool:
    """A -wal or -journal beside the file: writes that closing a connection would finish."""
    return any(_beside(path, suffix).exists() for suffix in ("-wal", "-journal"))


def _revision_of_a_book(connection: sqlite3.Connection, path: Path) -> str | None:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    found = {
        (kind, name, table)
        for kind, name, table, sql in rows
        # SQLite's own: an index made for a UNIQUE constraint holds no SQL.
        if not (kind == "index" and sql is None and name.startswith("sqlite_autoindex_"))
        and not (kind == "table" and name in SQLITE_OWN)
    }
    if not found:
        stamped = connection.execute("PRAGMA user_version").fetchone()[0]
        stamped = stamped or connection.execute("PRAGMA application_id").fetchone()[0]
        if not stamped:
            return None  # an empty SQLite file: a new book
    if ("table", "alembic_version", "alembic_version") not in found:
        raise StorageError(_refusal(path, "it belongs to another program, not followup"))
    version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(version) != 1 or not isinstance(version[0][0], str):
        raise StorageError(_refusal(path, "it belongs to another program, not followup"))
    revision = version[0][0]
    if not revisions.known_revision(revision):
        raise StorageError(f"this database {revisions.unknown_revision_words(revision)}")
    expected = expected_objects(revision)
    # What runs is named first: a trigger beside a missing table is still a trigger.
    extra = sorted(found - expected, key=lambda o: (o[0] == "index", o[0] == "table", o[1]))
    if extra:
        kind, name, _table = extra[0]
        if ("table", "contacts", "contacts") not in found:
            raise StorageError(_refusal(path, "it belongs to another program, not followup"))
        raise StorageError(
            _refusal(
                path,
                f"it holds {_a(kind)} {kind} {name!r} that followup did not make: "
                "it may have been tampered with",
                tail="nothing was run",
            )
        )
    missing = sorted(expected - found, key=lambda o: (o[0] == "index", o[1]))
    if missing:
        kind, name, _table = missing[0]
        if ("table", "contacts", "contacts") not in found:
            raise StorageError(_refusal(path, "it belongs to another program, not followup"))
        raise StorageError(
            _refusal(
                path, f"it lacks the {kind} {name!r} every followup book has: it may be damaged"
            )
        )
    return revision


def _a(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _refusal(path: Path, why: str, *, tail: str = "nothing in it was changed") -> str:
    return f"cannot open {path}: {why}; {tail}"
