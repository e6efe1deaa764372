"""The reorder call is a track of its own (DOMAIN.md, New customer: "Reorder: on the
product's reorder day"): it is due on the day the product runs out, whatever happened to
the welcome calls, and on that day the welcome calls never worked fold into it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said
from followup_tui.services import adding, calls, contact_views, due, orders

TODAY = date(2026, 11, 23)


def rows(db: Database, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(text(sql), params)]


def new_customer(db: Database, sku: str, ordered_on: date) -> tuple[int, int]:
    """A customer whose first order (of one product) was placed that day."""
    dana = adding.add_contact(db, NewContact("Dana Whitfield", Kind.CUSTOMER), ordered_on)
    return dana, orders.record_order(db, dana, [sku], ordered_on)


def pending(db: Database, contact_id: int, today: date) -> list[tuple[str, str, date]]:
    detail = contact_views.contact_detail(db, contact_id, today)
    return [(p.touch.playbook, p.touch.step, p.touch.due) for p in detail.pending]


def todays(db: Database, contact_id: int, today: date) -> list[tuple[str, str]]:
    return [
        (d.touch.playbook, d.touch.step)
        for d in due.todays_calls(db, today)
        if d.touch.contact_id == contact_id
    ]


def welcome_call(db: Database, contact_id: int, today: date) -> int:
    [touch_id] = [
        p.touch.id
        for p in contact_views.contact_detail(db, contact_id, today).pending
        if p.touch.playbook == "new-customer"
    ]
    return touch_id


def test_the_reorder_call_is_due_on_its_day_though_day_1_was_never_logged(db: Database) -> None:
    # GIVEN a detox kit (reorder day 14) ordered on Nov 9, and no welcome call ever worked
    dana, order_id = new_customer(db, "DTX-7", date(2026, 11, 9))

    # WHEN Nov 23, the kit's day 14, comes and the day's calls are read
    folded = orders.fold_welcome_calls(db, TODAY)

    # THEN the reorder call is today's, and the Day 1 call, two weeks late, is said on it
    # rather than in front of it: ended, with the reason in her history
    assert folded == 1
    assert todays(db, dana, TODAY) == [("reorder", "reorder")]
    assert rows(
        db,
        "SELECT step, status, closed_on, close_reason FROM touches"
        " WHERE playbook = 'new-customer' AND contact_id = :dana",
        dana=dana,
    ) == [("touch-base", "ended", "2026-11-23", orders.FOLDED)]
    assert rows(db, "SELECT status FROM runs WHERE playbook = 'new-customer'") == [("ended",)]
    assert rows(
        db, "SELECT order_id FROM touches WHERE step = 'reorder' AND status = 'pending'"
    ) == [(order_id,)]


def test_welcome_calls_worked_late_do_not_move_the_reorder_day(db: Database) -> None:
    # GIVEN multivitamins (reorder day 30) ordered on Oct 24
    ordered = date(2026, 10, 24)
    dana, _ = new_customer(db, "NUT-MV30", ordered)

    # WHEN every welcome call is worked five days after it was due
    for _ in range(6):
        welcome = [p for p in pending(db, dana, ordered) if p[0] == "new-customer"]
        if not welcome:
            break
        touch_id = welcome_call(db, dana, ordered)
        worked = welcome[0][2] + timedelta(days=5)
        calls.log_outcome(db, touch_id, Outcome(Reach.REACHED, Said.ALL_GOOD), worked)

    # THEN the reorder call is still on day 30 (Nov 23), not day 35
    assert pending(db, dana, TODAY) == [("reorder", "reorder", ordered + timedelta(days=30))]


def test_a_welcome_call_she_asked_for_after_the_reorder_day_is_kept(db: Database) -> None:
    # GIVEN a detox kit ordered on Nov 9; on her Day 1 call she asked to be called on Nov 27
    dana, _ = new_customer(db, "DTX-7", date(2026, 11, 9))
    day_1 = welcome_call(db, dana, date(2026, 11, 10))
    calls.log_outcome(
        db,
        day_1,
        Outcome(Reach.REACHED, Said.CALL_ON, on=date(2026, 11, 27)),
        date(2026, 11, 10),
    )

    # WHEN the kit's reorder day comes
    folded = orders.fold_welcome_calls(db, TODAY)

    # THEN the call she asked for stays on her day; the reorder call is today's
    assert folded == 0
    assert pending(db, dana, TODAY) == [
        ("reorder", "reorder", TODAY),
        ("new-customer", "call-back", date(2026, 11, 27)),
    ]


def test_an_open_issue_is_still_chased_on_the_reorder_day(db: Database) -> None:
    # GIVEN a detox kit ordered on Nov 9, with an issue raised on her Day 1 call
    dana, _ = new_customer(db, "DTX-7", date(2026, 11, 9))
    day_1 = welcome_call(db, dana, date(2026, 11, 10))
    calls.log_outcome(db, day_1, Outcome(Reach.REACHED, Said.ISSUE), date(2026, 11, 10))
    issue = [p for p in pending(db, dana, TODAY) if p[1] == "issue"]
    assert issue

    # WHEN the kit's reorder day comes with the issue call not yet worked
    orders.fold_welcome_calls(db, TODAY)

    # THEN the issue call is still waiting beside the reorder call
    steps = {step for _, step, _ in pending(db, dana, TODAY)}
    assert steps == {"issue", "reorder"}


def test_before_the_reorder_day_nothing_is_folded_and_nothing_written(db: Database) -> None:
    # GIVEN a detox kit ordered on Nov 20, its Day 1 call not worked
    dana, _ = new_customer(db, "DTX-7", date(2026, 11, 20))
    before = rows(db, "SELECT * FROM touches ORDER BY id")

    # WHEN the day's calls are read before the kit runs out
    folded = orders.fold_welcome_calls(db, TODAY)

    # THEN the welcome call is today's as it was
    assert folded == 0
    assert rows(db, "SELECT * FROM touches ORDER BY id") == before
    assert todays(db, dana, TODAY) == [("new-customer", "touch-base")]


def test_two_orders_running_out_the_same_day_make_one_reorder_call(db: Database) -> None:
    # GIVEN a new customer's first order of a detox kit this morning
    dana, first = new_customer(db, "DTX-7", TODAY)

    # WHEN a second kit is ordered the same day (she came back for her sister)
    second = orders.record_order(db, dana, ["DTX-7"], TODAY)

    # THEN one reorder call, on day 14: both kits run out together
    reorders = rows(
        db, "SELECT due_on, order_id FROM touches WHERE step = 'reorder' AND status = 'pending'"
    )
    assert len(reorders) == 1
    assert reorders[0][0] == "2026-12-07"
    assert reorders[0][1] in (first, second)
