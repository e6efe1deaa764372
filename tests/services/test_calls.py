"""The calls service (DOMAIN.md, Outcomes and Today's list): today's list, logging how a
call went, skipping and moving one; each action called directly, the database read back."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said, TouchStatus
from followup_tui.domain.today import DayCounts
from followup_tui.errors import InputError
from followup_tui.services import calls, due
from followup_tui.services.adding import add_contact
from followup_tui.services.contact_views import PendingTouch, contact_detail
from followup_tui.services.orders import record_order

YESTERDAY = date(2026, 11, 22)
TOMORROW = date(2026, 11, 24)
WEDNESDAY = date(2026, 11, 25)
NEXT_MONDAY = date(2026, 11, 30)
DEC_1 = date(2026, 12, 1)
TOUCH_BASE = "Touch base: thank them, has the product started?"
VERIFICATION = "Verification: withdrawal, dosage, breakouts"


def a_new_customer(db: Database, today: date, *, ordered_on: date = YESTERDAY) -> tuple[int, int]:
    """Dana, who bought a detox product: (her id, her Day 1 touch-base id)."""
    dana = add_contact(db, NewContact("Dana Whitfield", Kind.CUSTOMER), ordered_on)
    record_order(db, dana, ["DTX-7"], ordered_on, ordered_on=ordered_on)
    [touch] = [p for p in contact_detail(db, dana, today).pending if p.touch.playbook != "reorder"]
    assert (touch.touch.step, touch.touch.due) == ("touch-base", ordered_on + timedelta(days=1))
    return dana, touch.touch.id


def pending(db: Database, contact_id: int, today: date) -> list[tuple[str, str, date]]:
    """A contact's pending touches as (playbook, step, due), soonest first; an order's
    reorder call, its own track on the product's day, left out."""
    return [
        (p.touch.playbook, p.touch.step, p.touch.due)
        for p in contact_detail(db, contact_id, today).pending
        if p.touch.playbook != "reorder"
    ]


def welcome_calls(db: Database, contact_id: int, today: date) -> list[PendingTouch]:
    """Her pending welcome-chain touches (new-customer), not the reorder call."""
    found = contact_detail(db, contact_id, today).pending
    return [p for p in found if p.touch.playbook == "new-customer"]


def query(tmp_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "book.db") as conn:
        return conn.execute(sql, params).fetchall()


def row_counts(tmp_path: Path) -> dict[str, int]:
    tables = [
        str(name)
        for (name,) in query(tmp_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return {t: int(str(query(tmp_path, f'SELECT count(*) FROM "{t}"')[0][0])) for t in tables}


# --- today's list -----------------------------------------------------------------------


def test_todays_list_puts_referrals_then_corporate_backorders_then_overdue_then_priority(
    db: Database, today: date
) -> None:
    # GIVEN contacts added on their own days this past week, so that Monday has overdue
    # calls (a lead's Day 3 four days ago, a hostess's booking yesterday), today's calls,
    # a corporate backorder and, added last, a referral
    olga = add_contact(
        db, NewContact("Olga Lead", Kind.LEAD, met_on=date(2026, 11, 16)), date(2026, 11, 16)
    )
    hana = add_contact(db, NewContact("Hana Host", Kind.HOSTESS), date(2026, 11, 21))
    lena = add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=date(2026, 11, 20)), today)
    dana, _ = a_new_customer(db, today)
    record_order(
        db, dana, ["SKN-EYE"], today, ordered_on=today, backorders=["SKN-EYE"], corporate=True
    )
    hope = add_contact(db, NewContact("Hope Host", Kind.HOSTESS), YESTERDAY)
    rex = add_contact(db, NewContact("Rex Referred", Kind.REFERRAL), today)

    # WHEN today's list is asked for
    listed = due.todays_calls(db, today)

    # THEN the referral, the corporate backorder, the overdue by days overdue (most first),
    # then today's by priority: hostess (3), new customer (4), lead (6)
    assert [(t.touch.contact_id, t.touch.playbook, t.overdue_days(today)) for t in listed] == [
        (rex, "referral", 0),
        (dana, "corporate-backorder", 0),
        (olga, "lead", 4),
        (hana, "hostess", 1),
        (hope, "hostess", 0),
        (dana, "new-customer", 0),
        (lena, "lead", 0),
    ]
    assert [t.touch.priority for t in listed[4:]] == [3, 4, 6]
    assert due.day_counts(db, today) == DayCounts(done=0, left=7)


