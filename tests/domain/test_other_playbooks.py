"""The playbooks besides new customer: lead-ups, parties, backorders, team, rhythms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from followup_tui.domain.model import (
    Channel,
    Contact,
    Kind,
    Level,
    Outcome,
    Reach,
    Run,
    RunStatus,
    Said,
)
from followup_tui.domain.playbooks import Playbook, default_library
from followup_tui.domain.rhythm import derived_state, fallback_key
from followup_tui.domain.schedule import (
    PlannedTouch,
    Rules,
    backorder_deadline,
    lapsed_steps,
    plan_outcome,
    start_run,
)

from ._support import ALL_GOOD, NO_ANSWER, as_touch, steps_and_dates, touch_at, walk_all_good

MONDAY = date(2026, 11, 23)
THURSDAY = date(2026, 11, 26)
RULES = Rules()


def _run(
    playbook: str,
    anchor: date,
    *,
    position: str | None = None,
    track: str = "steps",
    flags: frozenset[str] = frozenset(),
    delivery: date | None = None,
) -> Run:
    return Run(
        id=1,
        contact_id=1,
        playbook=playbook,
        anchor=anchor,
        position=position,
        track=track,
        flags=flags,
        delivery=delivery,
    )


def _started(playbook: str, run: Run, today: date, rules: Rules = RULES) -> list[tuple[str, date]]:
    return steps_and_dates(start_run(default_library()[playbook], run, today, rules))


def _next_after(
    playbook: str, run: Run, step: str, due: date, worked_on: date
) -> list[tuple[str, date]]:
    book = default_library()[playbook]
    plan = plan_outcome(book, run, touch_at(book, run, step, due), ALL_GOOD, worked_on, RULES)
    return steps_and_dates(list(plan.touches))


# --- three-three-three -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_contact", "expected"),
    [
        (
            date(2026, 11, 30),
            [
                ("three-days", date(2026, 12, 3)),
                ("three-weeks", date(2026, 12, 21)),
                ("three-months", date(2027, 2, 28)),  # Nov 30 + 3 months, clamped
            ],
        ),
        (
            date(2027, 11, 30),
            [
                ("three-days", date(2027, 12, 3)),
                ("three-weeks", date(2027, 12, 21)),
                ("three-months", date(2028, 2, 29)),  # leap year
            ],
        ),
        (
            date(2026, 1, 31),
            [
                ("three-days", date(2026, 2, 3)),
                ("three-weeks", date(2026, 2, 21)),
                ("three-months", date(2026, 4, 30)),
            ],
        ),
    ],
)
def test_three_three_three(first_contact: date, expected: list[tuple[str, date]]) -> None:
    # GIVEN a contact put on three-three-three on the day of the first contact
    playbook = default_library()["three-three-three"]
    run = _run("three-three-three", first_contact)
    (first,) = start_run(playbook, run, first_contact, RULES)
    # WHEN each touch goes well on its day
    planned, ended = walk_all_good(playbook, run, first, RULES)
    # THEN 3 days, 3 weeks and 3 months after, then the run ends
    assert steps_and_dates(planned) == expected
    assert ended.status is RunStatus.ENDED


# --- prospect --------------------------------------------------------------------------


def test_prospect_sends_info_the_same_day_by_email() -> None:
    # GIVEN / WHEN the prospect playbook starts after Monday's meeting
    planned = start_run(default_library()["prospect"], _run("prospect", MONDAY), MONDAY, RULES)
    # THEN the information goes out the same day, by email
    assert [(p.step, p.due, p.channel) for p in planned] == [("send-info", MONDAY, Channel.EMAIL)]


def test_prospect_next_step_day_3_then_every_14_days() -> None:
    # GIVEN a prospect met on Monday
    playbook = default_library()["prospect"]
    run = _run("prospect", MONDAY)
    (send,) = start_run(playbook, run, MONDAY, RULES)
    # WHEN each touch goes well on its day
    seen = [send]
    for _ in range(3):
        plan = plan_outcome(playbook, run, as_touch(seen[-1], run), ALL_GOOD, seen[-1].due, RULES)
        assert plan.run is not None
        run = plan.run
        seen.extend(plan.touches)
    # THEN the next step is Day 3, then every 14 days
    assert steps_and_dates(seen) == [
        ("send-info", date(2026, 11, 23)),
        ("next-step", date(2026, 11, 26)),
        ("next-step", date(2026, 12, 10)),
        ("next-step", date(2026, 12, 24)),
    ]


def test_prospect_next_step_worked_late_repeats_from_day_worked() -> None:
    # GIVEN a next-step call due December 10th, worked on the 12th
    run = _run("prospect", MONDAY, position="next-step")
    # WHEN it goes well / THEN the next one is 14 days after the day worked
    assert _next_after("prospect", run, "next-step", date(2026, 12, 10), date(2026, 12, 12)) == [
        ("next-step", date(2026, 12, 26))
    ]


def _meeting_set(
    run: Run, step: str, due: date, meeting: date, worked_on: date
) -> tuple[list[tuple[str, date]], Run]:
    """A prospect's `step` touch worked on `worked_on`: the next meeting is on `meeting`."""
    book = default_library()["prospect"]
    outcome = Outcome(reach=Reach.REACHED, said=Said.MEETING, on=meeting)
    plan = plan_outcome(book, run, touch_at(book, run, step, due), outcome, worked_on, RULES)
    assert plan.run is not None
    return steps_and_dates(list(plan.touches)), plan.run


