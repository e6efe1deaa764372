"""The new customer playbook (DOMAIN.md, Playbooks): Day N from the first order's date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from followup_tui.domain.model import Category, Channel, Run, RunStatus
from followup_tui.domain.playbooks import default_library
from followup_tui.domain.schedule import Rules, plan_outcome, start_run

from ._support import ALL_GOOD, as_touch, steps_and_dates, touch_at, walk_all_good

ORDERED = date(2026, 11, 23)  # a Monday
RULES = Rules()


def _run(category: Category, anchor: date = ORDERED) -> Run:
    return Run(id=1, contact_id=1, playbook="new-customer", anchor=anchor, category=category)


def _reorder_run(category: Category, reorder_day: int, anchor: date = ORDERED) -> Run:
    return Run(
        id=2,
        contact_id=1,
        playbook="reorder",
        anchor=anchor,
        category=category,
        reorder_day=reorder_day,
    )


def test_start_gives_touch_base_on_day_1() -> None:
    # GIVEN a first order on Monday
    playbook = default_library()["new-customer"]
    # WHEN the playbook starts on the order day
    planned = start_run(playbook, _run(Category.DETOX), ORDERED, RULES)
    # THEN one call is due on Day 1, the day after the purchase
    assert len(planned) == 1
    (first,) = planned
    assert (first.step, first.due, first.channel, first.priority) == (
        "touch-base",
        date(2026, 11, 24),
        Channel.CALL,
        4,
    )


def test_start_entered_late_is_due_today() -> None:
    # GIVEN an order dated a week ago, entered only today
    playbook = default_library()["new-customer"]
    today = ORDERED + timedelta(days=7)
    # WHEN the playbook starts
    (first,) = start_run(playbook, _run(Category.DETOX), today, RULES)
    # THEN the first touch is due today, never in the past
    assert (first.step, first.due) == ("touch-base", today)


@pytest.mark.parametrize("category", [Category.DETOX, Category.NUTRITION, Category.SKINCARE])
def test_all_good_chain_with_verification(category: Category) -> None:
    # GIVEN a first order of a product whose effect on the body needs checking
    playbook = default_library()["new-customer"]
    run = _run(category)
    (first,) = start_run(playbook, run, ORDERED, RULES)
    # WHEN every touch is worked on its day with "all good"
    planned, ended = walk_all_good(playbook, run, first, RULES)
    # THEN Day 1, 3, 5, 7, and the run ends (the reorder is its own track)
    assert steps_and_dates(planned) == [
        ("touch-base", date(2026, 11, 24)),
        ("verification", date(2026, 11, 26)),
        ("confirmation", date(2026, 11, 28)),
        ("relationship", date(2026, 11, 30)),
    ]
    assert [p.priority for p in planned] == [4, 4, 4, 5]
    assert ended.status is RunStatus.ENDED


def test_home_skips_verification_and_lowers_confirmation() -> None:
    # GIVEN a first order of a home product
    playbook = default_library()["new-customer"]
    run = _run(Category.HOME)
    (first,) = start_run(playbook, run, ORDERED, RULES)
    # WHEN every touch is worked with "all good"
    planned, _ = walk_all_good(playbook, run, first, RULES)
    # THEN there is no Day 3 verification, and Day 5 confirmation comes at low priority
    assert steps_and_dates(planned) == [
        ("touch-base", date(2026, 11, 24)),
        ("confirmation", date(2026, 11, 28)),
        ("relationship", date(2026, 11, 30)),
    ]
    confirmation = planned[1]
    detox_confirmation = [
        p
        for p in walk_all_good(playbook, _run(Category.DETOX), first, RULES)[0]
        if p.step == "confirmation"
    ][0]
    assert confirmation.priority == 7
    assert confirmation.priority > detox_confirmation.priority


def test_other_category_skips_verification() -> None:
    # GIVEN a product of category "other" (not detox, nutrition or skincare)
    playbook = default_library()["new-customer"]
    run = _run(Category.OTHER)
    (first,) = start_run(playbook, run, ORDERED, RULES)
    # WHEN touch base goes well
    plan = plan_outcome(playbook, run, as_touch(first, run), ALL_GOOD, first.due, RULES)
    # THEN Day 5 confirmation follows, at its normal priority
    assert [(p.step, p.due, p.priority) for p in plan.touches] == [
        ("confirmation", date(2026, 11, 28), 4)
    ]


@pytest.mark.parametrize(
    ("ordered", "reorder_day", "reorder_due"),
    [
        (date(2026, 11, 23), 14, date(2026, 12, 7)),
        (date(2026, 11, 23), 35, date(2026, 12, 28)),
        (date(2026, 12, 20), 21, date(2027, 1, 10)),  # across the year end
        (date(2028, 2, 15), 14, date(2028, 2, 29)),  # leap day
    ],
)
def test_reorder_on_the_products_reorder_day(
    ordered: date, reorder_day: int, reorder_due: date
) -> None:
    # GIVEN an order of a product with a reorder day
    playbook = default_library()["reorder"]
    run = _reorder_run(Category.NUTRITION, reorder_day, anchor=ordered)
    # WHEN its reorder track starts with the order
    planned = start_run(playbook, run, ordered, RULES)
    # THEN its one call is on order date + reorder day, whatever the welcome calls do
    assert steps_and_dates(planned) == [("reorder", reorder_due)]


def test_the_welcome_chain_has_no_reorder_step() -> None:
    # The reorder call is not the last welcome call any more: it is a run of its own.
    assert "reorder" not in [s.slug for s in default_library()["new-customer"].steps]


def test_reorder_run_ends_after_its_call() -> None:
    # GIVEN an order's reorder track
    playbook = default_library()["reorder"]
    run = _reorder_run(Category.DETOX, 14)
    (reorder,) = start_run(playbook, run, ORDERED, RULES)
    assert (reorder.step, reorder.due) == ("reorder", date(2026, 12, 7))
    # WHEN the reorder call is worked
    plan = plan_outcome(playbook, run, as_touch(reorder, run), ALL_GOOD, reorder.due, RULES)
    # THEN nothing more is planned and the run is over
    assert plan.touches == ()
    assert plan.run is not None
    assert plan.run.status is RunStatus.ENDED


@pytest.mark.parametrize(
    ("had_issue", "asked_callback"),
    [(True, False), (False, True)],
    ids=["after-an-issue", "asked-to-be-called"],
)
def test_just_in_case_on_day_14_after_issue_or_call_on(
    had_issue: bool, asked_callback: bool
) -> None:
    # GIVEN a run that logged an issue, or where the customer asked to be called
    playbook = default_library()["new-customer"]
    run = replace(_run(Category.SKINCARE), had_issue=had_issue, asked_callback=asked_callback)
    relationship = touch_at(playbook, run, "relationship", date(2026, 11, 30))
    # WHEN the Day 7 relationship call goes well
    plan = plan_outcome(playbook, run, relationship, ALL_GOOD, relationship.due, RULES)
    # THEN the Day 14 just-in-case call follows, the last of the welcome chain
    assert plan.run is not None
    (just_in_case,) = plan.touches
    assert (just_in_case.step, just_in_case.due) == ("just-in-case", date(2026, 12, 7))
    then = plan_outcome(
        playbook, plan.run, as_touch(just_in_case, run), ALL_GOOD, just_in_case.due, RULES
    )
    assert then.touches == ()


def test_no_just_in_case_without_issue_or_call_on() -> None:
    # GIVEN a run where nothing went wrong
    playbook = default_library()["new-customer"]
    run = _run(Category.SKINCARE)
    relationship = touch_at(playbook, run, "relationship", date(2026, 11, 30))
    # WHEN the relationship call goes well
    plan = plan_outcome(playbook, run, relationship, ALL_GOOD, relationship.due, RULES)
    # THEN the welcome chain is over
    assert plan.touches == ()


@pytest.mark.parametrize(
    ("days_late", "verification_due"),
    [
        (0, date(2026, 11, 26)),  # on time: Day 3
        pytest.param(
            1,
            date(2026, 11, 27),
        ),
        (2, date(2026, 11, 28)),
        (3, date(2026, 11, 29)),  # the brief's example: 2 days after the day worked
        (9, date(2026, 12, 5)),  # over the month end
    ],
)
def test_late_touch_base_keeps_spacing_from_day_worked(
    days_late: int, verification_due: date
) -> None:
    # GIVEN the Day 1 touch base, worked some days late
    playbook = default_library()["new-customer"]
    run = _run(Category.DETOX)
    touch = touch_at(playbook, run, "touch-base", date(2026, 11, 24))
    worked_on = touch.due + timedelta(days=days_late)
    # WHEN it is logged all good
    plan = plan_outcome(playbook, run, touch, ALL_GOOD, worked_on, RULES)
    # THEN verification comes 2 days (Day 3 - Day 1) after the day worked
    assert [(p.step, p.due) for p in plan.touches] == [("verification", verification_due)]


@pytest.mark.parametrize(
    ("step", "due", "worked_on", "next_step", "next_due"),
    [
        # Day 5 confirmation worked on Day 10: relationship 2 days later
        ("confirmation", date(2026, 11, 28), date(2026, 12, 3), "relationship", date(2026, 12, 5)),
        # Day 3 verification worked 4 days late: confirmation 2 days after that
        ("verification", date(2026, 11, 26), date(2026, 11, 30), "confirmation", date(2026, 12, 2)),
    ],
)
def test_late_touch_never_plans_an_overdue_one(
    step: str, due: date, worked_on: date, next_step: str, next_due: date
) -> None:
    # GIVEN an overdue touch
    playbook = default_library()["new-customer"]
    run = _run(Category.NUTRITION)
    touch = touch_at(playbook, run, step, due)
    # WHEN it is worked late
    plan = plan_outcome(playbook, run, touch, ALL_GOOD, worked_on, RULES)
    # THEN the next touch keeps the playbook's spacing from the day worked
    assert [(p.step, p.due) for p in plan.touches] == [(next_step, next_due)]
    assert all(p.due > worked_on for p in plan.touches)


def test_home_touch_base_worked_late_spaces_confirmation() -> None:
    # GIVEN a home product's touch base, worked on Day 6 instead of Day 1
    playbook = default_library()["new-customer"]
    run = _run(Category.HOME)
    touch = touch_at(playbook, run, "touch-base", date(2026, 11, 24))
    # WHEN it goes well
    plan = plan_outcome(playbook, run, touch, ALL_GOOD, date(2026, 11, 29), RULES)
    # THEN confirmation keeps its 4 days from touch base, counted from the day worked
    assert [(p.step, p.due, p.priority) for p in plan.touches] == [
        ("confirmation", date(2026, 12, 3), 7)
    ]