def test_upcoming_lists_the_days_ahead_by_date_and_not_today(db: Database, today: date) -> None:
    # GIVEN a lead met today (Day 3 on Thursday) and a customer called today
    leo = add_contact(db, NewContact("Leo Later", Kind.LEAD, met_on=today), today)
    dana, touch = a_new_customer(db, today)
    calls.log_outcome(db, touch, Outcome(Reach.REACHED, Said.ALL_GOOD), today)

    # WHEN the week ahead is asked for
    ahead = due.upcoming(db, today, days=7)

    # THEN her Day 3 on Wednesday, then his Day 3 on Thursday; nothing due today
    assert [(t.touch.contact_id, t.title, t.touch.due) for t in ahead] == [
        (dana, VERIFICATION, WEDNESDAY),
        (leo, "Did they look at the web shop? Any questions?", date(2026, 11, 26)),
    ]
    assert due.upcoming(db, today, days=1) == []


# --- outcomes ---------------------------------------------------------------------------


def test_all_good_schedules_the_playbooks_next_step(db: Database, today: date) -> None:
    # GIVEN Dana's Day 1 call and a lead's Day 3, both due today
    dana, touch = a_new_customer(db, today)
    lena = add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=date(2026, 11, 20)), today)

    # WHEN Dana was reached and all is well
    logged = calls.log_outcome(
        db, touch, Outcome(Reach.REACHED, Said.ALL_GOOD, note="Started"), today
    )

    # THEN the Day 3 verification is next and said so; her call is off the list, counted done
    [nxt] = logged.scheduled
    assert (nxt.contact_id, nxt.title, nxt.due) == (dana, VERIFICATION, WEDNESDAY)
    assert logged.what_next == logged.scheduled
    assert pending(db, dana, today) == [("new-customer", "verification", WEDNESDAY)]
    [entry] = contact_detail(db, dana, today).outcomes
    assert (entry.occurred_on, entry.title) == (today, TOUCH_BASE)
    assert (entry.reach, entry.said, entry.note) == (Reach.REACHED, Said.ALL_GOOD, "Started")
    assert [t.touch.contact_id for t in due.todays_calls(db, today)] == [lena]
    assert due.day_counts(db, today) == DayCounts(done=1, left=1)


@pytest.mark.parametrize("reach", [Reach.NO_ANSWER, Reach.VOICEMAIL])
def test_a_customer_not_reached_is_tried_again_the_next_day(
    db: Database, today: date, reach: Reach
) -> None:
    # GIVEN Dana's Day 1 call
    dana, touch = a_new_customer(db, today)

    # WHEN she did not pick up
    logged = calls.log_outcome(db, touch, Outcome(reach), today)

    # THEN the same call is due tomorrow, its second try
    [again] = welcome_calls(db, dana, today)
    assert (again.touch.step, again.touch.due, again.touch.attempt) == ("touch-base", TOMORROW, 2)
    assert [(s.title, s.due) for s in logged.scheduled] == [(TOUCH_BASE, TOMORROW)]
    assert [h.reach for h in contact_detail(db, dana, today).outcomes] == [reach]


def test_an_issue_schedules_an_issue_call_two_days_later(db: Database, today: date) -> None:
    # GIVEN Dana's Day 1 call
    dana, touch = a_new_customer(db, today)

    # WHEN she has a headache
    calls.log_outcome(db, touch, Outcome(Reach.REACHED, Said.ISSUE, note="Headache"), today)

    # THEN an issue call is due on Wednesday, marked issue
    [issue] = welcome_calls(db, dana, today)
    assert (issue.touch.step, issue.touch.due, issue.touch.is_issue) == ("issue", WEDNESDAY, True)
    assert issue.title == "Issue follow-up: is it sorted?"