def test_prospect_meeting_set_confirms_the_day_before_then_info_then_next_step() -> None:
    # GIVEN a prospect's next-step call on Thursday 26th
    playbook = default_library()["prospect"]
    run = _run("prospect", MONDAY, position="send-info")
    # WHEN it sets the next meeting for Thursday December 3rd
    planned, run = _meeting_set(run, "next-step", date(2026, 11, 26), date(2026, 12, 3), THURSDAY)
    # THEN a text the day before confirms it (the playbook now counts from the meeting)
    assert planned == [("confirm-meeting", date(2026, 12, 2))]
    assert (run.anchor, run.position) == (date(2026, 12, 3), None)
    confirm = plan_outcome(
        playbook,
        run,
        touch_at(playbook, run, "confirm-meeting", date(2026, 12, 2)),
        ALL_GOOD,
        date(2026, 12, 2),
        RULES,
    )
    assert [(p.step, p.due, p.channel) for p in confirm.touches] == [
        ("send-info", date(2026, 12, 3), Channel.EMAIL)
    ]
    # AND after the meeting: the information that day, the next step 3 days on, then every 14
    assert confirm.run is not None
    seen, _ = walk_steps(playbook, confirm.run, list(confirm.touches)[0], 3)
    assert seen == [
        ("send-info", date(2026, 12, 3)),
        ("next-step", date(2026, 12, 6)),
        ("next-step", date(2026, 12, 20)),
    ]


def walk_steps(
    playbook: Playbook, run: Run, first: PlannedTouch, count: int
) -> tuple[list[tuple[str, date]], Run]:
    """Work `count` touches all good on their days, from `first`."""
    seen = [first]
    for _ in range(count - 1):
        plan = plan_outcome(playbook, run, as_touch(seen[-1], run), ALL_GOOD, seen[-1].due, RULES)
        assert plan.run is not None
        run = plan.run
        seen.extend(plan.touches)
    return steps_and_dates(seen), run


@pytest.mark.parametrize("meeting", [THURSDAY, date(2026, 11, 27)], ids=["today", "tomorrow"])
def test_prospect_meeting_today_or_tomorrow_needs_no_reminder(meeting: date) -> None:
    # GIVEN a prospect's next-step call on Thursday 26th
    run = _run("prospect", MONDAY, position="send-info")
    # WHEN the meeting it sets is today or tomorrow
    planned, _ = _meeting_set(run, "next-step", THURSDAY, meeting, THURSDAY)
    # THEN no reminder: the information is sent after the meeting, that day
    assert planned == [("send-info", meeting)]


def test_prospect_met_first_gets_no_meeting_reminder() -> None:
    # GIVEN / WHEN a new prospect's playbook starts (the first meeting is behind us)
    playbook = default_library()["prospect"]
    (first,) = start_run(playbook, _run("prospect", MONDAY), MONDAY, RULES)
    # THEN the information comes first, and no step of the walk is a meeting reminder
    seen, _ = walk_steps(playbook, _run("prospect", MONDAY), first, 3)
    assert [step for step, _ in seen] == ["send-info", "next-step", "next-step"]


def test_prospect_meeting_moved_at_the_reminder() -> None:
    # GIVEN the reminder for a meeting on December 3rd, due the 2nd
    run = _run("prospect", MONDAY, position="send-info")
    _, run = _meeting_set(run, "next-step", THURSDAY, date(2026, 12, 3), THURSDAY)
    # WHEN she moves the meeting to Tuesday December 8th
    planned, run = _meeting_set(
        run, "confirm-meeting", date(2026, 12, 2), date(2026, 12, 8), date(2026, 12, 2)
    )
    # THEN the reminder follows it: Monday 7th
    assert planned == [("confirm-meeting", date(2026, 12, 7))]
    assert run.anchor == date(2026, 12, 8)


