"""Every call on the right day (issue 14), driven through the command line with --today
moving through the weeks."""

from __future__ import annotations

from .conftest import Cli


def pending_steps(run: Cli, contact_id: int, today: str) -> list[tuple[str, str]]:
    return [(p["step"], p["due"]) for p in run.show(contact_id, today=today)["pending"]]


def test_an_issue_call_does_not_move_the_playbooks_days(run: Cli) -> None:
    # GIVEN a detox order on Sunday 22 Nov (Day 1 is Monday 23)
    dana = run.add("Dana Whitfield", "--kind", "customer", today="2026-11-22")
    run.order(dana, "DTX-7", today="2026-11-22")
    touch_base = run.only_pending(dana, "new-customer")
    # WHEN Day 1 logs an issue, and the issue call on Day 3 logs it resolved
    run.log(int(touch_base["id"]), "reached", "--said", "issue", today="2026-11-23")
    issue = run.only_pending(dana, "new-customer")
    assert (issue["step"], issue["due"]) == ("issue", "2026-11-25")
    run.log(int(issue["id"]), "reached", "--said", "resolved", today="2026-11-25")
    # THEN verification is on Day 3 still, and each call after it on its own day
    days = []
    for today in ("2026-11-25", "2026-11-27", "2026-11-29", "2026-12-06"):
        nxt = [p for p in run.show(dana, today=today)["pending"] if p["playbook"] == "new-customer"]
        days.append((nxt[0]["step"], nxt[0]["due"]))
        run.log(int(nxt[0]["id"]), "reached", today=today)
    assert days == [
        ("verification", "2026-11-25"),
        ("confirmation", "2026-11-27"),
        ("relationship", "2026-11-29"),
        ("just-in-case", "2026-12-06"),
    ]


def test_a_call_back_does_not_move_the_playbooks_days(run: Cli) -> None:
    dana = run.add("Dana Whitfield", "--kind", "customer", today="2026-11-22")
    run.order(dana, "DTX-7", today="2026-11-22")
    touch_base = run.only_pending(dana, "new-customer")
    # WHEN she asks on Day 1 to be called on Tuesday, and that call goes well
    run.log(
        int(touch_base["id"]), "reached", "--said", "call-on", "--date", "2026-11-24",
        today="2026-11-23",
    )  # fmt: skip
    call_back = run.only_pending(dana, "new-customer")
    run.log(int(call_back["id"]), "reached", today="2026-11-24")
    # THEN verification keeps Day 3
    nxt = [p for p in run.pending(dana) if p["playbook"] == "new-customer"]
    assert [(p["step"], p["due"]) for p in nxt] == [("verification", "2026-11-25")]


def test_a_corporate_backorder_never_answered_keeps_its_deadline(run: Cli) -> None:
    # GIVEN a corporate backorder on Monday 23 Nov (deadline: 10 business days, 7 Dec)
    priya = run.add("Priya Shah", "--kind", "customer")
    order = run.order(priya, "SKN-SER-C", "--backorder", "SKN-SER-C", "--corporate")
    # WHEN nobody answers her call, five days running
    for today in ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"):
        call = run.only_pending(priya, "corporate-backorder")
        run.log(int(call["id"]), "no-answer", today=today)
    # THEN the deadline check is waiting, two business days before the deadline
    check = run.only_pending(priya, "backorder")
    assert (check["step"], check["due"]) == ("deadline-check", "2026-12-03")
    # ... and stays however often she cannot be reached, until the item arrives
    for today in ("2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"):
        run.log(int(run.only_pending(priya, "backorder")["id"]), "no-answer", today=today)
    assert run.only_pending(priya, "backorder")["due"] == "2026-12-07"
    run.ok("delivered", str(order), today="2026-12-07")
    assert [p for p in run.pending(priya) if p["playbook"] == "backorder"] == []


def test_the_reorder_call_comes_on_the_products_day_and_takes_the_unworked_calls(
    run: Cli,
) -> None:
    # GIVEN a detox kit (reorder day 14) ordered on 9 Nov, its welcome calls never worked
    dana = run.add("Dana Whitfield", "--kind", "customer", today="2026-11-09")
    order = run.order(dana, "DTX-7", "--on", "2026-11-09", today="2026-11-09")

    # WHEN today's list is read on 23 Nov, the kit's day 14
    mine = [t for t in run.today(today="2026-11-23") if t["contact_id"] == dana]

    # THEN one call for her: the reorder, on its day, not the two-week-old Day 1 call
    assert [(t["playbook"], t["step"], t["due"]) for t in mine] == [
        ("reorder", "reorder", "2026-11-23")
    ]
    assert run.query(
        "SELECT step, status, close_reason FROM touches WHERE playbook = 'new-customer'"
    ) == [("touch-base", "ended", "folded into the reorder call")]
    assert run.query("SELECT order_id FROM touches WHERE status = 'pending'") == [(order,)]


def test_a_refunded_first_order_gets_no_welcome_and_no_reorder_call(run: Cli) -> None:
    # GIVEN a first order of one serum, backordered at the company
    priya = run.add("Priya Shah", "--kind", "customer")
    order = run.order(priya, "SKN-SER-C", "--backorder", "SKN-SER-C", "--corporate")
    assert {p["playbook"] for p in run.pending(priya)} == {
        "new-customer",
        "reorder",
        "corporate-backorder",
    }

    # WHEN she is reached and chooses a refund
    call = run.only_pending(priya, "corporate-backorder")
    run.log(int(call["id"]), "reached", "--choice", "refund")

    # THEN nothing about the serum is left to say: no "has it started?", no verification,
    # no reorder call; the welcome and reorder calls end with the reason in her history
    pending = run.pending(priya)
    assert not [p for p in pending if p["playbook"] in ("new-customer", "reorder")]
    assert run.query(
        "SELECT playbook, status, close_reason FROM touches WHERE order_id = ?"
        " AND playbook IN ('new-customer', 'reorder') ORDER BY id",
        order,
    ) == [
        ("new-customer", "ended", "refunded before it arrived"),
        ("reorder", "ended", "refunded before it arrived"),
    ]
    assert run.show(priya)["deadlines"] == {}
    history = run.ok("show", str(priya))
    assert "(ended: refunded before it arrived)" in history


def test_a_refund_of_one_product_keeps_the_rest_followed(run: Cli) -> None:
    # GIVEN a first order of a serum (backordered at the company, day 40) and a detox kit
    # (day 14)
    priya = run.add("Priya Shah", "--kind", "customer")
    run.order(priya, "SKN-SER-C", "DTX-7", "--backorder", "SKN-SER-C", "--corporate")

    # WHEN the serum is refunded
    call = run.only_pending(priya, "corporate-backorder")
    run.log(int(call["id"]), "reached", "--choice", "refund")

    # THEN the kit is followed as before (welcome calls, its day-14 reorder call), and the
    # serum's day-40 reorder call is gone
    steps = [(p["playbook"], p["step"], p["due"]) for p in run.pending(priya)]
    assert steps == [
        ("new-customer", "touch-base", "2026-11-24"),
        ("reorder", "reorder", "2026-12-07"),
    ]
