"""Copies she keeps: an export of the book to a file, and a backup of the database, as
`followup export` and `followup backup` make them, for the app's command palette."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from followup_tui.db.backup import DamagedDatabase
from followup_tui.db.backup import backup as backup_file
from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind
from followup_tui.errors import InputError
from followup_tui.paths import sqlite_file
from followup_tui.words import counted

CALENDAR_DAYS = 30
"""An .ics export's reach, as `followup export`'s default."""


def export_file(
    db: Database,
    path: Path,
    today: date,
    *,
    days: int = CALENDAR_DAYS,
    kind: Kind | None = None,
) -> str:
    """Every contact (of a kind) as .csv or .vcf, or the next `days` days' calls as .ics,
    written to `path`; what was written, in words. InputError for a path that cannot be
    written, or a kind asked of a calendar."""
    from followup_tui.services import transfer
    from followup_tui.transfer import write
    from followup_tui.transfer.files import check_export_path, write_private

    path = path.expanduser()
    suffix = check_export_path(path)
    if suffix == ".ics":
        if kind is not None:
            raise InputError("--kind is for .csv and .vcf exports: a calendar holds every call")
        touches = transfer.calendar_touches(db, today, days)
        write_private(path, write.calendar_ics(touches, today))
        return f"Exported {counted(len(touches), 'call')} (next {counted(days, 'day')}) to {path}"
    contacts = transfer.contacts_for_export(db, kind)
    text = write.contacts_csv(contacts) if suffix == ".csv" else write.contacts_vcard(contacts)
    write_private(path, text)
    return f"Exported {counted(len(contacts), 'contact')} to {path}"


def back_up(url: str) -> Path:
    """A backup of the database at `url` in the backups/ folder beside it (never over a
    file); InputError when it cannot be made."""
    database = sqlite_file(url)
    if database is None:
        raise InputError("backups are made of a SQLite database file")
    try:
        return backup_file(database)
    except DamagedDatabase as exc:
        raise InputError(str(exc)) from None