def test_prospect_meeting_reminder_not_answered_is_tried_next_day() -> None:
    # GIVEN the reminder for a meeting on Thursday December 3rd
    playbook = default_library()["prospect"]
    run = _run("prospect", MONDAY, position="send-info")
    _, run = _meeting_set(run, "next-step", THURSDAY, date(2026, 12, 3), THURSDAY)
    touch = touch_at(playbook, run, "confirm-meeting", date(2026, 12, 2))
    # WHEN it is not answered
    plan = plan_outcome(playbook, run, touch, NO_ANSWER, date(2026, 12, 2), RULES)
    # THEN it is tried again the next morning, the meeting day
    assert steps_and_dates(list(plan.touches)) == [("confirm-meeting", date(2026, 12, 3))]


def test_a_meeting_is_for_a_prospect() -> None:
    # GIVEN a new customer's touch base
    playbook = default_library()["new-customer"]
    run = _run("new-customer", MONDAY)
    touch = touch_at(playbook, run, "touch-base", date(2026, 11, 24))
    # WHEN a next meeting is logged on it / THEN it is refused: that playbook has none
    outcome = Outcome(reach=Reach.REACHED, said=Said.MEETING, on=date(2026, 12, 3))
    with pytest.raises(ValueError, match="meeting"):
        plan_outcome(playbook, run, touch, outcome, date(2026, 11, 24), RULES)
    assert default_library()["prospect"].takes_meetings
    assert not playbook.takes_meetings


# --- referral, referral partner, circle ------------------------------------------------


@pytest.mark.parametrize("added", [MONDAY, date(2026, 11, 28), date(2026, 12, 31)])
def test_referral_due_the_day_added_at_top_priority(added: date) -> None:
    # GIVEN / WHEN a referral is added (a weekday, a Saturday, the year end)
    planned = start_run(default_library()["referral"], _run("referral", added), added, RULES)
    # THEN the call is due that very day, at priority 1
    assert [(p.step, p.due, p.priority, p.channel) for p in planned] == [
        ("first-call", added, 1, Channel.CALL)
    ]


@pytest.mark.parametrize(
    ("added", "first_due", "worked_on", "second_due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), date(2026, 2, 28), date(2026, 3, 28)),
        (date(2026, 11, 23), date(2026, 12, 23), date(2026, 12, 23), date(2027, 1, 23)),
        (date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 2), date(2028, 4, 2)),  # late
    ],
)
def test_referral_partner_monthly(
    added: date, first_due: date, worked_on: date, second_due: date
) -> None:
    # GIVEN a referral partner added
    run = _run("referral-partner", added)
    # WHEN the playbook starts / THEN the first catch-up is a month on, clamped at month ends
    assert _started("referral-partner", run, added) == [("monthly", first_due)]
    # WHEN that one is worked / THEN the next is a month after the day worked
    worked = replace(run, position="monthly")
    assert _next_after("referral-partner", worked, "monthly", first_due, worked_on) == [
        ("monthly", second_due)
    ]


def test_circle_every_90_days() -> None:
    # GIVEN someone added to the circle of influence on Monday
    run = _run("circle", MONDAY)
    # WHEN the playbook starts / THEN the first hello is 90 days on
    assert _started("circle", run, MONDAY) == [("reconnect", date(2027, 2, 21))]
    # WHEN it is worked / THEN the next is 90 days after the day worked
    worked = replace(run, position="reconnect")
    assert _next_after("circle", worked, "reconnect", date(2027, 2, 21), date(2027, 2, 21)) == [
        ("reconnect", date(2027, 5, 22))
    ]


# --- party -----------------------------------------------------------------------------

PARTY = date(2026, 12, 5)  # a Saturday


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (
            MONDAY,
            [
                ("excitement", date(2026, 11, 28)),
                ("jitters", date(2026, 12, 4)),
                ("morning-after", date(2026, 12, 6)),
            ],
        ),
        (
            date(2026, 11, 28),  # a week before exactly: kept
            [
                ("excitement", date(2026, 11, 28)),
                ("jitters", date(2026, 12, 4)),
                ("morning-after", date(2026, 12, 6)),
            ],
        ),
        (date(2026, 12, 1), [("jitters", date(2026, 12, 4)), ("morning-after", date(2026, 12, 6))]),
        (PARTY, [("morning-after", date(2026, 12, 6))]),
        (date(2026, 12, 7), []),
    ],
)
def test_party_hostess_touches_planned_at_once(
    created: date, expected: list[tuple[str, date]]
) -> None:
    # GIVEN a party on Saturday December 5th, created on some day
    run = _run("party", PARTY)
    # WHEN the party playbook starts for the hostess
    # THEN all her touches are planned at once, leaving out those already past
    assert _started("party", run, created) == expected