def test_not_started_reanchors_on_the_start_date(db: Database, today: date) -> None:
    # GIVEN Dana's Day 1 call
    dana, touch = a_new_customer(db, today)

    # WHEN she starts next Monday
    calls.log_outcome(db, touch, Outcome(Reach.REACHED, Said.NOT_STARTED, on=NEXT_MONDAY), today)

    # THEN that day is her Day 3 verification, and the history keeps the date said
    assert pending(db, dana, today) == [("new-customer", "verification", NEXT_MONDAY)]
    [entry] = contact_detail(db, dana, today).outcomes
    assert (entry.said, entry.said_date) == (Said.NOT_STARTED, NEXT_MONDAY)


def test_call_on_a_date_puts_a_touch_on_that_date(db: Database, today: date) -> None:
    # GIVEN Dana's Day 1 call
    dana, touch = a_new_customer(db, today)

    # WHEN she asks to be called on December 1st
    logged = calls.log_outcome(db, touch, Outcome(Reach.REACHED, Said.CALL_ON, on=DEC_1), today)

    # THEN a call-back is due that day
    assert pending(db, dana, today) == [("new-customer", "call-back", DEC_1)]
    assert [(s.title, s.due) for s in logged.what_next] == [("Call back, as they asked", DEC_1)]


def test_wants_to_host_makes_her_a_hostess(db: Database, today: date) -> None:
    # GIVEN Dana's Day 1 call
    dana, touch = a_new_customer(db, today)

    # WHEN she wants to host a party
    calls.log_outcome(db, touch, Outcome(Reach.REACHED, Said.WANTS_TO_HOST), today)

    # THEN she is a hostess since today, with the party to book tomorrow
    detail = contact_detail(db, dana, today)
    assert detail.contact.kind is Kind.HOSTESS
    assert detail.kind_history[-1] == (today, "hostess", "wants-to-host")
    assert ("hostess", "book-the-party", TOMORROW) in pending(db, dana, today)


def test_a_referral_is_due_today_at_the_top_referred_by_the_caller(
    db: Database, today: date
) -> None:
    # GIVEN Dana's Day 1 call, and a lead 4 days overdue
    dana, touch = a_new_customer(db, today)
    add_contact(
        db, NewContact("Olga Lead", Kind.LEAD, met_on=date(2026, 11, 16)), date(2026, 11, 16)
    )

    # WHEN she gives a referral
    outcome = Outcome(Reach.REACHED, Said.REFERRAL, referral_name="  Xena   Ray ")
    logged = calls.log_outcome(db, touch, outcome, today)

    # THEN Xena is a referral, referred by Dana, first on today's list
    assert logged.new_contact_id is not None
    xena = contact_detail(db, logged.new_contact_id, today)
    assert (xena.contact.kind, xena.contact.referred_by_id) == (Kind.REFERRAL, dana)
    assert (xena.contact.name, xena.referred_by) == ("Xena Ray", "Dana Whitfield")
    first = due.todays_calls(db, today)[0].touch
    assert (first.contact_id, first.playbook, first.due) == (xena.contact.id, "referral", today)
    # AND Dana's own playbook goes on
    assert pending(db, dana, today) == [("new-customer", "verification", WEDNESDAY)]


def test_do_not_contact_ends_every_pending_touch_and_marks_her(
    db: Database, today: date, tmp_path: Path
) -> None:
    # GIVEN Dana's Day 1 call, a backorder deadline and a corporate backorder call pending
    dana, touch = a_new_customer(db, today)
    record_order(db, dana, ["HOM-CND"], today, ordered_on=today, backorders=["HOM-CND"])
    record_order(
        db, dana, ["SKN-EYE"], today, ordered_on=today, backorders=["SKN-EYE"], corporate=True
    )
    assert len(pending(db, dana, today)) >= 3

    # WHEN she asks not to be contacted
    logged = calls.log_outcome(db, touch, Outcome(Reach.REACHED, Said.DO_NOT_CONTACT), today)

    # THEN nothing is pending or scheduled, she is marked, and her record stays
    assert logged.scheduled == ()
    detail = contact_detail(db, dana, today)
    assert (detail.pending, detail.contact.do_not_contact, len(detail.orders)) == ([], True, 3)
    assert [h.said for h in detail.outcomes] == [Said.DO_NOT_CONTACT]
    # AND what was waiting stays in her history, ended for that reason
    assert [(h.closed, h.reason) for h in detail.history[1:5]] == [
        (TouchStatus.ENDED, "do not contact")
    ] * 4
    statuses = query(tmp_path, "SELECT status, count(*) FROM touches GROUP BY status ORDER BY 1")
    assert statuses[0] == ("done", 1) and {s for s, _ in statuses} == {"done", "ended"}
    assert query(tmp_path, "SELECT count(*) FROM runs WHERE status = 'active'") == [(0,)]
    assert due.todays_calls(db, today) == []


