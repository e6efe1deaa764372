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
    """Add `contacts` demo contacts (the same ones for the same number), return how many."""
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