def test_party_hostess_priorities() -> None:
    # GIVEN / WHEN a party booked well ahead
    planned = start_run(default_library()["party"], _run("party", PARTY), MONDAY, RULES)
    # THEN the day-before and morning-after calls are more urgent than the week-before one
    assert {p.step: p.priority for p in planned} == {
        "excitement": 4,
        "jitters": 3,
        "morning-after": 3,
    }


def test_party_touch_worked_plans_nothing_more() -> None:
    # GIVEN the hostess's week-before call
    playbook = default_library()["party"]
    run = _run("party", PARTY)
    touch = touch_at(playbook, run, "excitement", date(2026, 11, 28))
    # WHEN it goes well
    plan = plan_outcome(playbook, run, touch, ALL_GOOD, touch.due, RULES)
    # THEN nothing is added: the other touches were planned at the start
    assert plan.touches == ()


@pytest.mark.parametrize(
    ("flags", "priority"),
    [
        (frozenset(), 4),
        (frozenset({"wants-to-book"}), 3),
        (frozenset({"wants-info"}), 3),
        (frozenset({"wants-to-book", "wants-info"}), 3),
    ],
)
def test_party_guest_morning_after(flags: frozenset[str], priority: int) -> None:
    # GIVEN a guest of Saturday's party, maybe wanting to book or to hear about the business
    run = _run("party", PARTY, track="guest", flags=flags)
    # WHEN the guest track starts
    planned = start_run(default_library()["party"], run, MONDAY, RULES)
    # THEN one morning-after call, more urgent when she asked to book or for information
    assert [(p.step, p.due, p.priority) for p in planned] == [
        ("guest-morning-after", date(2026, 12, 6), priority)
    ]


FRIDAY_PARTY = date(2026, 11, 27)
SUNDAY_PARTY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        pytest.param(
            FRIDAY_PARTY,
            [
                ("excitement", date(2026, 11, 20)),  # the Friday before
                ("jitters", date(2026, 11, 26)),  # Thursday
                ("morning-after", date(2026, 11, 28)),  # Saturday: calendar days
            ],
            id="friday",
        ),
        pytest.param(
            SUNDAY_PARTY,
            [
                ("excitement", date(2026, 11, 22)),  # the Sunday before
                ("jitters", date(2026, 11, 28)),  # Saturday
                ("morning-after", date(2026, 11, 30)),  # Monday
            ],
            id="sunday",
        ),
    ],
)
def test_party_on_a_friday_or_a_sunday(party: date, expected: list[tuple[str, date]]) -> None:
    # GIVEN a party booked well ahead, on a Friday or a Sunday
    playbook = default_library()["party"]
    booked = date(2026, 11, 2)
    # WHEN the hostess's touches and a guest's are planned
    hostess = _started("party", _run("party", party), booked)
    guest = start_run(playbook, _run("party", party, track="guest"), booked, RULES)
    # THEN they fall on calendar days around it, weekend or not; the guest's morning-after
    # call is the hostess's morning, a Saturday or a Monday
    assert hostess == expected
    assert steps_and_dates(guest) == [("guest-morning-after", expected[-1][1])]


@pytest.mark.parametrize(
    ("ordered", "check", "deadline"),
    [
        # A Friday party: the weekend after it does not count
        pytest.param(FRIDAY_PARTY, date(2026, 12, 9), date(2026, 12, 11), id="friday"),
        # A Sunday party: counting starts Monday, so the same deadline as Friday's
        pytest.param(SUNDAY_PARTY, date(2026, 12, 9), date(2026, 12, 11), id="sunday"),
    ],
)
def test_party_order_backordered_counts_business_days(
    ordered: date, check: date, deadline: date
) -> None:
    # GIVEN an item backordered from an order taken at the party
    run = _run("backorder", ordered)
    # WHEN the backorder playbook starts that day
    # THEN the check and the deadline are 8 and 10 business days on, weekends skipped
    assert _started("backorder", run, ordered) == [("deadline-check", check)]
    assert backorder_deadline(ordered) == deadline
    assert deadline.weekday() == 4  # a Friday, either way


@pytest.mark.parametrize(
    ("party", "morning_after", "thank_you"),
    [
        pytest.param(FRIDAY_PARTY, date(2026, 11, 28), date(2026, 12, 5), id="friday"),
        pytest.param(SUNDAY_PARTY, date(2026, 11, 30), date(2026, 12, 7), id="sunday"),
    ],
)
def test_party_guest_order_on_a_friday_or_a_sunday(
    party: date, morning_after: date, thank_you: date
) -> None:
    # GIVEN an order placed at a Friday or a Sunday party, delivery estimated a week on
    playbook = default_library()["party-guest"]
    run = _run("party-guest", party)
    (placed,) = start_run(playbook, run, party, RULES)
    # WHEN "it is in" is said on the morning-after call, the next morning
    plan = plan_outcome(playbook, run, as_touch(placed, run), ALL_GOOD, morning_after, RULES)
    # THEN the order-placed call was the party day, and the thank-you follows delivery
    assert (placed.step, placed.due) == ("order-placed", party)
    assert steps_and_dates(list(plan.touches)) == [("thank-you", thank_you)]


