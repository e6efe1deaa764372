"""Every call on the right day (issue 14), as date tables: the reorder's own day, the
inactive customer's 90th day, three-three-three counted from the first contact, her
working days, business days over the holidays, and one event's calls one a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_tui.domain.dates import (
    add_business_days,
    next_working_day,
    parse_working_days,
    working_days_words,
)
from followup_tui.domain.model import Category, Contact, Kind, Run
from followup_tui.domain.playbooks import default_library
from followup_tui.domain.rhythm import is_quieter, quiet_state
from followup_tui.domain.schedule import Rules, backorder_deadline, plan_outcome, start_run

from ._support import ALL_GOOD, NO_ANSWER, as_touch, steps_and_dates, touch_at

LIBRARY = default_library()
RULES = Rules()
NO_SUNDAYS = Rules(working_days=parse_working_days("mon-sat"))
MON_TO_FRI = Rules(working_days=parse_working_days("mon,tue,wed,thu,fri"))


def run_of(playbook: str, anchor: date, started: date | None = None, **kw: object) -> Run:
    return Run(
        id=1,
        contact_id=1,
        playbook=playbook,
        anchor=anchor,
        started=started or anchor,
        **kw,  # type: ignore[arg-type]
    )


def walk(playbook: str, run: Run, today: date, rules: Rules, worked: list[int]) -> list[date]:
    """Start `run` on `today`, then work each touch `worked[i]` days after it was due,
    all good; the days each touch was due."""
    book = LIBRARY[playbook]
    planned = start_run(book, run, today, rules)
    seen = []
    for number, late_by in enumerate(worked, start=1):
        if not planned:
            break
        (current,) = planned
        seen.append(current.due)
        worked_on = current.due + timedelta(days=late_by)
        plan = plan_outcome(book, run, as_touch(current, run, number), ALL_GOOD, worked_on, rules)
        assert plan.run is not None
        run = plan.run
        planned = list(plan.touches)
    return seen


# --- the reorder keeps the product's day ------------------------------------------------

ORDERED = date(2026, 11, 9)  # a Monday


@pytest.mark.parametrize(
    ("entered", "reorder_day", "due"),
    [
        pytest.param(ORDERED, 14, date(2026, 11, 23), id="entered-the-day-ordered"),
        pytest.param(ORDERED + timedelta(days=5), 14, date(2026, 11, 23), id="entered-late"),
        pytest.param(ORDERED, 35, date(2026, 12, 14), id="a-35-day-product"),
        pytest.param(ORDERED + timedelta(days=20), 14, ORDERED + timedelta(days=20), id="past"),
    ],
)
def test_the_reorder_call_is_on_the_products_day_from_the_order(
    entered: date, reorder_day: int, due: date
) -> None:
    # GIVEN an order on 9 Nov, entered some days later (Day 1 never worked)
    run = run_of("reorder", ORDERED, started=entered, reorder_day=reorder_day)
    # WHEN its reorder track starts / THEN the call is on the product's day from the order
    (planned,) = start_run(LIBRARY["reorder"], run, entered, RULES)
    assert (planned.step, planned.due) == ("reorder", due)


def test_the_welcome_calls_worked_late_do_not_move_the_reorder() -> None:
    # GIVEN a new customer's Day 1 worked 5 days late, beside her reorder track
    welcome = run_of("new-customer", ORDERED, category=Category.DETOX)
    reorder = run_of("reorder", ORDERED, reorder_day=30)
    (touch_base,) = start_run(LIBRARY["new-customer"], welcome, ORDERED, RULES)
    plan = plan_outcome(
        LIBRARY["new-customer"],
        welcome,
        as_touch(touch_base, welcome),
        ALL_GOOD,
        touch_base.due + timedelta(days=5),
        RULES,
    )
    # WHEN / THEN the welcome chain moves on from the day worked; the reorder stays Day 30
    assert steps_and_dates(list(plan.touches)) == [("verification", date(2026, 11, 17))]
    (call,) = start_run(LIBRARY["reorder"], reorder, ORDERED, RULES)
    assert call.due == ORDERED + timedelta(days=30)


# --- three-three-three from the first contact -------------------------------------------

MET = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("started", "expected"),
    [
        pytest.param(MET, [date(2026, 11, 5), date(2026, 11, 23), date(2027, 2, 2)], id="met"),
        pytest.param(
            # a week after meeting: Day 3 has passed, so it is due now; the rest keep theirs
            date(2026, 11, 9),
            [date(2026, 11, 9), date(2026, 11, 23), date(2027, 2, 2)],
            id="a-week-late",
        ),
        pytest.param(
            # a month after: Days 3 and 21 have both passed, due now and the next day;
            # the three months from the first contact, a day on (the catch-up call came
            # a day after the run's first day, so it was worked late)
            date(2026, 12, 2),
            [date(2026, 12, 2), date(2026, 12, 3), date(2027, 2, 3)],
            id="a-month-late",
        ),
    ],
)
def test_three_three_three_counts_from_the_first_contact(
    started: date, expected: list[date]
) -> None:
    # GIVEN someone met on 2 Nov, put on three-three-three some days later (anchored on
    # the day they met), WHEN each call is worked on its day
    run = run_of("three-three-three", MET, started=started)
    # THEN 3 days, 3 weeks and 3 months after meeting; what had passed, due now
    assert walk("three-three-three", run, started, RULES, [0, 0, 0]) == expected


# --- the inactive customer's 90th day ---------------------------------------------------

LAST_ORDER = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("on", "key", "since"),
    [
        (LAST_ORDER + timedelta(days=89), "customer", LAST_ORDER),
        (LAST_ORDER + timedelta(days=90), "inactive-customer", LAST_ORDER + timedelta(days=90)),
        (LAST_ORDER + timedelta(days=400), "inactive-customer", LAST_ORDER + timedelta(days=90)),
        (LAST_ORDER + timedelta(days=730), "past-client", LAST_ORDER + timedelta(days=730)),
    ],
)
def test_a_customer_goes_quiet_on_exactly_her_90th_day(on: date, key: str, since: date) -> None:
    # GIVEN a customer whose last order (or reached call) was on 2 Mar
    customer = Contact(id=1, name="Dana", kind=Kind.CUSTOMER)
    # WHEN her rhythm is asked for on some day / THEN which, and since when
    assert quiet_state(customer, LAST_ORDER, on, RULES) == (key, since)


def test_quieter_states_follow_each_other() -> None:
    assert is_quieter("inactive-customer", "customer-care")
    assert is_quieter("past-client", "inactive-customer")
    assert not is_quieter("customer-care", "inactive-customer")
    assert not is_quieter("inactive-customer", "inactive-customer")


# --- working days ------------------------------------------------------------------------

SATURDAY_PARTY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("every day", frozenset(range(7))),
        ("mon,tue,wed,thu,fri", frozenset(range(5))),
        ("mon-fri", frozenset(range(5))),
        ("Monday, Wednesday, friday", frozenset({0, 2, 4})),
        ("fri-mon", frozenset({4, 5, 6, 0})),
        ("mon-sat", frozenset(range(6))),
    ],
)
def test_working_days_as_she_types_them(text: str, days: frozenset[int]) -> None:
    assert parse_working_days(text) == days


@pytest.mark.parametrize("text", ["funday", "mo", "mon,xyz", "mon-blue"])
def test_working_days_she_cannot_mean(text: str) -> None:
    with pytest.raises(ValueError, match="is not a day of the week"):
        parse_working_days(text)


def test_working_days_are_stored_in_week_order() -> None:
    assert working_days_words(parse_working_days("fri,mon,wed")) == "mon,wed,fri"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 5), date(2026, 12, 5)),  # Saturday, worked
        (date(2026, 12, 6), date(2026, 12, 7)),  # Sunday: Monday
    ],
)
def test_a_day_off_moves_to_the_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day, NO_SUNDAYS.working_days) == expected


def test_sunday_off_a_lead_due_on_sunday_is_called_monday() -> None:
    # GIVEN she makes no calls on Sundays, and meets a lead on Thursday 3 Dec (Day 3 is Sunday)
    run = run_of("lead", date(2026, 12, 3))
    # WHEN the lead playbook starts / THEN the first call moves to Monday
    (first,) = start_run(LIBRARY["lead"], run, date(2026, 12, 3), NO_SUNDAYS)
    assert (first.step, first.due) == ("first-call", date(2026, 12, 7))


def test_sunday_off_the_party_on_saturday_keeps_its_morning_after() -> None:
    # GIVEN a Saturday party, Sundays off
    hostess = run_of("party", SATURDAY_PARTY, started=date(2026, 11, 23))
    guest = run_of("party", SATURDAY_PARTY, started=date(2026, 11, 23), track="guest")
    # WHEN its calls are planned
    planned = start_run(LIBRARY["party"], hostess, date(2026, 11, 23), NO_SUNDAYS)
    (guest_call,) = start_run(LIBRARY["party"], guest, date(2026, 11, 23), NO_SUNDAYS)
    # THEN the week-before call (a Saturday) stays, and the morning after is Sunday,
    # fixed by the rules
    assert steps_and_dates(planned) == [
        ("excitement", date(2026, 11, 28)),
        ("jitters", date(2026, 12, 4)),
        ("morning-after", date(2026, 12, 6)),
    ]
    assert guest_call.due == date(2026, 12, 6)


def test_weekdays_only_the_week_before_call_moves_but_never_past_the_party() -> None:
    # GIVEN weekdays only, a Saturday party: the week-before call falls on a Saturday
    hostess = run_of("party", SATURDAY_PARTY, started=date(2026, 11, 23))
    planned = start_run(LIBRARY["party"], hostess, date(2026, 11, 23), MON_TO_FRI)
    # THEN it moves to Monday; the day before (Friday) and the morning after keep theirs
    assert steps_and_dates(planned) == [
        ("excitement", date(2026, 11, 30)),
        ("jitters", date(2026, 12, 4)),
        ("morning-after", date(2026, 12, 6)),
    ]


def test_weekdays_only_a_getting_ready_call_is_not_pushed_past_the_event() -> None:
    # GIVEN weekdays only, a Sunday party: the day-before call is fixed (Saturday), and the
    # week-before one (a Sunday) moves to Monday
    sunday_party = date(2026, 12, 6)
    hostess = run_of("party", sunday_party, started=date(2026, 11, 2))
    planned = start_run(LIBRARY["party"], hostess, date(2026, 11, 2), MON_TO_FRI)
    assert steps_and_dates(planned) == [
        ("excitement", date(2026, 11, 30)),
        ("jitters", date(2026, 12, 5)),
        ("morning-after", date(2026, 12, 7)),
    ]


def test_sunday_off_a_retry_and_an_issue_call_skip_sunday() -> None:
    # GIVEN a new customer's Day 1 on Saturday 28 Nov, Sundays off
    run = run_of("new-customer", date(2026, 11, 27), category=Category.DETOX)
    book = LIBRARY["new-customer"]
    (touch_base,) = start_run(book, run, date(2026, 11, 27), NO_SUNDAYS)
    assert touch_base.due == date(2026, 11, 28)
    # WHEN nobody answers on Saturday / THEN the retry is Monday, not Sunday
    retry = plan_outcome(
        book, run, as_touch(touch_base, run), NO_ANSWER, touch_base.due, NO_SUNDAYS
    )
    assert steps_and_dates(list(retry.touches)) == [("touch-base", date(2026, 11, 30))]


def test_sunday_off_a_step_moved_off_sunday_is_not_late() -> None:
    # GIVEN an order on Sunday 22 Nov, Sundays off: Day 7 (relationship, Sunday 29) was
    # moved to Monday 30, and an issue earlier asks for the Day 14 call
    run = run_of(
        "new-customer",
        date(2026, 11, 22),
        category=Category.DETOX,
        had_issue=True,
        position="confirmation",
    )
    book = LIBRARY["new-customer"]
    touch = touch_at(book, run, "relationship", date(2026, 11, 30))
    # WHEN it is worked on that Monday
    plan = plan_outcome(book, run, touch, ALL_GOOD, date(2026, 11, 30), NO_SUNDAYS)
    # THEN it was on time: just-in-case keeps Day 14 (Sunday 6 Dec, so Monday 7 Dec),
    # not a week from the day worked
    assert steps_and_dates(list(plan.touches)) == [("just-in-case", date(2026, 12, 7))]


def test_a_referral_keeps_her_day_even_on_a_day_off() -> None:
    # GIVEN weekdays only, a referral added on Saturday
    run = run_of("referral", date(2026, 12, 5))
    (first,) = start_run(LIBRARY["referral"], run, date(2026, 12, 5), MON_TO_FRI)
    # THEN she is called that day (within 48 hours), and tried again Sunday if not reached
    assert first.due == date(2026, 12, 5)
    retry = plan_outcome(
        LIBRARY["referral"], run, as_touch(first, run), NO_ANSWER, first.due, MON_TO_FRI
    )
    assert [t.due for t in retry.touches] == [date(2026, 12, 6)]


# --- business days: weekends and her country's holidays --------------------------------


@pytest.mark.parametrize(
    ("ordered", "country", "deadline"),
    [
        pytest.param(date(2026, 12, 18), "US", date(2027, 1, 5), id="us-christmas-new-year"),
        pytest.param(date(2026, 12, 18), None, date(2027, 1, 1), id="weekends-only"),
        # Christmas (Fri), Boxing Day observed on Monday 28 Dec, New Year's Day (Fri)
        pytest.param(date(2026, 12, 18), "GB", date(2027, 1, 6), id="gb-boxing-day"),
        # Thanksgiving (Thu 26 Nov 2026) in the US, an ordinary Thursday in France
        pytest.param(date(2026, 11, 20), "US", date(2026, 12, 7), id="us-thanksgiving"),
        pytest.param(date(2026, 11, 20), "FR", date(2026, 12, 4), id="fr-no-thanksgiving"),
    ],
)
def test_a_backorder_deadline_skips_weekends_and_her_holidays(
    ordered: date, country: str | None, deadline: date
) -> None:
    assert backorder_deadline(ordered, country) == deadline


def test_an_unknown_country_counts_weekends_only() -> None:
    assert add_business_days(date(2026, 12, 18), 10, "ZZ") == date(2027, 1, 1)


def test_the_deadline_check_comes_two_business_days_before_the_deadline() -> None:
    # GIVEN a backorder on 18 Dec in the US, WHEN its check is planned
    run = run_of("backorder", date(2026, 12, 18))
    (check,) = start_run(LIBRARY["backorder"], run, date(2026, 12, 18), Rules(country="US"))
    # THEN 8 business days on: Thursday 31 Dec (Christmas and New Year's Day skipped)
    assert check.due == date(2026, 12, 31)


# --- one event, one call a day ----------------------------------------------------------


def test_an_appointment_on_tuesday_sends_one_text_on_monday() -> None:
    # GIVEN a senior partner's appointment on Tuesday 8 Dec: the "this week" text (Monday)
    # and the day-before confirmation (Monday) meet
    run = run_of(
        "team-senior-partner", date(2026, 12, 8), started=date(2026, 11, 30), track="event"
    )
    planned = start_run(LIBRARY["team-senior-partner"], run, date(2026, 11, 30), RULES)
    # THEN one text on Monday, the confirmation, and the debrief after
    assert steps_and_dates(planned) == [
        ("confirm", date(2026, 12, 7)),
        ("debrief", date(2026, 12, 9)),
    ]
