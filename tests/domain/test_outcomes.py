"""Every outcome row of DOMAIN.md (Outcomes, and what each schedules), through plan_outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from followup_tui.domain.model import Category, Channel, Kind, Outcome, Reach, Run, RunStatus, Said
from followup_tui.domain.playbooks import Playbook, default_library
from followup_tui.domain.schedule import Rules, plan_outcome, start_run, touch_title

from ._support import ALL_GOOD, NO_ANSWER, as_touch, steps_and_dates, touch_at

ORDERED = date(2026, 11, 23)  # a Monday
DAY_1 = date(2026, 11, 24)
RULES = Rules()


def _new_customer() -> Playbook:
    return default_library()["new-customer"]


def _run(category: Category = Category.DETOX, reorder_day: int = 14) -> Run:
    return Run(
        id=1,
        contact_id=1,
        playbook="new-customer",
        anchor=ORDERED,
        category=category,
        reorder_day=reorder_day,
    )


def _said(said: Said, on: date | None = None, referral_name: str | None = None) -> Outcome:
    return Outcome(reach=Reach.REACHED, said=said, on=on, referral_name=referral_name)


# --- all good --------------------------------------------------------------------------


@pytest.mark.parametrize("reach", [Reach.REACHED, Reach.TEXTED, Reach.EMAILED, Reach.CARD_SENT])
def test_all_good_plans_the_next_step(reach: Reach) -> None:
    # GIVEN the Day 1 touch base
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    # WHEN it got through and nothing special was said
    plan = plan_outcome(playbook, run, touch, Outcome(reach=reach), DAY_1, RULES)
    # THEN the playbook's next step follows and the run stands on touch base
    assert [(p.step, p.due) for p in plan.touches] == [("verification", date(2026, 11, 26))]
    assert plan.run is not None
    assert plan.run.position == "touch-base"
    assert plan.run.status is RunStatus.ACTIVE


# --- issue -----------------------------------------------------------------------------


def test_issue_plans_an_issue_call_in_two_days() -> None:
    # GIVEN the Day 1 touch base
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    # WHEN an issue is logged
    plan = plan_outcome(playbook, run, touch, _said(Said.ISSUE), DAY_1, RULES)
    # THEN a call marked "issue" is due 2 days later, and the run holds its place
    (issue,) = plan.touches
    assert (issue.step, issue.due, issue.channel, issue.is_issue) == (
        "issue",
        date(2026, 11, 26),
        Channel.CALL,
        True,
    )
    assert plan.run is not None
    assert plan.run.issue_open
    assert plan.run.had_issue
    assert plan.run.position == "touch-base"


def test_issue_retry_days_is_a_setting() -> None:
    # GIVEN a consultant who calls back on issues after 3 days
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    # WHEN an issue is logged
    plan = plan_outcome(playbook, run, touch, _said(Said.ISSUE), DAY_1, Rules(issue_retry_days=3))
    # THEN the issue call is 3 days on
    assert [(p.step, p.due) for p in plan.touches] == [("issue", date(2026, 11, 27))]


def test_issue_logged_again_keeps_calling_every_two_days() -> None:
    # GIVEN an open issue that arose at touch base
    playbook = _new_customer()
    run = replace(_run(), position="touch-base", issue_open=True, had_issue=True)
    issue = touch_at(playbook, run, "issue", date(2026, 11, 26))
    # WHEN the issue call finds it is not solved yet
    plan = plan_outcome(playbook, run, issue, _said(Said.ISSUE), issue.due, RULES)
    # THEN another issue call is due 2 days later, still standing on touch base
    assert [(p.step, p.due, p.is_issue) for p in plan.touches] == [
        ("issue", date(2026, 11, 28), True)
    ]
    assert plan.run is not None
    assert plan.run.position == "touch-base"
    assert plan.run.issue_open


@pytest.mark.parametrize("said", [Said.RESOLVED, Said.ALL_GOOD])
def test_resolved_issue_continues_after_the_step_where_it_arose(said: Said) -> None:
    # GIVEN an issue that arose at Day 3 verification, called about on Day 5
    playbook = _new_customer()
    run = _run(reorder_day=35)
    verification = touch_at(playbook, run, "verification", date(2026, 11, 26))
    opened = plan_outcome(playbook, run, verification, _said(Said.ISSUE), verification.due, RULES)
    assert opened.run is not None
    (issue,) = opened.touches
    # WHEN the issue call logs it resolved
    plan = plan_outcome(playbook, opened.run, as_touch(issue, run), _said(said), issue.due, RULES)
    # THEN the step after verification follows on its own day, Day 5: the issue call
    # in between does not move the playbook's days (DOMAIN.md, Day N)
    assert [(p.step, p.due, p.is_issue) for p in plan.touches] == [
        ("confirmation", date(2026, 11, 28), False)
    ]
    assert plan.run is not None
    assert not plan.run.issue_open
    assert plan.run.had_issue
    assert plan.run.position == "verification"


def test_issue_adds_the_day_14_step() -> None:
    # GIVEN an issue logged at verification, then resolved
    playbook = _new_customer()
    run = replace(_run(reorder_day=35), position="confirmation", had_issue=True)
    relationship = touch_at(playbook, run, "relationship", date(2026, 11, 30))
    # WHEN the relationship call goes well
    plan = plan_outcome(playbook, run, relationship, ALL_GOOD, relationship.due, RULES)
    # THEN just in case is due on Day 14
    assert [(p.step, p.due) for p in plan.touches] == [("just-in-case", date(2026, 12, 7))]


# --- not started yet -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        (
            Category.DETOX,
            [
                ("verification", date(2026, 12, 1)),
                ("confirmation", date(2026, 12, 3)),
                ("relationship", date(2026, 12, 5)),
            ],
        ),
        (
            Category.HOME,
            [
                ("confirmation", date(2026, 12, 1)),
                ("relationship", date(2026, 12, 3)),
            ],
        ),
    ],
)
def test_not_started_reanchors_on_the_start_date(
    category: Category, expected: list[tuple[str, date]]
) -> None:
    # GIVEN the Day 1 touch base: she has not started, and will on Tuesday December 1st
    playbook, run = _new_customer(), _run(category, reorder_day=35)
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    starts = date(2026, 12, 1)
    # WHEN that is logged
    plan = plan_outcome(playbook, run, touch, _said(Said.NOT_STARTED, starts), DAY_1, RULES)
    # THEN the next step falls on the start date, and later steps keep their spacing from it
    assert plan.run is not None
    (next_touch,) = plan.touches
    seen = [next_touch]
    run = plan.run
    while len(seen) < len(expected):
        after = plan_outcome(playbook, run, as_touch(seen[-1], run), ALL_GOOD, seen[-1].due, RULES)
        assert after.run is not None
        run = after.run
        seen.extend(after.touches)
    assert steps_and_dates(seen) == expected


def test_not_started_on_the_day_worked_is_allowed() -> None:
    # GIVEN the touch base: she starts today
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    # WHEN that is logged
    plan = plan_outcome(playbook, run, touch, _said(Said.NOT_STARTED, DAY_1), DAY_1, RULES)
    # THEN the next step is today
    assert [(p.step, p.due) for p in plan.touches] == [("verification", DAY_1)]


@pytest.mark.parametrize("said", [Said.NOT_STARTED, Said.CALL_ON, Said.MEETING])
@pytest.mark.parametrize("on", [None, date(2026, 11, 23)], ids=["no-date", "past-date"])
def test_date_outcomes_need_a_date_from_today_on(said: Said, on: date | None) -> None:
    # GIVEN the touch base worked on Day 1
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    # WHEN not-started / call-on is logged without a date, or with one in the past
    # THEN it is refused
    with pytest.raises(ValueError, match="needs a date"):
        plan_outcome(playbook, run, touch, _said(said, on), DAY_1, RULES)


# --- call me on DATE -------------------------------------------------------------------


def test_call_on_plans_a_call_back_on_that_date() -> None:
    # GIVEN the Day 1 touch base
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    # WHEN she asks to be called on Thursday December 3rd
    plan = plan_outcome(playbook, run, touch, _said(Said.CALL_ON, date(2026, 12, 3)), DAY_1, RULES)
    # THEN a call back is due that day, and the run remembers she asked
    (call_back,) = plan.touches
    assert (call_back.step, call_back.due, call_back.channel, call_back.is_issue) == (
        "call-back",
        date(2026, 12, 3),
        Channel.CALL,
        False,
    )
    assert plan.run is not None
    assert plan.run.asked_callback
    assert plan.run.position == "touch-base"


def test_all_good_on_a_call_back_continues_the_playbook() -> None:
    # GIVEN a call back she asked for at touch base, for December 3rd
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "touch-base", DAY_1)
    asked = plan_outcome(playbook, run, touch, _said(Said.CALL_ON, date(2026, 12, 3)), DAY_1, RULES)
    assert asked.run is not None
    (call_back,) = asked.touches
    # WHEN the call back goes well
    plan = plan_outcome(
        playbook, asked.run, as_touch(call_back, run), ALL_GOOD, call_back.due, RULES
    )
    # THEN the step after touch base follows: its Day 3 passed while she waited, so the
    # day after the call back (not Day 3 + the gap: the call back moved no days)
    assert [(p.step, p.due) for p in plan.touches] == [("verification", date(2026, 12, 4))]
    assert plan.run is not None
    assert plan.run.asked_callback


# --- changes of kind, referrals, reorders ---------------------------------------------


def test_wants_to_host_becomes_hostess() -> None:
    # GIVEN the relationship call
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "relationship", date(2026, 11, 30))
    # WHEN she wants to host a party
    plan = plan_outcome(playbook, run, touch, _said(Said.WANTS_TO_HOST), touch.due, RULES)
    # THEN she becomes a hostess, the hostess playbook starts, and her own playbook goes
    # on (the relationship call was its last step without an issue: it ends)
    assert plan.new_kind is Kind.HOSTESS
    assert [s.playbook for s in plan.start] == ["hostess"]
    assert plan.touches == () and plan.run is not None
    assert plan.run.position == "relationship"


def test_wants_to_host_books_the_party_tomorrow() -> None:
    # GIVEN the relationship call on Monday November 30th
    library = default_library()
    playbook, run = library["new-customer"], _run()
    worked_on = date(2026, 11, 30)
    touch = touch_at(playbook, run, "relationship", worked_on)
    # WHEN she wants to host, and the service starts what the plan asks
    plan = plan_outcome(playbook, run, touch, _said(Said.WANTS_TO_HOST), worked_on, RULES)
    (start,) = plan.start
    hostess_run = Run(id=2, contact_id=1, playbook=start.playbook, anchor=start.anchor)
    planned = start_run(library[start.playbook], hostess_run, worked_on, RULES)
    # THEN "book the party" is due tomorrow
    assert [(p.step, p.due) for p in planned] == [("book-the-party", date(2026, 12, 1))]


def test_wants_to_join_starts_the_prospect_playbook() -> None:
    # GIVEN the relationship call
    library = default_library()
    playbook, run = library["new-customer"], _run()
    worked_on = date(2026, 11, 30)
    touch = touch_at(playbook, run, "relationship", worked_on)
    # WHEN she wants to join the business
    plan = plan_outcome(playbook, run, touch, _said(Said.WANTS_TO_JOIN), worked_on, RULES)
    # THEN she becomes a prospect and the information is sent the same day, by email
    assert plan.new_kind is Kind.PROSPECT
    (start,) = plan.start
    assert start.playbook == "prospect"
    prospect_run = Run(id=2, contact_id=1, playbook=start.playbook, anchor=start.anchor)
    planned = start_run(library[start.playbook], prospect_run, worked_on, RULES)
    assert [(p.step, p.due, p.channel) for p in planned] == [
        ("send-info", worked_on, Channel.EMAIL)
    ]


def test_referral_names_the_new_contact() -> None:
    # GIVEN the reorder call
    playbook = default_library()["reorder"]
    run = Run(id=2, contact_id=1, playbook="reorder", anchor=ORDERED, reorder_day=14)
    touch = touch_at(playbook, run, "reorder", date(2026, 12, 7))
    # WHEN she gives a referral
    outcome = _said(Said.REFERRAL, referral_name="Ana Ruiz")
    plan = plan_outcome(playbook, run, touch, outcome, touch.due, RULES)
    # THEN the plan carries the name for a new referral contact, and the run finishes
    assert plan.referral_name == "Ana Ruiz"
    assert plan.new_kind is None
    assert plan.run is not None
    assert plan.run.status is RunStatus.ENDED


def test_reorder_records_an_order_without_restarting() -> None:
    # GIVEN the Day 7 relationship call
    playbook, run = _new_customer(), _run()
    touch = touch_at(playbook, run, "relationship", date(2026, 11, 30))
    # WHEN she wants to reorder
    plan = plan_outcome(playbook, run, touch, _said(Said.REORDER), touch.due, RULES)
    # THEN an order is to be recorded, nothing restarts, and the playbook goes on
    assert plan.record_reorder
    assert plan.start == ()
    assert plan.run is not None and plan.run.position == "relationship"


# --- not interested, do not contact ---------------------------------------------------


@pytest.mark.parametrize(
    ("said", "not_interested", "do_not_contact"),
    [(Said.NOT_INTERESTED, True, False), (Said.DO_NOT_CONTACT, False, True)],
)
@pytest.mark.parametrize("step", ["touch-base", "issue", "call-back"])
def test_not_interested_and_do_not_contact_end_the_run(
    said: Said, not_interested: bool, do_not_contact: bool, step: str
) -> None:
    # GIVEN a touch of an active run (a playbook step or a virtual one)
    playbook = _new_customer()
    run = replace(_run(), position="touch-base") if step != "touch-base" else _run()
    touch = touch_at(playbook, run, step, date(2026, 11, 26))
    # WHEN the contact says so
    plan = plan_outcome(playbook, run, touch, _said(said), touch.due, RULES)
    # THEN nothing more is planned and the run ends
    assert plan.touches == ()
    assert plan.start == ()
    assert plan.run is not None
    assert plan.run.status is RunStatus.ENDED
    assert (plan.not_interested, plan.do_not_contact) == (not_interested, do_not_contact)


# --- not reached -----------------------------------------------------------------------


@pytest.mark.parametrize("reach", [Reach.NO_ANSWER, Reach.VOICEMAIL])
@pytest.mark.parametrize(
    ("playbook", "step", "track"),
    [
        ("new-customer", "touch-base", "steps"),
        ("reorder", "reorder", "steps"),
        ("referral", "first-call", "steps"),
        ("party-guest", "order-placed", "steps"),
        ("party", "morning-after", "steps"),
        ("party", "guest-morning-after", "guest"),
        ("customer-care", "check-in", "steps"),
    ],
)
def test_not_reached_is_retried_next_day(
    reach: Reach, playbook: str, step: str, track: str
) -> None:
    # GIVEN a customer, referral or party touch, on its first attempt
    book = default_library()[playbook]
    run = Run(id=1, contact_id=1, playbook=playbook, anchor=ORDERED, track=track, reorder_day=14)
    touch = touch_at(book, run, step, date(2026, 11, 27))  # a Friday
    # WHEN nobody answered
    plan = plan_outcome(book, run, touch, Outcome(reach=reach), touch.due, RULES)
    # THEN the same touch is tried again the next day, as attempt 2
    (retry,) = plan.touches
    assert (retry.step, retry.due, retry.attempt) == (step, date(2026, 11, 28), 2)
    assert (retry.channel, retry.priority) == (touch.channel, touch.priority)
    assert plan.run == run


def test_not_reached_issue_call_stays_an_issue() -> None:
    # GIVEN an open issue call
    playbook = _new_customer()
    run = replace(_run(), position="touch-base", issue_open=True, had_issue=True)
    issue = touch_at(playbook, run, "issue", date(2026, 11, 26))
    # WHEN it goes to voicemail
    plan = plan_outcome(playbook, run, issue, Outcome(reach=Reach.VOICEMAIL), issue.due, RULES)
    # THEN it is retried tomorrow, still marked issue
    assert [(p.step, p.due, p.attempt, p.is_issue) for p in plan.touches] == [
        ("issue", date(2026, 11, 27), 2, True)
    ]


def test_not_reached_attempts_count_up_to_the_limit() -> None:
    # GIVEN the touch base, tried for the second time on Day 2
    playbook, run = _new_customer(), _run()
    assert playbook.max_attempts == 3
    second = touch_at(playbook, run, "touch-base", date(2026, 11, 25), attempt=2)
    # WHEN nobody answers
    plan = plan_outcome(playbook, run, second, NO_ANSWER, second.due, RULES)
    # THEN a third attempt is due the next day
    assert [(p.step, p.due, p.attempt) for p in plan.touches] == [
        ("touch-base", date(2026, 11, 26), 3)
    ]


def test_not_reached_after_max_attempts_moves_on() -> None:
    # GIVEN the touch base on its last attempt, on Day 3
    playbook, run = _new_customer(), _run()
    last = touch_at(playbook, run, "touch-base", date(2026, 11, 26), attempt=3)
    # WHEN nobody answers again
    plan = plan_outcome(playbook, run, last, NO_ANSWER, last.due, RULES)
    # THEN the playbook goes on without an answer, from the day worked
    assert [(p.step, p.due, p.attempt) for p in plan.touches] == [
        ("verification", date(2026, 11, 28), 1)
    ]
    assert plan.run is not None
    assert plan.run.position == "touch-base"


def _lead_run() -> Run:
    return Run(id=1, contact_id=1, playbook="lead", anchor=ORDERED)


def test_lead_first_call_on_day_3() -> None:
    # GIVEN someone met on Monday
    playbook = default_library()["lead"]
    # WHEN the lead playbook starts
    planned = start_run(playbook, _lead_run(), ORDERED, RULES)
    # THEN the first call is on Day 3
    assert [(p.step, p.due) for p in planned] == [("first-call", date(2026, 11, 26))]


def test_lead_not_reached_is_retried_14_days_later() -> None:
    # GIVEN the lead's Day 3 call
    playbook, run = default_library()["lead"], _lead_run()
    touch = touch_at(playbook, run, "first-call", date(2026, 11, 26))
    # WHEN nobody answers
    plan = plan_outcome(playbook, run, touch, NO_ANSWER, touch.due, RULES)
    # THEN it is tried again 14 days later
    assert [(p.step, p.due, p.attempt) for p in plan.touches] == [
        ("first-call", date(2026, 12, 10), 2)
    ]


@pytest.mark.parametrize(
    ("rules", "keep_in_touch_due"),
    [
        (Rules(), date(2027, 1, 14)),  # 5 weeks = 35 days
        (Rules(lead_rhythm_weeks=6), date(2027, 1, 21)),  # 6 weeks = 42 days
    ],
)
def test_lead_then_keeps_in_touch_every_lead_rhythm(rules: Rules, keep_in_touch_due: date) -> None:
    # GIVEN the lead's retry, 14 days after Day 3, on December 10th
    playbook, run = default_library()["lead"], _lead_run()
    retry = touch_at(playbook, run, "first-call", date(2026, 12, 10), attempt=2)
    # WHEN nobody answers again
    plan = plan_outcome(playbook, run, retry, NO_ANSWER, retry.due, rules)
    # THEN keep-in-touch follows after the lead rhythm, across the year end
    assert plan.run is not None
    (keep,) = plan.touches
    assert (keep.step, keep.due) == ("keep-in-touch", keep_in_touch_due)
    assert keep.due - retry.due == timedelta(days=rules.lead_rhythm_days)
    # AND each keep-in-touch worked schedules the next one the same distance on
    again = plan_outcome(playbook, plan.run, as_touch(keep, run), ALL_GOOD, keep.due, rules)
    assert [(p.step, p.due) for p in again.touches] == [
        ("keep-in-touch", keep.due + timedelta(days=rules.lead_rhythm_days))
    ]


def test_lead_reached_keeps_in_touch_after_5_weeks() -> None:
    # GIVEN the lead's Day 3 call
    playbook, run = default_library()["lead"], _lead_run()
    touch = touch_at(playbook, run, "first-call", date(2026, 11, 26))
    # WHEN it is answered and all is well
    plan = plan_outcome(playbook, run, touch, ALL_GOOD, touch.due, RULES)
    # THEN keep-in-touch is 35 days later
    assert [(p.step, p.due) for p in plan.touches] == [("keep-in-touch", date(2026, 12, 31))]


def test_rules_lead_rhythm_days() -> None:
    # GIVEN / WHEN / THEN the lead rhythm is set in weeks and counted in days
    assert Rules().lead_rhythm_days == 35
    assert Rules(lead_rhythm_weeks=6).lead_rhythm_days == 42


def test_unanswered_issue_call_stays_open() -> None:
    # GIVEN an open issue from touch base, on its last attempt
    playbook = _new_customer()
    run = replace(_run(), position="touch-base", issue_open=True, had_issue=True)
    issue = touch_at(playbook, run, "issue", date(2026, 11, 28), attempt=playbook.max_attempts)
    # WHEN nobody answers again
    plan = plan_outcome(playbook, run, issue, NO_ANSWER, issue.due, RULES)
    # THEN the issue is still open and still has a call planned
    assert plan.run is not None
    assert plan.run.issue_open
    assert any(p.is_issue for p in plan.touches)


def test_touch_title_names_every_touch() -> None:
    # GIVEN the library
    library = default_library()
    # WHEN / THEN a step, a virtual step and an unknown step all get plain words
    assert touch_title(library, "new-customer", "touch-base") == (
        "Touch base: thank them, has the product started?"
    )
    assert touch_title(library, "lead", "issue") == "Issue follow-up: is it sorted?"
    assert touch_title(library, "lead", "gone") == "lead: gone"
