"""Day N stays Day N (DOMAIN.md): an extra call in between (an issue follow-up, a call
back) does not move the playbook's own days; only a re-anchor or working a step late does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_tui.domain.model import Category, Outcome, Reach, Run, Said
from followup_tui.domain.playbooks import default_library
from followup_tui.domain.schedule import PlannedTouch, Rules, plan_outcome, start_run

from ._support import ALL_GOOD, as_touch

ORDERED = date(2026, 11, 23)  # a Monday: Day N is ORDERED + N days
RULES = Rules()


def day(n: int) -> date:
    return ORDERED + timedelta(days=n)


def said(what: Said, on: date | None = None) -> Outcome:
    return Outcome(Reach.REACHED, what, on=on)


def walk(script: list[tuple[Outcome, int]]) -> list[tuple[str, int]]:
    """Work a new customer's calls in turn, each with its outcome on its day (as Day N);
    the touches planned, as (step, Day N)."""
    playbook = default_library()["new-customer"]
    run = Run(id=1, contact_id=1, playbook="new-customer", anchor=ORDERED, category=Category.DETOX)
    (current,) = start_run(playbook, run, ORDERED, RULES)
    seen: list[PlannedTouch] = [current]
    for number, (outcome, worked) in enumerate(script, start=1):
        plan = plan_outcome(
            playbook, run, as_touch(current, run, number), outcome, day(worked), RULES
        )
        assert plan.run is not None
        run = plan.run
        if not plan.touches:
            break
        (current,) = plan.touches
        seen.append(current)
    return [(p.step, (p.due - ORDERED).days) for p in seen]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        pytest.param(
            [(ALL_GOOD, 1), (ALL_GOOD, 3), (ALL_GOOD, 5), (ALL_GOOD, 7)],
            [("touch-base", 1), ("verification", 3), ("confirmation", 5), ("relationship", 7)],
            id="every-call-on-its-day",
        ),
        pytest.param(
            # an issue on Day 1, its call on Day 3 resolves it: the days stand
            [(said(Said.ISSUE), 1), (said(Said.RESOLVED), 3)]
            + [(ALL_GOOD, 3), (ALL_GOOD, 5), (ALL_GOOD, 7), (ALL_GOOD, 14)],
            [("touch-base", 1), ("issue", 3), ("verification", 3), ("confirmation", 5)]
            + [("relationship", 7), ("just-in-case", 14)],
            id="issue-resolved-on-its-day",
        ),
        pytest.param(
            # "call me tomorrow" on Day 1: the call back on Day 2, then Day 3 and on
            [(said(Said.CALL_ON, day(2)), 1), (ALL_GOOD, 2)]
            + [(ALL_GOOD, 3), (ALL_GOOD, 5), (ALL_GOOD, 7), (ALL_GOOD, 14)],
            [("touch-base", 1), ("call-back", 2), ("verification", 3), ("confirmation", 5)]
            + [("relationship", 7), ("just-in-case", 14)],
            id="call-back-before-the-next-step",
        ),
        pytest.param(
            # the issue is still open on Day 3 (not sorted on Day 3, sorted on Day 5):
            # verification waits, and comes the day after it is resolved; the steps
            # after it keep their spacing from the day it was worked
            [(said(Said.ISSUE), 1), (said(Said.ISSUE), 3), (said(Said.RESOLVED), 5)]
            + [(ALL_GOOD, 6), (ALL_GOOD, 8), (ALL_GOOD, 10)],
            [("touch-base", 1), ("issue", 3), ("issue", 5), ("verification", 6)]
            + [("confirmation", 8), ("relationship", 10), ("just-in-case", 17)],
            id="issue-open-past-the-next-day",
        ),
        pytest.param(
            # worked late, the step after is counted from the day it was worked
            [(ALL_GOOD, 4), (ALL_GOOD, 6)],
            [("touch-base", 1), ("verification", 6), ("confirmation", 8)],
            id="worked-late-moves-the-rest",
        ),
    ],
)
def test_the_playbooks_days(
    script: list[tuple[Outcome, int]], expected: list[tuple[str, int]]
) -> None:
    # GIVEN a first order on Monday (Day 0), WHEN each call is worked as the script says
    # THEN the calls fall on these Days
    assert walk(script) == expected


# --- a corporate backorder nobody answers ----------------------------------------------

NO_ANSWER = Outcome(Reach.NO_ANSWER)


def test_a_corporate_backorder_unanswered_five_times_keeps_its_deadline_check() -> None:
    # GIVEN a corporate backorder's call, recorded on Monday for an order that day
    library = default_library()
    playbook = library["corporate-backorder"]
    run = Run(id=1, contact_id=1, playbook=playbook.slug, anchor=ORDERED, order_id=9)
    (current,) = start_run(playbook, run, ORDERED, RULES)
    # WHEN she cannot be reached, day after day, five times
    for attempt in range(1, 6):
        touch = as_touch(current, run, attempt)
        plan = plan_outcome(playbook, run, touch, NO_ANSWER, current.due, RULES)
        assert plan.run is not None
        run = plan.run
        if plan.touches:
            (current,) = plan.touches
    # THEN the call gives up, and the order's deadline check starts in its place
    assert plan.touches == () and run.status.value == "ended"
    assert [(s.playbook, s.on_the_order) for s in plan.start] == [("backorder", True)]


def test_the_deadline_check_is_tried_until_she_is_reached() -> None:
    # GIVEN a backorder's deadline check
    playbook = default_library()["backorder"]
    run = Run(id=1, contact_id=1, playbook=playbook.slug, anchor=ORDERED, order_id=9)
    (current,) = start_run(playbook, run, ORDERED, RULES)
    assert current.due == date(2026, 12, 3)  # 8 business days after Monday 23 Nov
    # WHEN she is not reached ten times
    for _ in range(10):
        plan = plan_outcome(playbook, run, as_touch(current, run), NO_ANSWER, current.due, RULES)
        (current,) = plan.touches
    # THEN it is still there, the next day, on its eleventh try
    assert (current.step, current.attempt, current.due) == (
        "deadline-check",
        11,
        date(2026, 12, 13),
    )
