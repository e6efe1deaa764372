"""The week ahead a window at a time: the same touches, in the same order, as the whole
list, and where a touch is in it."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from followup_tui.db.engine import open_database
from followup_tui.services import due


def test_windows_are_slices_of_the_whole_week(demo_path: Path, today: date) -> None:
    db = open_database(f"sqlite:///{demo_path}")
    whole = due.upcoming(db, today)
    assert len(whole) > 4, "the demo has a week ahead"
    assert due.upcoming_count(db, today) == len(whole)
    for start, stop in ((0, 3), (2, 5), (len(whole) - 2, len(whole) + 10), (len(whole), 99)):
        window = due.upcoming_window(db, today, start, stop)
        assert window == whole[start:stop]
    for position, item in enumerate(whole):
        assert due.upcoming_position(db, today, item.touch.id) == position
    db.dispose()


def test_a_touch_not_in_the_week_has_no_position(demo_path: Path, today: date) -> None:
    db = open_database(f"sqlite:///{demo_path}")
    (later,) = (
        sqlite3.connect(demo_path)
        .execute(
            "SELECT id FROM touches WHERE status = 'pending' AND due_on > ? LIMIT 1",
            ((today + timedelta(days=7)).isoformat(),),
        )
        .fetchone()
    )
    assert due.upcoming_position(db, today, later) is None
    assert due.upcoming_position(db, today, 10**9) is None
    db.dispose()
