"""Backups and restore, with SQLite's online backup API: consistent while the app is open.

A file copy of a live WAL database can miss what is still in the -wal file; the backup
API copies the database as one transaction sees it. sqlite3 only (no SQLAlchemy), so the
daily backup costs the app's start nothing it did not already import.
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
import stat
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from followup_tui.db import leftovers
from followup_tui.errors import InputError
from followup_tui.words import file_words

BACKUP_FOLDER = "backups"
DAILY_KEPT = 7


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


STALE = ".*.partial*"
"""What a killed backup or restore leaves in backups/: `.NAME.partial` (with its -wal or
-journal), or a restore's `.NAME-restore-XXXX.partial` folder."""


def backup_to(database: Path, target: Path, *, tidy: bool = False) -> Path:
    """Copy the live database to `target` (0600), all at once or not at all.

    With `tidy` (a target in backups/, our own folder), the partial copies that killed
    runs left there go first.
    """
    if not database.is_file():
        raise InputError(f"there is no database at {database} to back up")
    if target.exists():
        raise InputError(f"{target} already exists: a backup never overwrites a file")
    # Short enough for the file system even when the target's name is near its limit.
    partial = target.with_name(f".{target.name[:200]}.partial")
    with leftovers.working_in(target.parent, STALE if tidy else None):
        if not tidy:  # in backups/, a stale one went above and a live one is not ours
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
            target = free_name(backup_folder(database) / name)
        elif dest.is_dir():
            target = free_name(dest / name)
        else:
            target = dest
        if target.exists():
            raise InputError(f"{target} already exists: choose another name")
        if not target.parent.is_dir():
            raise InputError(f"no folder {target.parent} for the backup")
        if target.resolve() == database.resolve():
            raise InputError("the backup cannot be the database itself")
        return backup_to(database, target, tidy=dest is None)
    except OSError as exc:  # a name too long, a read-only folder, a full disk
        raise InputError(file_words("write", shown, exc)) from None
    except sqlite3.OperationalError as exc:
        # SQLite's own words for a full disk, while it writes the copy.
        if "full" in str(exc).lower():
            raise InputError(f"cannot write {shown}: the disk is full") from None
        raise


def free_name(target: Path) -> Path:
    """`target`, or `target` numbered (-2, -3...) when a file has that name already."""
    candidate, n = target, 2
    while candidate.exists():
        candidate, n = target.with_name(f"{target.stem}-{n}{target.suffix}"), n + 1
    return candidate


DAILY_NAME = re.compile(r"-daily-(\d{4}-\d\d-\d\d)(?:-\d+)?\.db")


def daily_backup(
    database: Path, now: datetime | None = None, keep: int = DAILY_KEPT
) -> Path | None:
    """Today's automatic backup beside the database, once a real day; the copies of the
    last `keep` real days stay.

    Named and kept by the real time of the copy (`now`, for tests), never by --today: a
    week of runs with a pretend date in the future once named every copy after it, and
    each real day's copy sorted first and was deleted as soon as it was made.

    A damaged database raises DamagedDatabase, having written and removed nothing: the
    good copies of the days before are what she will restore from.
    """
    if not database.is_file():
        return None
    now = now or datetime.now()
    folder = backup_folder(database)
    made = None
    if now.date() not in _dailies(folder, database.stem).values():
        # Only before a copy: the check reads the whole file (0.75 s of CPU at 100,000
        # contacts), and every start but the day's first finds the copy made.
        check_whole(database)
        target = free_name(folder / f"{database.stem}-daily-{now.date().isoformat()}.db")
        try:
            made = backup_to(database, target, tidy=True)
        except FileExistsError:  # another window is writing today's copy this moment
            return None
        # The copy's time is the day it is kept by (a test's `now`, else now itself).
        os.utime(made, (now.timestamp(), now.timestamp()))
    dailies = _dailies(folder, database.stem)
    days = sorted(set(dailies.values()), reverse=True)[:keep]
    for path, day in dailies.items():
        if day not in days:
            path.unlink(missing_ok=True)
    return made


def _dailies(folder: Path, stem: str) -> dict[Path, date]:
    """Each daily copy and the real day it was made: the earlier of the day in its name
    and the day of its file time. A name can hold a pretend day (--today, before this
    was fixed); a file time is later than the copy when the folder itself was copied."""
    found = {}
    for path in folder.glob(f"{glob.escape(stem)}-daily-*.db"):
        named = DAILY_NAME.fullmatch(path.name[len(stem) :])
        try:
            made = datetime.fromtimestamp(path.stat().st_mtime).date()
            day = min(made, date.fromisoformat(named[1])) if named else made
        except (OSError, ValueError):  # gone meanwhile, or a name like -daily-2026-13-45
            continue
        found[path] = day
    return found