@pytest.mark.parametrize(
    ("on", "lapsed"),
    [
        pytest.param(date(2026, 11, 26), frozenset(), id="the-day-before"),
        pytest.param(FRIDAY_PARTY, frozenset(), id="the-party-day"),
        pytest.param(date(2026, 11, 28), {"excitement", "jitters"}, id="the-morning-after"),
        pytest.param(date(2026, 12, 18), {"excitement", "jitters"}, id="weeks-later"),
    ],
)
def test_getting_ready_steps_lapse_once_the_party_has_passed(
    on: date, lapsed: frozenset[str]
) -> None:
    # GIVEN Friday's party
    playbook = default_library()["party"]
    # WHEN it is asked which steps have nothing left to say on a day
    # THEN the week-before and day-before calls do, once the party is over; the
    # morning-after call never does, nor a guest's
    assert lapsed_steps(playbook, _run("party", FRIDAY_PARTY), on, RULES) == lapsed
    guest = _run("party", FRIDAY_PARTY, track="guest")
    assert lapsed_steps(playbook, guest, on, RULES) == frozenset()


def test_a_team_events_getting_ready_steps_lapse_after_it() -> None:
    # GIVEN a new partner's reminders for Friday's event
    playbook = default_library()["team-new-partner"]
    run = _run("team-new-partner", FRIDAY_PARTY, track="event")
    # THEN the Wednesday check lapses after the event; the day-after call does not
    assert lapsed_steps(playbook, run, date(2026, 11, 28), RULES) == {"midweek"}


def test_a_sequence_has_no_lapsed_steps() -> None:
    # A playbook worked step after step (new customer) has no event to get ready for.
    run = _run("new-customer", MONDAY)
    assert lapsed_steps(default_library()["new-customer"], run, date(2027, 1, 1), RULES) == set()


# --- party guest who ordered -----------------------------------------------------------


@pytest.mark.parametrize(
    ("ordered", "delivery", "rules", "thank_you", "after_delivery", "two_weeks"),
    [
        # delivery not known: estimated as order + 7 days (Nov 30)
        (MONDAY, None, Rules(), date(2026, 12, 1), date(2026, 12, 4), date(2026, 12, 14)),
        # a different estimate setting: order + 5 days (Nov 28)
        (
            MONDAY,
            None,
            Rules(delivery_estimate_days=5),
            date(2026, 11, 29),
            date(2026, 12, 2),
            date(2026, 12, 12),
        ),
        # delivery logged: December 2nd
        (
            MONDAY,
            date(2026, 12, 2),
            Rules(),
            date(2026, 12, 3),
            date(2026, 12, 6),
            date(2026, 12, 16),
        ),
        # across the year end: estimated January 4th
        (
            date(2026, 12, 28),
            None,
            Rules(),
            date(2027, 1, 5),
            date(2027, 1, 8),
            date(2027, 1, 18),
        ),
    ],
)
def test_party_guest_order(
    ordered: date,
    delivery: date | None,
    rules: Rules,
    thank_you: date,
    after_delivery: date,
    two_weeks: date,
) -> None:
    # GIVEN an order placed at a party
    playbook = default_library()["party-guest"]
    run = _run("party-guest", ordered, delivery=delivery)
    (first,) = start_run(playbook, run, ordered, rules)
    # WHEN each touch goes well on its day
    planned, ended = walk_all_good(playbook, run, first, rules)
    # THEN order placed on Day 0, then thank-you, after-delivery and two-weeks from delivery
    assert [(p.step, p.due, p.channel) for p in planned] == [
        ("order-placed", ordered, Channel.CALL),
        ("thank-you", thank_you, Channel.TEXT),
        ("after-delivery", after_delivery, Channel.CALL),
        ("two-weeks", two_weeks, Channel.CALL),
    ]
    assert ended.status is RunStatus.ENDED


# --- backorders ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ordered", "check", "deadline"),
    [
        (date(2026, 11, 26), date(2026, 12, 8), date(2026, 12, 10)),  # a Thursday
        (date(2026, 11, 28), date(2026, 12, 9), date(2026, 12, 11)),  # a Saturday
        (date(2026, 12, 25), date(2027, 1, 6), date(2027, 1, 8)),  # across the year end
        (date(2028, 2, 25), date(2028, 3, 8), date(2028, 3, 10)),  # through leap day
    ],
)
def test_backorder_deadline_check(ordered: date, check: date, deadline: date) -> None:
    # GIVEN an item backordered with an order
    run = _run("backorder", ordered)
    # WHEN the backorder playbook starts on the order day
    # THEN the check is 8 business days on, before the 10-business-day deadline
    assert _started("backorder", run, ordered) == [("deadline-check", check)]
    assert backorder_deadline(ordered) == deadline
    assert check < deadline


