"""A current book read with the sqlite3 driver alone.

The commands that only list (`today`, `contacts --json`, `export`) read plain rows;
importing SQLAlchemy to open the book cost them more (~0.4 s) than the reading itself.
Any book that needs more than a look (missing, empty, an older schema to upgrade, a file
that is not ours, one she cannot write) is opened the usual way instead, which says why.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Protocol

from followup_tui.db import revisions, schema_check
from followup_tui.errors import StorageError


class RowSource(Protocol):
    """A book whose rows can be read with the driver: a Database or a PlainBook."""

    def driver(self) -> Any:  # a context manager of a DB-API connection
        ...


class PlainBook:
    """A book to read rows from, on one connection that changes nothing in it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    @contextmanager
    def driver(self) -> Iterator[sqlite3.Connection]:
        yield self._connection


@contextmanager
def plain_book(path: Path) -> Iterator[PlainBook | None]:
    """The book at `path` to read plain, or None when it must be opened the usual way."""
    if not _looks_ready(path):
        yield None
        return
    with ExitStack() as stack:
        try:
            connection = stack.enter_context(schema_check.looking_at(path))
            current = schema_check.check_book(path, connection) == revisions.HEAD_REVISION
            connection.execute("PRAGMA busy_timeout=5000")
        except (OSError, sqlite3.Error, StorageError):
            current = False
        yield PlainBook(connection) if current else None


def _looks_ready(path: Path) -> bool:
    try:
        return (
            path.is_file()
            and path.stat().st_size > 0
            # The usual way refuses a book it could not write to; so does this one.
            and os.access(path, os.W_OK)
            and os.access(path.parent, os.W_OK | os.X_OK)
        )
    except OSError:
        return False
