"""Is a file fit to restore? Checked on a private copy, before the live book is touched.

A file that opens is not yet a book every command can read: a dropped table, a column
missing, a touch whose status is 'zzz' or a contact of a kind that does not exist each
leave every command failing once restored. The copy is opened through the normal open
path (which upgrades an older schema), then its whole schema and its values are read.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, String

from followup_tui.db import revisions, tables
from followup_tui.domain import model, outcomes, roles
from followup_tui.errors import InputError, StorageError
from followup_tui.paths import database_url

SQLITE_HEADER = b"SQLite format 3\x00"


def _words(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


KNOWN: dict[tuple[str, str], tuple[str, ...]] = {
    ("contacts", "kind"): _words(model.Kind),
    ("contacts", "team_level"): _words(model.Level),
    ("kind_changes", "kind"): _words(model.Kind),
    ("kind_changes", "team_level"): _words(model.Level),
    ("products", "category"): _words(model.Category),
    ("runs", "track"): ("steps", "guest", "event"),
    ("runs", "status"): _words(model.RunStatus),
    ("runs", "category"): _words(model.Category),
    ("touches", "channel"): _words(model.Channel),
    ("touches", "status"): _words(model.TouchStatus),
    ("outcomes", "reach"): _words(model.Reach),
    ("outcomes", "said"): _words(model.Said),
    ("order_lines", "backorder_choice"): tuple(outcomes.BACKORDER_CHOICES),
    ("events", "kind"): tuple(roles.EVENT_KINDS),
}
"""Columns whose values the code reads as one of a few words (the domain's enums)."""


def check_header(source: Path) -> None:
    if not source.exists():
        raise InputError(f"no file {source}")
    if not source.is_file():
        raise InputError(f"{source} is not a file")
    with source.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise InputError(f"{source} is not a followup database (not SQLite)")


def copy_source(source: Path, folder: Path) -> Path:
    """The file and its -wal (or hot -journal) copied into `folder`, the source unread by
    SQLite: opening it read-write would replay its -wal into it, and even read-only
    SQLite may write a -shm beside it. SQLite rebuilds the -shm of the copy."""
    copy = folder / "candidate.db"
    shutil.copyfile(source, copy)
    for suffix in ("-wal", "-journal"):
        beside = source.with_name(source.name + suffix)
        if beside.is_file():
            shutil.copyfile(beside, copy.with_name(copy.name + suffix))
    return copy


def check_candidate(copy: Path, shown: Path) -> None:
    """InputError naming the first reason the copy of `shown` cannot be restored; the
    copy is upgraded to today's schema when it is older."""
    from followup_tui.db.engine import open_database

    _check_file(copy, shown)
    try:
        # The same open as every command's: it upgrades an older schema, and refuses
        # what it would refuse then.
        open_database(database_url(str(copy)), seed_catalogue=False).dispose()
    except StorageError as exc:
        # Her file is named, not the private copy the words were about.
        why = str(exc).removeprefix(f"cannot open {copy}: ")
        for tail in ("; nothing in it was changed", "; nothing was run"):
            why = why.removesuffix(tail)
        raise InputError(f"{shown}: {why}: not restored") from None
    try:
        with closing(sqlite3.connect(copy)) as con:
            _check_schema(con, shown)
            _check_values(con, shown)
            _check_links(con, shown)
    except sqlite3.DatabaseError:
        raise InputError(f"{shown} is damaged: not restored") from None


def _check_file(copy: Path, shown: Path) -> None:
    try:
        with closing(sqlite3.connect(copy)) as con:
            verdict = con.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                raise InputError(f"{shown} is damaged (integrity check failed): not restored")
            names = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in names or "contacts" not in names:
                raise InputError(f"{shown} belongs to another program, not followup")
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise InputError(f"{shown} is damaged: not restored") from None
    if revision is None or not revisions.known_revision(str(revision[0])):
        found = str(revision[0]) if revision else "none"
        raise InputError(f"{shown} {revisions.unknown_revision_words(found)}: not restored")


def _check_schema(con: sqlite3.Connection, shown: Path) -> None:
    for table in tables.metadata.sorted_tables:
        have = {row[1] for row in con.execute(f'PRAGMA table_info("{table.name}")')}
        if not have:
            raise InputError(f"{shown} has no {table.name} table: not restored")
        for column in table.columns:
            if column.name not in have:
                raise InputError(
                    f"{shown}: its {table.name} table has no {column.name} column: not restored"
                )


def _readable_date(value: object) -> bool:
    """What the database layer reads back as a date: SQLite's own date() lets 02-30 by."""
    try:
        return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _readable_time(value: object) -> bool:
    try:
        return isinstance(value, str) and bool(datetime.fromisoformat(value))
    except ValueError:
        return False


def _day_check(sqlite_says: str, where: str, kind: str) -> str:
    return f"({sqlite_says} OR (substr({where}, 9, 2) > '28' AND NOT readable_{kind}({where})))"


STORED_AS = {"null": "nothing", "integer": "a number", "real": "a fraction", "text": "text"}
"""SQLite's typeof() in her words (the rest: "blob")."""


def _fits(column: Column[object]) -> tuple[tuple[str, ...], str]:
    """What SQLite's typeof() may say for a value of `column`, and that in words."""
    if isinstance(column.type, Boolean):
        kinds, words = ("integer",), "yes or no"
    elif isinstance(column.type, Integer):
        kinds, words = ("integer",), "a number"
    elif isinstance(column.type, (String, Date, DateTime)):  # Text is a String
        kinds, words = ("text",), "text"
    else:
        raise TypeError(f"no stored kind known for {column.type!r}")
    return (*kinds, "null") if column.nullable else kinds, words


def _check_kinds(con: sqlite3.Connection, shown: Path) -> None:
    """Every value is stored as its column's kind: bytes where a phone number goes, or a
    number where a name goes, fail every listing that reads them."""
    for table in tables.metadata.sorted_tables:
        for column in table.columns:
            kinds, words = _fits(column)
            where = f'"{table.name}"."{column.name}"'
            marks = ", ".join("?" * len(kinds))
            found = con.execute(
                f'SELECT typeof({where}) FROM "{table.name}" '
                f"WHERE typeof({where}) NOT IN ({marks}) LIMIT 1",
                kinds,
            ).fetchone()
            if found is not None:
                stored = STORED_AS.get(found[0], "raw bytes")
                raise InputError(
                    f"{shown}: {table.name}.{column.name} holds {stored}, not {words}: not restored"
                )


def _check_values(con: sqlite3.Connection, shown: Path) -> None:
    _check_kinds(con, shown)
    con.create_function("readable_date", 1, _readable_date, deterministic=True)
    con.create_function("readable_time", 1, _readable_time, deterministic=True)
    for table in tables.metadata.sorted_tables:
        for column in table.columns:
            where = f'"{table.name}"."{column.name}"'
            known = KNOWN.get((table.name, column.name))
            if known is not None:
                marks = ", ".join("?" * len(known))
                sql, params, what = f"{where} NOT IN ({marks})", known, "a value followup knows"
            elif isinstance(column.type, DateTime):
                # SQLite's own check first: Python only sees the 29th to the 31st.
                sql, params, what = (
                    _day_check(f"datetime({where}) IS NULL", where, "time"),
                    (),
                    "a time",
                )
            elif isinstance(column.type, Date):
                sql, params, what = (
                    _day_check(f"date({where}) IS NOT {where}", where, "date"),
                    (),
                    "a date",
                )
            elif isinstance(column.type, Boolean):
                sql, params, what = f"{where} NOT IN (0, 1)", (), "yes or no"
            else:
                continue
            found = con.execute(
                f'SELECT {where} FROM "{table.name}" WHERE {where} IS NOT NULL AND {sql} LIMIT 1',
                params,
            ).fetchone()
            if found is not None:
                raise InputError(
                    f"{shown}: {table.name}.{column.name} holds {found[0]!r}, not {what}: "
                    "not restored"
                )


def _check_links(con: sqlite3.Connection, shown: Path) -> None:
    broken = con.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        table, _rowid, parent, _fk = broken
        raise InputError(f"{shown}: a row of {table} points at a missing {parent}: not restored")