def test_a_corporate_backorder_call_logs_the_choice(db: Database, today: date) -> None:
    # GIVEN a corporate backorder call
    dana, _ = a_new_customer(db, today)
    record_order(
        db, dana, ["SKN-EYE"], today, ordered_on=today, backorders=["SKN-EYE"], corporate=True
    )
    [offer] = [
        p
        for p in contact_detail(db, dana, today).pending
        if p.touch.playbook == "corporate-backorder"
    ]

    # WHEN she chooses to wait
    calls.log_outcome(db, offer.touch.id, Outcome(Reach.REACHED, choice="wait"), today)

    # THEN her history says so
    [entry] = contact_detail(db, dana, today).outcomes
    assert (entry.title, entry.note) == (offer.title, "Chose to wait.")


# --- refusals ---------------------------------------------------------------------------

REFUSALS: dict[str, tuple[str, Outcome, str]] = {
    "already-done": ("done", Outcome(Reach.REACHED), "already done"),
    "no-such-touch": ("missing", Outcome(Reach.REACHED), "no touch with id"),
    "worked-tomorrow": ("tomorrow", Outcome(Reach.REACHED), "in the future"),
    "said-not-reached": ("due", Outcome(Reach.NO_ANSWER, Said.ALL_GOOD), "needs the reach"),
    "date-on-all-good": ("due", Outcome(Reach.REACHED, Said.ALL_GOOD, on=DEC_1), "takes no"),
    "date-on-no-answer": ("due", Outcome(Reach.NO_ANSWER, on=DEC_1), "takes no --date"),
    "call-on-undated": ("due", Outcome(Reach.REACHED, Said.CALL_ON), "needs --date"),
    "referral-unnamed": ("due", Outcome(Reach.REACHED, Said.REFERRAL), "needs the person's"),
    "referral-blank": ("due", Outcome(Reach.REACHED, Said.REFERRAL, referral_name=" "), "name"),
    "choice-off-backorder": ("due", Outcome(Reach.REACHED, choice="refund"), "for a corporate"),
}


@pytest.mark.parametrize(
    ("which", "outcome", "message"), list(REFUSALS.values()), ids=list(REFUSALS)
)
def test_a_refused_log_writes_nothing(
    db: Database, today: date, tmp_path: Path, which: str, outcome: Outcome, message: str
) -> None:
    # GIVEN Dana's Day 1 call (already logged, for "done")
    _, touch = a_new_customer(db, today)
    if which == "done":
        calls.log_outcome(db, touch, Outcome(Reach.REACHED), today)
    touch_id = touch + 1000 if which == "missing" else touch
    worked_on = TOMORROW if which == "tomorrow" else today
    before, touches = row_counts(tmp_path), query(tmp_path, "SELECT * FROM touches")

    # WHEN it is logged with what cannot be
    with pytest.raises(InputError, match=message):
        calls.log_outcome(db, touch_id, outcome, today, worked_on=worked_on)

    # THEN not a row has been written, nor a touch closed
    assert row_counts(tmp_path) == before
    assert query(tmp_path, "SELECT * FROM touches") == touches
    assert before["outcomes"] == (1 if which == "done" else 0)


# --- skipping and moving ----------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_skip_needs_a_reason(db: Database, today: date, tmp_path: Path, reason: str) -> None:
    # GIVEN Dana's Day 1 call
    dana, touch = a_new_customer(db, today)
    before = row_counts(tmp_path)

    # WHEN it is skipped without saying why / THEN it is refused and stays
    with pytest.raises(InputError, match="say why"):
        calls.skip_touch(db, touch, reason, today)
    assert row_counts(tmp_path) == before
    assert pending(db, dana, today) == [("new-customer", "touch-base", today)]


