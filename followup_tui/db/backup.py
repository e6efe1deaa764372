"""Backups and restore, with SQLite's online backup API: consistent while the app is open.

A file copy of a live WAL database can miss what is still in the -wal file; the backup
API copies the database as one transaction sees it. sqlite3 only (no SQLAlchemy), so the
daily backup costs the app's start nothing it did not already import.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from followup_tui.db import revisions
from followup_tui.errors import InputError
from followup_tui.words import file_words

BACKUP_FOLDER = "backups"
DAILY_KEPT = 7
SQLITE_HEADER = b"SQLite format 3\x00"


class DamagedDatabase(sqlite3.DatabaseError):
    """The live file fails SQLite's quick_check: a copy of it would only copy the damage."""

    def __init__(self, database: Path) -> None:
        super().__init__(
            f"the database file {database} is damaged (SQLite's quick_check failed): "
            "no backup was made and the earlier ones are kept; "
            "restore one with `followup restore FILE`"
        )


def check_whole(database: Path) -> None:
    """DamagedDatabase unless `PRAGMA quick_check` says "ok".

    Damage past the first page goes unnoticed until a read lands on it; a backup made
    then would replace good copies with a bad one.
    """
    try:
        with closing(sqlite3.connect(database, timeout=30)) as con:
            verdict = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise  # busy, locked, unreadable: not damage
    except sqlite3.DatabaseError:  # "malformed", "not a database": the damage is early
        raise DamagedDatabase(database) from None
    if verdict != [("ok",)]:
        raise DamagedDatabase(database)


def backup_folder(database: Path) -> Path:
    folder = database.parent / BACKUP_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    # Backups hold the same notes as the database: the owner's alone.
    folder.chmod(0o700)
    return folder


def backup_to(database: Path, target: Path) -> Path:
    """Copy the live database to `target` (0600), all at once or not at all."""
    if not database.is_file():
        raise InputError(f"there is no database at {database} to back up")
    if target.exists():
        raise InputError(f"{target} already exists: a backup never overwrites a file")
    # Short enough for the file system even when the target's name is near its limit.
    partial = target.with_name(f".{target.name[:200]}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
    os.close(fd)
    try:
        with (
            closing(sqlite3.connect(database, timeout=30)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            # A backup is a file to carry away: no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        # Renamed only when complete: a crash leaves no half backup under a real name.
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup(database: Path, dest: Path | None = None, now: datetime | None = None) -> Path:
    """`followup backup [DEST]`: DEST may be a file name or a folder; never overwritten.

    A damaged database is refused (DamagedDatabase) before anything is written.
    """
    now = now or datetime.now()
    name = f"{database.stem}-{now:%Y-%m-%d-%H%M%S}.db"
    if not database.is_file():
        raise InputError(f"there is no database at {database} to back up")
    check_whole(database)
    shown = dest if dest is not None else database.parent / BACKUP_FOLDER
    try:
        if dest is None:
            target = _free_name(backup_folder(database) / name)
        elif dest.is_dir():
            target = _free_name(dest / name)
        else:
            target = dest
        if target.exists():
            raise InputError(f"{target} already exists: choose another name")
        if not target.parent.is_dir():
            raise InputError(f"no folder {target.parent} for the backup")
        if target.resolve() == database.resolve():
            raise InputError("the backup cannot be the database itself")
        return backup_to(database, target)
    except OSError as exc:  # a name too long, a read-only folder, a full disk
        raise InputError(file_words("write", shown, exc)) from None
    except sqlite3.OperationalError as exc:
        # SQLite's own words for a full disk, while it writes the copy.
        if "full" in str(exc).lower():
            raise InputError(f"cannot write {shown}: the disk is full") from None
        raise


def _free_name(target: Path) -> Path:
    """`target`, or `target` numbered (-2, -3...) when a file has that name already."""
    candidate, n = target, 2
    while candidate.exists():
        candidate, n = target.with_name(f"{target.stem}-{n}{target.suffix}"), n + 1
    return candidate


def daily_backup(database: Path, today: date, keep: int = DAILY_KEPT) -> Path | None:
    """Today's automatic backup beside the database, once a day; the last `keep` stay.

    A damaged database raises DamagedDatabase, having written and removed nothing: the
    good copies of the days before are what she will restore from.
    """
    if not database.is_file():
        return None
    check_whole(database)
    folder = backup_folder(database)
    target = folder / f"{database.stem}-daily-{today.isoformat()}.db"
    made = None
    if not target.exists():
        made = backup_to(database, target)
    dailies = sorted(folder.glob(f"{database.stem}-daily-*.db"))
    for old in dailies[:-keep]:
        old.unlink(missing_ok=True)
    return made


def check_restorable(path: Path) -> str:
    """The schema revision of a file fit to restore; InputError saying why it is not."""
    if not path.exists():
        raise InputError(f"no file {path}")
    if not path.is_file():
        raise InputError(f"{path} is not a file")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise InputError(f"{path} is not a followup database (not SQLite)")
    try:
        # as_uri quotes '#' and '?' in a name ("backup #2.db"), and mode=ro creates nothing.
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
            verdict = con.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                raise InputError(f"{path} is damaged (integrity check failed): not restored")
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables or "contacts" not in tables:
                raise InputError(f"{path} belongs to another program, not followup")
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise InputError(f"{path} is damaged: not restored") from None
    if revision is None or not revisions.known_revision(str(revision[0])):
        found = str(revision[0]) if revision else "none"
        raise InputError(f"{path} {revisions.unknown_revision_words(found)}: not restored")
    return str(revision[0])


def restore(database: Path, source: Path, now: datetime | None = None) -> Path | None:
    """Replace the database with `source`, after checking it; the replaced file is kept.

    Returns where the replaced database was kept (None when there was none).
    """
    now = now or datetime.now()
    try:
        check_restorable(source)
        if database.exists() and source.resolve() == database.resolve():
            raise InputError("that file is the database itself")
    except OSError as exc:  # a name too long, a file where a folder should be
        raise InputError(file_words("read", source, exc)) from None
    try:
        return _restore_into(database, source, now)
    except OSError as exc:
        raise InputError(file_words("restore into", database, exc)) from None


def _restore_into(database: Path, source: Path, now: datetime) -> Path | None:
    kept = None
    if database.is_file():
        kept = _free_name(
            backup_folder(database) / f"{database.stem}-replaced-{now:%Y-%m-%d-%H%M%S}.db"
        )
        backup_to(database, kept)
    else:
        fd = os.open(database, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
    # The backup API writes into the live file under its lock: an app that has it open
    # sees the restored data on its next read, never a half-copied file.
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(database, timeout=30)) as dst,
    ):
        src.backup(dst)
    return kept