@pytest.mark.parametrize("today", [MONDAY, date(2026, 11, 28)])
def test_corporate_backorder_due_today(today: date) -> None:
    # GIVEN / WHEN a corporate backorder is logged
    run = _run("corporate-backorder", today)
    planned = start_run(default_library()["corporate-backorder"], run, today, RULES)
    # THEN the call offering wait, substitute or refund is due today, at priority 2
    assert [(p.step, p.due, p.priority, p.channel) for p in planned] == [
        ("offer-options", today, 2, Channel.CALL)
    ]


# --- team events -----------------------------------------------------------------------

FRIDAY_EVENT = date(2026, 11, 27)
SUNDAY_EVENT = date(2026, 11, 29)
MONDAY_EVENT = date(2026, 11, 30)
LONG_BEFORE = date(2026, 11, 16)


def _event(playbook: str, event: date, flags: frozenset[str] = frozenset()) -> dict[str, date]:
    run = _run(playbook, event, track="event", flags=flags)
    return dict(_started(playbook, run, LONG_BEFORE))


@pytest.mark.parametrize(
    ("event", "assignment", "expected"),
    [
        (FRIDAY_EVENT, False, {"midweek": date(2026, 11, 25), "day-of": FRIDAY_EVENT}),
        (
            FRIDAY_EVENT,
            True,
            {
                "midweek": date(2026, 11, 25),
                "day-of": FRIDAY_EVENT,
                "day-after": date(2026, 11, 28),
            },
        ),
        (SUNDAY_EVENT, False, {"midweek": date(2026, 11, 25), "day-of": SUNDAY_EVENT}),
        (
            MONDAY_EVENT,
            True,
            {
                "midweek": date(2026, 11, 25),
                "day-of": MONDAY_EVENT,
                "day-after": date(2026, 12, 1),
            },
        ),
        # a Wednesday event: the midweek check is the Wednesday before
        (date(2026, 12, 2), False, {"midweek": date(2026, 11, 25), "day-of": date(2026, 12, 2)}),
    ],
)
def test_team_new_partner_event(event: date, assignment: bool, expected: dict[str, date]) -> None:
    # GIVEN a team event, and a new partner with or without an assignment
    flags = frozenset({"assignment"}) if assignment else frozenset()
    # WHEN the event track starts / THEN the Wednesday before, the day of, the day after
    assert _event("team-new-partner", event, flags) == expected


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            FRIDAY_EVENT,
            {
                "monday-task": date(2026, 11, 23),
                "wednesday-check-in": date(2026, 11, 25),
                "team-ready": FRIDAY_EVENT,
            },
        ),
        (
            SUNDAY_EVENT,
            {
                "monday-task": date(2026, 11, 23),
                "wednesday-check-in": date(2026, 11, 25),
                "team-ready": SUNDAY_EVENT,
            },
        ),
        (
            MONDAY_EVENT,
            # Its Monday text and its event-day text meet: one text, the event day's.
            {
                "wednesday-check-in": date(2026, 11, 25),
                "team-ready": MONDAY_EVENT,
            },
        ),
    ],
)
def test_team_new_leader_event(event: date, expected: dict[str, date]) -> None:
    # GIVEN / WHEN a team event for a new leader
    # THEN the Monday of its week, the Wednesday on or before it, and the day of
    assert _event("team-new-leader", event) == expected


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            FRIDAY_EVENT,
            {
                "week-of": date(2026, 11, 23),
                "confirm": date(2026, 11, 26),
                "debrief": date(2026, 11, 28),
            },
        ),
        (
            SUNDAY_EVENT,
            {
                "week-of": date(2026, 11, 23),
                "confirm": date(2026, 11, 28),
                "debrief": date(2026, 11, 30),
            },
        ),
        (
            MONDAY_EVENT,
            # A Monday appointment: the week-of text goes the Monday before.
            {
                "week-of": date(2026, 11, 23),
                "confirm": date(2026, 11, 29),
                "debrief": date(2026, 12, 1),
            },
        ),
    ],
)
def test_team_senior_partner_event(event: date, expected: dict[str, date]) -> None:
    # GIVEN / WHEN a senior partner's appointment with the team
    # THEN a text on the Monday of its week, a text the day before, a debrief the day after
    assert _event("team-senior-partner", event) == expected
    run = _run("team-senior-partner", event, track="event")
    planned = start_run(default_library()["team-senior-partner"], run, LONG_BEFORE, RULES)
    assert {p.step: p.channel for p in planned} == {
        "week-of": Channel.TEXT,
        "confirm": Channel.TEXT,
        "debrief": Channel.CALL,
    }


