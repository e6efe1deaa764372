"""Realistic, deterministic demo data: a consultant's book of business and this morning's calls.

A handful of story contacts go through the real services (story.py), so this morning has a
referral, a detox check, an overdue lead, a corporate backorder, party morning-after
calls and team reminders. The rest are simulated with the pure engine (bulk.py: each
contact's playbook worked forward from the day it was added, with history) and written
in bulk, so 100,000 contacts take seconds, not hours.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from followup_tui.db.engine import Database
from followup_tui.demo.bulk import simulate_book
from followup_tui.demo.story import STORY_SIZE, tell_story
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.services import settings

DEFAULT_CONTACTS = 200


Progress = Callable[[int, int], None]
"""Called with (contacts made so far, contacts in all)."""


def fill(
    db: Database,
    contacts: int,
    today: date,
    library: Library | None = None,
    progress: Progress | None = None,
) -> int:
    """Add `contacts` demo contacts (the same ones for the same number), return how many.

    In a database file, all of them or none (see whole.py), even when killed halfway.
    """
    book = _book_file(db)
    if book is None:
        return _fill(db, contacts, today, library, progress)
    from followup_tui.demo.whole import in_a_copy

    with in_a_copy(book) as copy:
        return _fill(copy, contacts, today, library, progress)


def tidy(db: Database) -> None:
    """Remove the copies killed demos of this book left beside it (when no demo of it
    is running): also when this demo refuses, so a refusal leaves nothing either."""
    book = _book_file(db)
    if book is not None:
        from followup_tui.demo.whole import clean

        clean(book)


def _book_file(db: Database) -> Path | None:
    """The SQLite file behind `db`, when there is one."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    book = Path(url.database)
    return book if book.is_file() else None


def _fill(
    db: Database,
    contacts: int,
    today: date,
    library: Library | None,
    progress: Progress | None,
) -> int:
    library = library or default_library()
    rng = random.Random(contacts)
    report = progress or (lambda done, total: None)
    _settings(db)
    made = tell_story(db, today, library) if contacts >= STORY_SIZE else 0
    report(made, contacts)
    if contacts > made:
        simulate_book(
            db, contacts - made, today, library, rng, lambda n: report(made + n, contacts)
        )
    return contacts


def _settings(db: Database) -> None:
    current = settings.load_settings(db)
    if not current.consultant_name:
        # Alex makes calls Monday to Saturday: the demo shows a day off at work.
        settings.save_settings(
            db,
            replace(
                current,
                consultant_name="Alex",
                webshop="shop.example.com/alex",
                working_days="mon,tue,wed,thu,fri,sat",
            ),
        )
