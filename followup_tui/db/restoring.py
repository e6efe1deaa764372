"""`followup restore FILE`: the live book replaced by FILE, once a copy of FILE passed
every check (db/candidate.py). FILE itself is only ever read as bytes; the replaced book
is kept in backups/.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from contextlib import closing, suppress
from datetime import datetime
from pathlib import Path

from followup_tui.db import candidate, leftovers
from followup_tui.db.backup import BACKUP_FOLDER, STALE, backup_folder, backup_to, free_name
from followup_tui.errors import InputError
from followup_tui.words import file_words


def restore(database: Path, source: Path, now: datetime | None = None) -> Path | None:
    """Replace the database with `source`, after checking a copy of it; the replaced file
    is kept. Returns where (None when there was none).

    `source` is only ever read as bytes: SQLite opens the copy, never the file, whose
    -wal it would replay. A refusal leaves the live book, and its folder, as they were.
    """
    now = now or datetime.now()
    try:
        candidate.check_header(source)
        if database.exists() and source.resolve() == database.resolve():
            raise InputError("that file is the database itself")
    except OSError as exc:  # a name too long, a file where a folder should be
        raise InputError(file_words("read", source, exc)) from None
    folder = database.parent / BACKUP_FOLDER
    had_folder = folder.is_dir()
    try:
        backup_folder(database)
        # A source among the leftovers themselves is hers to restore, not to clean.
        mine = source.resolve().parent != folder.resolve()
        with leftovers.working_in(folder, STALE if mine else None):
            work = Path(
                tempfile.mkdtemp(
                    prefix=f".{database.stem[:100]}-restore-", suffix=".partial", dir=folder
                )
            )
            try:
                try:
                    copy = candidate.copy_source(source, work)
                except OSError as exc:
                    raise InputError(file_words("read", source, exc)) from None
                candidate.check_candidate(copy, source)
                return _restore_into(database, copy, now)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:
        raise InputError(file_words("restore into", database, exc)) from None
    finally:
        if not had_folder:
            _remove_if_empty(folder)


def _remove_if_empty(folder: Path) -> None:
    """A backups/ folder this restore made and did not fill goes again."""
    with suppress(OSError):  # not empty (the replaced book is kept there), or never made
        folder.rmdir()


def _restore_into(database: Path, copy: Path, now: datetime) -> Path | None:
    kept = None
    if database.is_file():
        kept = free_name(
            backup_folder(database) / f"{database.stem}-replaced-{now:%Y-%m-%d-%H%M%S}.db"
        )
        backup_to(database, kept, tidy=True)
    else:
        fd = os.open(database, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
    # The backup API writes into the live file under its lock: an app that has it open
    # sees the restored data on its next read, never a half-copied file.
    with (
        closing(sqlite3.connect(copy)) as src,
        closing(sqlite3.connect(database, timeout=30)) as dst,
    ):
        src.backup(dst)
    return kept
