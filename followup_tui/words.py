"""Words the screens and the command line share: counts, deadlines and failures as a
person says them. Nothing here imports SQLAlchemy or Textual: every layer may use it."""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from followup_tui.domain.model import Said, TouchStatus
from followup_tui.domain.when import time_words
from followup_tui.errors import InputError, StorageError
from followup_tui.safe_text import shown_line

HIDDEN = "(hidden)"
"""What discreet mode shows in place of a product, a fact or a note."""


def plural(count: int, one: str, many: str | None = None) -> str:
    """The noun for a count: "guest" for 1, "guests" for 0 or 3."""
    return one if count == 1 else many or one + "s"


def counted(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun: "1 guest", "3 guests", "0 rows"."""
    return f"{count} {plural(count, one, many)}"


def days_left_words(left: int) -> str:
    """3 days left, 1 day left, due today, 1 day late, 4 days late."""
    if left == 0:
        return "due today"
    days = counted(abs(left), "day")
    return f"{days} left" if left > 0 else f"{days} late"


def said_words(said: Said | None, on: date | None, at: str | None = None) -> str | None:
    """What was said, with its date (and time): "not-started, starts 2026-12-05"."""
    if said is None:
        return None
    if on is None:
        return said.value
    day = on.isoformat() + (f" {at}" if at else "")
    words = {
        Said.NOT_STARTED: f"starts {day}",
        Said.CALL_ON: f"call {day}",
        Said.MEETING: f"meets {day}",
    }.get(said, day)
    return f"{said.value}, {words}"


def said_no_words(said_no_on: date | None) -> str | None:
    """Why a contact hears nothing but the gentle reconnect: she said no, and when."""
    return f"said not interested on {said_no_on:%d %b}" if said_no_on else None


def closed_words(closed: TouchStatus, reason: str | None, *, discreet: bool = False) -> str:
    """A touch closed unworked: "ended: ordered", "skipped: she is away". A skip's reason is
    her own words, hidden like a note in discreet mode; an end's reason is the app's."""
    if not reason or (discreet and closed is TouchStatus.SKIPPED):
        return closed.value
    return f"{closed.value}: {reason}"


def file_words(verb: str, path: object, error: OSError) -> str:
    """`cannot write /x/y.csv: permission denied`: what the file system refused, in words.

    `path` is the one the person typed (the error may name a temporary file beside it).
    """
    reason = _OS_REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__)
    # A path may hold anything a file name can, an ESC too: drawn, never obeyed.
    return f"cannot {verb} {shown_line(str(path))}: {reason.lower()}"


_OS_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "too many symbolic links",
}


def storage_words(error: BaseException) -> str | None:
    """Plain words for what the disk or the file refused, or None when it is not that.

    Both SQLAlchemy's errors and plain sqlite3 ones: backups and restores use sqlite3.
    """
    if isinstance(error, sqlite3.Error):
        raw = str(error).lower()
    elif _is_sqlalchemy_database_error(error):
        raw = str(getattr(error, "orig", None) or error).lower()
    else:
        return None
    if "full" in raw:
        return "the disk is full: nothing was saved; free some space and try again"
    if "readonly" in raw or "read-only" in raw:
        return "the database file is read-only: nothing was saved"
    if "locked" in raw or "busy" in raw:
        return "the database is busy in another window: nothing was saved; try again"
    if "not a database" in raw or "malformed" in raw:
        return "the database file is damaged: nothing was saved; restore a backup"
    return None


def _is_sqlalchemy_database_error(error: BaseException) -> bool:
    # Looked up, not imported: an error SQLAlchemy raised means it is loaded already, and
    # the screens that word failures must not pay for importing it (OperationalError is a
    # DatabaseError).
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.DatabaseError)


def failure_words(error: BaseException) -> str:
    """Any failure as one line for the person at the keyboard, never a traceback."""
    if isinstance(error, InputError | StorageError):
        return shown_line(str(error))  # it may quote what was typed or imported
    words = storage_words(error)
    if words:
        return words[0].upper() + words[1:]
    # The type only: a message could carry a contact's data.
    return f"Could not do that ({type(error).__name__}); nothing was lost."


def money(cents: int) -> str:
    """A price or a total: 1234 -> "12.34", 123456 -> "1,234.56"."""
    return f"{cents / 100:,.2f}"


def added_words(name: str, contact_id: int, first_title: str | None, first_due: date | None) -> str:
    """Who was added, and when she is first due: "Added Jenna Brooks (#12). First: ..."."""
    first = f" First: {first_title} on {first_due:%a %d %b}." if first_title and first_due else ""
    return f"Added {name} (#{contact_id}).{first}"


class Upcoming(Protocol):
    """A call to come, as a log's answer names it."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def due(self) -> date: ...


def next_words(scheduled: Sequence[Upcoming]) -> str:
    """Next: Maria Lopez, Day 3: verification on Wed 25 Nov; ..."""
    if not scheduled:
        return ""
    return " Next: " + "; ".join(
        f"{s.name}, {s.title} on {s.due:%a %d %b}{_at(getattr(s, 'time', None))}" for s in scheduled
    )


def _at(time: str | None) -> str:
    """ " at 6pm" for a touch with a time, else nothing."""
    return f" at {time_words(time)}" if time else ""
