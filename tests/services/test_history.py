"""A contact's history (DOMAIN.md, Today's list: nothing is ever silently dropped): the
touches worked, and beside them those skipped with a reason or ended, newest first.
2026-11-20 is a Friday, 11-23 a Monday."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection

from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said, TouchStatus
from followup_tui.services import adding, calls, contact_views, orders, parties

FRIDAY = date(2026, 11, 20)
SHE_IS_BACK = date(2026, 12, 7)
ORDERED_ON = date(2026, 12, 10)
PARTY = date(2026, 12, 4)
MORNING_AFTER = date(2026, 12, 5)
FIRST_CALL = "Did they look at the web shop? Any questions?"
KEEP_IN_TOUCH = "Keep in touch: something new to share"
TOUCH_BASE = "Touch base: thank them, has the product started?"
LAPSED = "the day it got ready for has passed"

Line = tuple[date, str, Reach | None, TouchStatus | None, str | None]


def history(db: Database, contact_id: int, today: date) -> list[Line]:
    """(date, title, reach, closed, reason) of each history entry, as contact_detail has them."""
    detail = contact_views.contact_detail(db, contact_id, today)
    return [(h.occurred_on, h.title, h.reach, h.closed, h.reason) for h in detail.history]


def the_pending(db: Database, contact_id: int, today: date, step: str) -> int:
    [touch] = [
        p.touch.id
        for p in contact_views.contact_detail(db, contact_id, today).pending
        if p.touch.step == step
    ]
    return touch


def test_a_skipped_and_an_ended_touch_show_among_the_calls_worked(
    db: Database, today: date
) -> None:
    # GIVEN Lena, a lead met on Friday: her Day 3 call unanswered today, its retry
    # skipped two weeks later (she is away), then she orders, and her touch base is made
    lena = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=FRIDAY), today)
    calls.log_outcome(
        db, the_pending(db, lena, today, "first-call"), Outcome(Reach.NO_ANSWER), today
    )
    retry = the_pending(db, lena, today, "first-call")
    calls.skip_touch(db, retry, " she is away ", SHE_IS_BACK)
    orders.record_order(db, lena, ["NUT-MV30"], ORDERED_ON)
    touch_base = the_pending(db, lena, ORDERED_ON, "touch-base")
    calls.log_outcome(db, touch_base, Outcome(Reach.REACHED, Said.ALL_GOOD), date(2026, 12, 11))

    # WHEN her history is read
    detail = contact_views.contact_detail(db, lena, date(2026, 12, 11))

    # THEN the skip and the end her order made are there with their days and reasons,
    # between the calls she had, newest first
    assert history(db, lena, date(2026, 12, 11)) == [
        (date(2026, 12, 11), TOUCH_BASE, Reach.REACHED, None, None),
        (ORDERED_ON, KEEP_IN_TOUCH, None, TouchStatus.ENDED, "ordered"),
        (SHE_IS_BACK, FIRST_CALL, None, TouchStatus.SKIPPED, "she is away"),
        (today, FIRST_CALL, Reach.NO_ANSWER, None, None),
    ]
    # AND a touch closed unworked is no touch had: only the call that got an answer counts
    assert detail.touches_had == 1
    assert [h.reach for h in detail.outcomes] == [Reach.REACHED, Reach.NO_ANSWER]


def test_the_getting_ready_calls_that_lapsed_show_as_ended(db: Database, today: date) -> None:
    # GIVEN Hana's party on Friday 4th, her week-before and day-before calls never made
    hana = adding.add_contact(db, NewContact("Hana Host", Kind.HOSTESS), today)
    parties.new_party(db, hana, PARTY, today, place="Hana's kitchen")

    # WHEN her morning-after call is made
    morning_after = the_pending(db, hana, today, "morning-after")
    calls.log_outcome(db, morning_after, Outcome(Reach.REACHED, Said.ALL_GOOD), MORNING_AFTER)

    # THEN the two calls it ended show that morning, under the call made that day,
    # and the booking call the party replaced shows too
    assert history(db, hana, MORNING_AFTER) == [
        (
            MORNING_AFTER,
            "Morning-after call: thank her; anyone who left early?",
            Reach.REACHED,
            None,
            None,
        ),
        (MORNING_AFTER, "Tomorrow's the party: calm the jitters", None, TouchStatus.ENDED, LAPSED),
        (
            MORNING_AFTER,
            "A week to go: share the excitement, check the guest list",
            None,
            TouchStatus.ENDED,
            LAPSED,
        ),
        (
            today,
            "Book the party: pick a date and start the guest list",
            None,
            TouchStatus.ENDED,
            "party booked",
        ),
    ]


def test_the_closed_touches_are_read_by_the_contact_index(db: Database, today: date) -> None:
    # GIVEN a contact with a skipped touch
    dana = adding.add_contact(db, NewContact("Dana Whitfield", Kind.CUSTOMER), today)
    calls.skip_touch(db, the_pending(db, dana, today, "check-in"), "she is away", today)
    seen: list[tuple[str, Any]] = []

    def capture(
        conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        seen.append((statement, parameters))

    # WHEN her card is read
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        contact_views.contact_detail(db, dana, today)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)

    # THEN her closed touches come in one query, by the (contact_id, status) index:
    # never a scan of every touch in a 100,000-contact book
    [(statement, parameters)] = [
        (sql, params) for sql, params in seen if "FROM touches" in sql and "status IN" in sql
    ]
    with db.engine.connect() as connection:
        plan = " ".join(
            str(row[-1])
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        )
    assert "USING INDEX ix_touches_contact_status" in plan, plan