def test_team_event_leaves_out_past_touches() -> None:
    # GIVEN a Friday event for a new leader, entered on the Wednesday of that week
    run = _run("team-new-leader", FRIDAY_EVENT, track="event")
    # WHEN the event track starts / THEN Monday's text is left out, today's check-in kept
    assert _started("team-new-leader", run, date(2026, 11, 25)) == [
        ("wednesday-check-in", date(2026, 11, 25)),
        ("team-ready", FRIDAY_EVENT),
    ]


# --- team standing rhythms -------------------------------------------------------------


def test_team_mature_leader_weekly() -> None:
    # GIVEN a mature leader added on Monday
    run = _run("team-mature-leader", MONDAY)
    # WHEN the playbook starts / THEN the accountability touch is a week on
    assert _started("team-mature-leader", run, MONDAY) == [("accountability", date(2026, 11, 30))]
    # WHEN it is worked two days late / THEN the next is a week after the day worked
    worked = replace(run, position="accountability")
    assert _next_after(
        "team-mature-leader", worked, "accountability", date(2026, 11, 30), date(2026, 12, 2)
    ) == [("accountability", date(2026, 12, 9))]


def test_team_new_leader_monday_text_starts_on_a_monday() -> None:
    # GIVEN a new leader added on a Wednesday
    added = date(2026, 11, 25)
    # WHEN the standing playbook starts
    ((step, due),) = _started("team-new-leader", _run("team-new-leader", added), added)
    # THEN the task of the week is a Monday text, within two weeks
    assert step == "monday-task"
    assert due.weekday() == 0
    assert added < due <= added + timedelta(days=14)


@pytest.mark.parametrize(
    ("worked_on", "next_monday"),
    [
        (date(2026, 11, 30), date(2026, 12, 7)),  # on the Monday
        (date(2026, 12, 1), date(2026, 12, 7)),  # a day late: still the next Monday
        (date(2026, 12, 6), date(2026, 12, 7)),  # the Sunday
        (date(2026, 12, 28), date(2027, 1, 4)),  # across the year end
    ],
)
def test_team_new_leader_monday_each_week(worked_on: date, next_monday: date) -> None:
    # GIVEN a new leader's Monday text
    run = _run("team-new-leader", MONDAY, position="monday-task")
    # WHEN it is worked / THEN the next is the following Monday
    assert _next_after("team-new-leader", run, "monday-task", worked_on, worked_on) == [
        ("monday-task", next_monday)
    ]


def test_team_new_partner_midweek_each_wednesday() -> None:
    # GIVEN a new partner's midweek check, worked on Wednesday December 2nd
    run = _run("team-new-partner", MONDAY, position="midweek")
    # WHEN it goes well / THEN the next is the following Wednesday
    assert _next_after(
        "team-new-partner", run, "midweek", date(2026, 12, 2), date(2026, 12, 2)
    ) == [("midweek", date(2026, 12, 9))]


# --- inactive customer, past client, customer care -------------------------------------


def test_inactive_customer_re_engage_then_every_90_days() -> None:
    # GIVEN a customer who has gone quiet, falling back on Monday
    playbook = default_library()["inactive-customer"]
    run = _run("inactive-customer", MONDAY)
    # WHEN the rhythm starts / THEN one re-engage call today
    (first,) = start_run(playbook, run, MONDAY, RULES)
    assert (first.step, first.due, first.priority) == ("re-engage", MONDAY, 6)
    # WHEN each touch goes well / THEN every 90 days after
    seen = [first]
    for _ in range(2):
        plan = plan_outcome(playbook, run, as_touch(seen[-1], run), ALL_GOOD, seen[-1].due, RULES)
        assert plan.run is not None
        run = plan.run
        seen.extend(plan.touches)
    assert steps_and_dates(seen) == [
        ("re-engage", MONDAY),
        ("reconnect", date(2027, 2, 21)),
        ("reconnect", date(2027, 5, 22)),
    ]


@pytest.mark.parametrize(
    ("anchor", "next_year"),
    [(MONDAY, date(2027, 11, 23)), (date(2028, 2, 29), date(2029, 2, 28))],
)
def test_past_client_once_a_year(anchor: date, next_year: date) -> None:
    # GIVEN a past client falling back on some day
    run = _run("past-client", anchor)
    # WHEN the rhythm starts / THEN a reconnect call that day
    assert _started("past-client", run, anchor) == [("yearly", anchor)]
    # WHEN it is worked / THEN the next is a year on
    worked = replace(run, position="yearly")
    assert _next_after("past-client", worked, "yearly", anchor, anchor) == [("yearly", next_year)]


