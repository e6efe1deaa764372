"""The demo written all at once or not at all.

Thousands of contacts go in through many transactions (the story through the real
services, the rest in batches): killed halfway, the book was left half filled, and
`demo` then refused it ("already has contacts"). So the demo is made in a private copy
of the book, and the copy goes into the book in one step (SQLite's backup API, one
write transaction on the book): killed before that step, the book is as it was and only
the copy is left, which the next demo removes.
"""

from __future__ import annotations

import glob
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from followup_tui.db import leftovers
from followup_tui.db.engine import Database, open_database
from followup_tui.errors import InputError
from followup_tui.paths import database_url


def stale(book: Path) -> str:
    """The glob of the copies killed demos of `book` left beside it."""
    return f".{glob.escape(book.name)}.demo-*.partial"


def clean(book: Path) -> None:
    with leftovers.working_in(book.parent, stale(book)):
        pass


@contextmanager
def in_a_copy(book: Path) -> Iterator[Database]:
    """A Database on a private copy of `book`; what is written to it replaces the
    book's content when the block ends without error, and nothing otherwise."""
    folder = book.parent
    with leftovers.working_in(folder, stale(book)):
        work = Path(tempfile.mkdtemp(prefix=f".{book.name}.demo-", suffix=".partial", dir=folder))
        try:
            copy = work / "book.db"
            with closing(sqlite3.connect(book, timeout=30)) as live:
                # Changes only when another connection commits to the book.
                before = live.execute("PRAGMA data_version").fetchone()
                with closing(sqlite3.connect(copy)) as into:
                    live.backup(into)
                database = open_database(database_url(str(copy)))
                try:
                    yield database
                finally:
                    database.dispose()
                if live.execute("PRAGMA data_version").fetchone() != before:
                    # Her own work, written meanwhile, is never written over.
                    raise InputError(
                        "the book changed while the demo was being made: no demo data was "
                        "added; run demo again"
                    )
                with closing(sqlite3.connect(copy)) as made:
                    made.backup(live)
        finally:
            shutil.rmtree(work, ignore_errors=True)
