"""Has another connection changed the book? Asked every second or two by an open desk,
so a call worked in the shell or another window leaves its list without ctrl+r.

SQLite answers with `PRAGMA data_version` on a connection of our own: the number moves
when any other connection commits. Reading it opens a read transaction and ends it at
once (microseconds in WAL: a read mark in the shared-memory index, which never blocks a
writer; nothing written). Another engine (PostgreSQL: LISTEN, or a
revision counter) would answer the same question behind the same `ChangeProbe`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol


class ChangeProbe(Protocol):
    def version(self) -> int | None:
        """A number that changes when someone else commits; None when it cannot be read
        now (the file is being replaced, say): the caller just asks again later."""

    def close(self) -> None: ...


class SqliteDataVersion:
    """`PRAGMA data_version` on a dedicated connection, opened and used in one thread."""

    def __init__(self, path: Path) -> None:
        # Autocommit: no transaction is ever held open, so no snapshot goes stale and no
        # checkpoint waits for us. check_same_thread off: opened by the watcher's thread
        # but closed by whoever stops it.
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def version(self) -> int | None:
        try:
            row = self._connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None
        return int(row[0]) if row else None

    def close(self) -> None:
        self._connection.close()


def change_probe(path: Path | None) -> ChangeProbe | None:
    """A probe on the book at `path`; None when there is nothing to watch (not a SQLite
    file, or it is missing): the desk then refreshes on ctrl+r only, as before."""
    if path is None or not path.is_file():
        return None
    try:
        return SqliteDataVersion(path)
    except sqlite3.Error:
        return None