def test_customer_care_every_six_weeks() -> None:
    # GIVEN a customer between playbooks
    run = _run("customer-care", MONDAY)
    # WHEN the rhythm starts / THEN a check-in 6 weeks on, and every 6 weeks after
    assert _started("customer-care", run, MONDAY) == [("check-in", date(2027, 1, 4))]
    worked = replace(run, position="check-in")
    assert _next_after("customer-care", worked, "check-in", date(2027, 1, 4), date(2027, 1, 4)) == [
        ("check-in", date(2027, 2, 15))
    ]


# --- fallback rhythms ------------------------------------------------------------------


def _contact(kind: Kind, level: Level | None = None) -> Contact:
    return Contact(id=1, name="Dana Lee", kind=kind, level=level)


@pytest.mark.parametrize(
    ("kind", "level", "idle_days", "expected"),
    [
        (Kind.CUSTOMER, None, 89, "customer"),
        (Kind.CUSTOMER, None, 90, "inactive-customer"),
        (Kind.HOSTESS, None, 120, "inactive-customer"),
        (Kind.CUSTOMER, None, 729, "inactive-customer"),
        (Kind.CUSTOMER, None, 730, "past-client"),
        (Kind.CIRCLE, None, 120, "circle"),
        (Kind.LEAD, None, 729, "lead"),
        (Kind.LEAD, None, 730, "past-client"),
        (Kind.REFERRAL_PARTNER, None, 100, "referral-partner"),
        (Kind.TEAM, Level.MATURE_LEADER, 10, "mature-leader"),
        (Kind.TEAM, Level.NEW_PARTNER, 100, "new-partner"),
        (Kind.TEAM, Level.SENIOR_PARTNER, 800, "past-client"),
        (Kind.TEAM, None, 10, "team"),
    ],
)
def test_fallback_key(kind: Kind, level: Level | None, idle_days: int, expected: str) -> None:
    # GIVEN a contact whose playbooks have all ended, last active some days ago
    today = date(2026, 11, 23)
    last_activity = today - timedelta(days=idle_days)
    # WHEN its fallback rhythm is chosen
    key = fallback_key(_contact(kind, level), last_activity, today, RULES)
    # THEN it is derived from the dates, the kind and the team level
    assert key == expected
    assert default_library().fallback_for(key) in default_library().playbooks


@pytest.mark.parametrize("idle_days", [0, 100, 1000])
def test_fallback_key_not_interested(idle_days: int) -> None:
    # GIVEN a customer who said not interested / WHEN falling back
    today = date(2026, 11, 23)
    key = fallback_key(
        _contact(Kind.CUSTOMER),
        today - timedelta(days=idle_days),
        today,
        RULES,
        not_interested=True,
    )
    # THEN the gentle reconnect rhythm, whatever the dates say
    assert key == "not-interested"
    assert default_library().fallback_for(key) == "reconnect"


def test_fallback_thresholds_are_settings() -> None:
    # GIVEN a consultant who counts a customer inactive after 60 days, past after a year
    rules = Rules(inactive_after_days=60, past_client_after_days=365)
    today = date(2026, 11, 23)
    # WHEN / THEN the thresholds follow the settings
    customer = _contact(Kind.CUSTOMER)
    assert fallback_key(customer, today - timedelta(days=60), today, rules) == "inactive-customer"
    assert fallback_key(customer, today - timedelta(days=365), today, rules) == "past-client"


@pytest.mark.parametrize(
    ("kind", "idle_days", "expected"),
    [
        (Kind.CUSTOMER, 10, None),
        (Kind.CUSTOMER, 100, "inactive customer"),
        (Kind.CIRCLE, 800, "past client"),
    ],
)
def test_derived_state(kind: Kind, idle_days: int, expected: str | None) -> None:
    # GIVEN / WHEN a contact shown with its dates / THEN the derived state in plain words
    today = date(2026, 11, 23)
    state = derived_state(_contact(kind), today - timedelta(days=idle_days), today, RULES)
    assert state == expected


def test_inactive_customer_re_engage_worked_late() -> None:
    # GIVEN a re-engage call due Monday November 23rd, worked on December 3rd
    run = _run("inactive-customer", MONDAY)
    # WHEN it goes well / THEN the reconnect is 90 days after the day worked
    assert _next_after("inactive-customer", run, "re-engage", MONDAY, date(2026, 12, 3)) == [
        ("reconnect", date(2027, 3, 3))
    ]
