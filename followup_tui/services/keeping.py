"""Copies she keeps: an export of the book to a file, and a backup of the database, as
`followup export` and `followup backup` make them, for the app's command palette."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from followup_tui.db.backup import DamagedDatabase
from followup_tui.db.backup import backup as backup_file
from followup_tui.domain.model import Kind
from followup_tui.errors import InputError
from followup_tui.paths import sqlite_file
from followup_tui.words import counted

if TYPE_CHECKING:
    from followup_tui.db.plain import RowSource

CALENDAR_DAYS = 30
"""An .ics export's reach, as `followup export`'s default."""


Progress = Callable[[int, int], None]
"""(done, total): contacts or calls written so far, of how many."""
PROGRESS_EVERY = 1000


def export_file(
    db: RowSource,
    path: Path,
    today: date,
    *,
    days: int = CALENDAR_DAYS,
    kind: Kind | None = None,
    progress: Progress | None = None,
) -> str:
    """Every contact (of a kind) as .csv or .vcf, or the next `days` days' calls as .ics,
    written to `path`; what was written, in words. InputError for a path that cannot be
    written, or a kind asked of a calendar. `progress` hears how far the writing is."""
    from followup_tui.services import exporting
    from followup_tui.transfer.files import check_export_path, write_private

    path = path.expanduser()
    suffix = check_export_path(path)
    if suffix == ".ics":
        from followup_tui.transfer.ics_out import calendar_ics

        if kind is not None:
            raise InputError("--kind is for .csv and .vcf exports: a calendar holds every call")
        touches = exporting.calendar_touches(db, today, days)
        # The calendar's head and tail are a piece each, besides one a call.
        text = _joined(calendar_ics(touches, today), len(touches), progress, extra=1)
        write_private(path, text)
        return f"Exported {counted(len(touches), 'call')} (next {counted(days, 'day')}) to {path}"
    if suffix == ".csv":
        from followup_tui.transfer.write import cells_csv

        fact_keys, rows = exporting.contacts_csv_cells(db, kind)
        # The header is a piece of its own.
        write_private(path, _joined(cells_csv(fact_keys, rows), len(rows), progress, extra=1))
        return f"Exported {counted(len(rows), 'contact')} to {path}"
    from followup_tui.transfer.vcard_out import contacts_vcard

    contacts = exporting.contacts_for_export(db, kind)
    write_private(path, _joined(contacts_vcard(contacts), len(contacts), progress, extra=0))
    return f"Exported {counted(len(contacts), 'contact')} to {path}"


def _joined(pieces: Iterable[str], total: int, progress: Progress | None, *, extra: int) -> str:
    """The writer's pieces as one text; `progress` told every PROGRESS_EVERY items (the
    first `extra` pieces are a header, not items)."""
    if progress is None:
        return "".join(pieces)
    parts: list[str] = []
    progress(0, total)
    for count, piece in enumerate(pieces, start=1 - extra):
        parts.append(piece)
        if 0 < count < total and count % PROGRESS_EVERY == 0:
            progress(count, total)
    progress(total, total)
    return "".join(parts)


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
