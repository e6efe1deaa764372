"""Imported people's first calls: spread from tomorrow, never all on one morning."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from followup_tui.domain.imports import Newcomer, first_call_day, first_runs
from followup_tui.domain.model import Kind, Level
from followup_tui.domain.playbooks import default_library
from followup_tui.domain.schedule import Rules

TODAY = date(2026, 11, 23)


def test_first_calls_start_tomorrow_and_follow_the_rhythms_interval() -> None:
    days = [first_call_day(TODAY, position, 6, 3) for position in range(6)]
    # six leads (first call on Day 3): a few a day at most, never today
    assert [(d - TODAY).days for d in days] == [1, 2, 3, 1, 2, 3]


@pytest.mark.parametrize("gap", [0, 1, 3])
def test_a_big_import_of_a_quick_playbook_is_at_most_ten_a_day(gap: int) -> None:
    per_day = Counter(first_call_day(TODAY, position, 300, gap) for position in range(300))
    assert len(per_day) == 30 and max(per_day.values()) == 10
    assert min(per_day) == TODAY + timedelta(days=1)


def test_three_hundred_friends_on_a_ninety_day_rhythm_come_up_three_or_four_a_day() -> None:
    per_day = Counter(first_call_day(TODAY, position, 300, 90) for position in range(300))
    assert len(per_day) == 90
    assert set(per_day.values()) == {3, 4}
    assert max(per_day) == TODAY + timedelta(days=90)


def test_a_huge_import_is_spread_over_a_year_at_most() -> None:
    days = {first_call_day(TODAY, position, 20_000, 90) for position in range(20_000)}
    assert len(days) == 365


def test_each_newcomer_starts_her_kinds_playbook_spread_out() -> None:
    # GIVEN three circle friends, a lead met last week, a team member and one marked
    # do not contact, imported together
    met = TODAY - timedelta(days=6)
    newcomers = [
        Newcomer(1, Kind.CIRCLE, None, None, False),
        Newcomer(2, Kind.CIRCLE, None, None, False),
        Newcomer(3, Kind.CIRCLE, None, None, False),
        Newcomer(4, Kind.LEAD, None, met, False),
        Newcomer(5, Kind.TEAM, None, None, False),
        Newcomer(6, Kind.CIRCLE, None, None, True),
    ]
    # WHEN their first runs are planned
    runs = {
        r.newcomer.contact_id: r
        for r in first_runs(newcomers, default_library(), TODAY, Rules(), 0, 6)
    }
    # THEN nobody is called today, the friends come up on different days, the lead's
    # Day 3 counts from when they met, and the one who said no gets nothing
    assert 6 not in runs
    friends = [runs[c].planned[0].due for c in (1, 2, 3)]
    assert len(set(friends)) == 3 and min(friends) == TODAY + timedelta(days=1)
    assert runs[4].run.anchor == met and runs[4].run.playbook == "lead"
    assert runs[4].planned[0].due == TODAY
    assert runs[5].run.playbook == default_library().start_for(Kind.TEAM, Level.NEW_PARTNER)
    assert all(p.due > TODAY for c in (1, 2, 3, 5) for p in runs[c].planned)