def test_a_skip_closes_the_touch_with_its_reason_and_the_playbook_goes_on(
    db: Database, today: date, tmp_path: Path
) -> None:
    # GIVEN Dana's Day 1 call
    dana, touch = a_new_customer(db, today)

    # WHEN it is skipped, she called herself yesterday
    scheduled = calls.skip_touch(db, touch, " She called me yesterday ", today).scheduled

    # THEN it is closed as skipped with the reason, and the Day 3 call is next
    assert query(
        tmp_path, "SELECT status, close_reason, closed_on FROM touches WHERE id = ?", touch
    ) == [("skipped", "She called me yesterday", today.isoformat())]
    assert [(s.title, s.due) for s in scheduled] == [(VERIFICATION, WEDNESDAY)]
    assert pending(db, dana, today) == [("new-customer", "verification", WEDNESDAY)]
    # AND her history shows it skipped and why, not as a call she had
    detail = contact_detail(db, dana, today)
    [skipped] = [h for h in detail.history if h.closed is TouchStatus.SKIPPED]
    assert (skipped.occurred_on, skipped.title, skipped.reason) == (
        today,
        TOUCH_BASE,
        "She called me yesterday",
    )
    assert (detail.outcomes, detail.touches_had) == ([], 0)


def test_reschedule_moves_the_touch_to_that_date(db: Database, today: date) -> None:
    # GIVEN Dana's Day 1 call, due today
    dana, touch = a_new_customer(db, today)

    # WHEN it is moved to Wednesday
    calls.reschedule_touch(db, touch, WEDNESDAY, today)

    # THEN it is off today's list and due Wednesday
    assert due.todays_calls(db, today) == []
    assert pending(db, dana, today) == [("new-customer", "touch-base", WEDNESDAY)]
    assert [t.touch.id for t in due.upcoming(db, today)] == [touch]


@pytest.mark.parametrize(
    ("when", "which", "message"),
    [(YESTERDAY, "day-1", "today or a later date"), (WEDNESDAY, "done", "not waiting")],
    ids=["past-date", "already-done"],
)
def test_reschedule_refusals_leave_the_due_date(
    db: Database, today: date, tmp_path: Path, when: date, which: str, message: str
) -> None:
    # GIVEN Dana's Day 1 call (already logged, for "done")
    _, touch = a_new_customer(db, today)
    if which == "done":
        calls.log_outcome(db, touch, Outcome(Reach.REACHED), today)

    # WHEN it is moved / THEN it is refused and the due date stays
    with pytest.raises(InputError, match=message):
        calls.reschedule_touch(db, touch, when, today)
    assert query(tmp_path, "SELECT due_on FROM touches WHERE id = ?", touch) == [
        (today.isoformat(),)
    ]


# --- overdue ----------------------------------------------------------------------------


def test_working_an_overdue_touch_schedules_the_next_from_the_day_worked(
    db: Database, today: date
) -> None:
    # GIVEN Dana's Day 1 call from a week-old order, six days overdue
    dana, touch = a_new_customer(db, today, ordered_on=date(2026, 11, 16))
    [late] = due.todays_calls(db, today)
    assert (late.touch.id, late.overdue_days(today)) == (touch, 6)

    # WHEN it is worked today
    calls.log_outcome(db, touch, Outcome(Reach.REACHED), today)

    # THEN Day 3 keeps its two days from today, not from the order: nothing piles up
    assert pending(db, dana, today) == [("new-customer", "verification", WEDNESDAY)]
    assert due.todays_calls(db, today) == []


def test_todays_list_read_again_shows_a_rename_made_meanwhile(db: Database, today: date) -> None:
    # GIVEN today's list read once (the desk reads it again after every change)
    from dataclasses import replace

    from followup_tui.services.contacts import editable, update_contact

    dana, _ = a_new_customer(db, today)
    first = due.todays_calls(db, today)
    # WHEN she is renamed elsewhere, and the list read again
    update_contact(db, dana, replace(editable(db, dana), name="Dana Renamed"), today)
    again = due.todays_calls(db, today)
    # THEN the list has the new name; read once more, unchanged, the same list
    assert first and "Dana Renamed" not in [item.name for item in first]
    assert [item.name for item in again] == ["Dana Renamed"] * len(first)
    assert due.todays_calls(db, today) == again
    assert due.todays_call_ids(db, today) == {item.touch.id for item in again}
