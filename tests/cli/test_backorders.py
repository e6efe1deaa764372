"""Backorders, deliveries and reorder calls (DOMAIN.md, Backorder; issue 4, Orders, Backorders).

2026-11-20 is a Friday, 2026-11-23 (the tests' today) a Monday.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from followup_tui.db.engine import open_database
from followup_tui.paths import database_url
from followup_tui.services import scripts

from .conftest import TODAY, Cli, assert_refused


@pytest.fixture(autouse=True)
def weekends_only(run: Cli) -> None:
    """These dates count weekends alone: a country with no public holiday from 13 Nov to
    8 Dec (a US book skips Thanksgiving too: tests/cli/test_right_day.py)."""
    run.ok("settings", "country", "GB")


def customer(run: Cli, name: str = "Dana Whitfield") -> int:
    """A customer added three weeks ago: her rhythm call is not due this month."""
    return run.add(name, "--kind", "customer", today="2026-11-02")


def pending_of(run: Cli, contact_id: int, playbook: str) -> list[dict[str, Any]]:
    return [p for p in run.pending(contact_id) if p["playbook"] == playbook]


def backorders(run: Cli, today: str = TODAY) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = run.json("backorders", today=today)
    return found


def touch_row(run: Cli, touch_id: int) -> tuple[Any, ...]:
    [row] = run.query("SELECT status, closed_on, close_reason FROM touches WHERE id = ?", touch_id)
    return row


def script_text(run: Cli, touch_id: int, today: str = TODAY) -> str:
    """The rendered call script of a touch (no CLI shows it: straight from the services)."""
    db = open_database(database_url(str(run.db_path)))
    try:
        return scripts.script_for_touch(db, touch_id, date.fromisoformat(today)).text
    finally:
        db.dispose()


# --- local backorders ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ordered_on", "check_due", "deadline", "days_left"),
    [
        pytest.param("2026-11-23", "2026-12-03", "2026-12-07", 14, id="monday"),
        pytest.param("2026-11-20", "2026-12-02", "2026-12-04", 11, id="friday"),
        pytest.param("2026-11-19", "2026-12-01", "2026-12-03", 10, id="thursday"),
        pytest.param("2026-11-13", "2026-11-25", "2026-11-27", 4, id="two-weekends"),
    ],
)
def test_local_backorder_deadline_is_10_business_days_with_a_check_at_8(
    run: Cli, ordered_on: str, check_due: str, deadline: str, days_left: int
) -> None:
    # GIVEN a customer
    dana = customer(run)

    # WHEN a candle she ordered could not go home with her
    order_id = run.order(dana, "HOM-CND", "DTX-7", "--on", ordered_on, "--backorder", "HOM-CND")

    # THEN the backorders view lists it with its deadline and the days left
    assert backorders(run) == [
        {
            "order_id": order_id,
            "contact_id": dana,
            "name": "Dana Whitfield",
            "sku": "HOM-CND",
            "product": "Soy Candle, Linen and Cedar",
            "ordered_on": ordered_on,
            "deadline": deadline,
            "corporate": False,
            "choice": None,
            "days_left": days_left,
        }
    ]
    # AND a deadline check is due 8 business days after the order
    [check] = pending_of(run, dana, "backorder")
    assert (check["step"], check["due"], check["order_id"]) == (
        "deadline-check",
        check_due,
        order_id,
    )
    assert run.show(dana)["deadlines"] == {str(order_id): deadline}
    # AND only the candle is backordered
    assert run.query(
        "SELECT sku, backordered, corporate FROM order_lines WHERE order_id = ? ORDER BY sku",
        order_id,
    ) == [("DTX-7", 0, 0), ("HOM-CND", 1, 0)]


def test_days_left_counts_down_to_the_deadline(run: Cli) -> None:
    # GIVEN a backorder from Friday 20th, due Friday Dec 4
    dana = customer(run)
    run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")

    # THEN the days left follow the calendar, and go below zero once it is late
    assert [backorders(run, day)[0]["days_left"] for day in ("2026-12-02", "2026-12-04")] == [2, 0]
    assert backorders(run, "2026-12-07")[0]["days_left"] == -3


def test_backorders_are_listed_soonest_deadline_first(run: Cli) -> None:
    # GIVEN backorders recorded newest first, across three customers
    ann = customer(run, "Ann Young")
    bea = customer(run, "Bea Old")
    cat = customer(run, "Cat Middle")
    newest = run.order(ann, "SKN-EYE", "--backorder", "SKN-EYE")
    oldest = run.order(bea, "HOM-CND", "--on", "2026-11-16", "--backorder", "HOM-CND")
    middle = run.order(
        cat, "NUT-OM3", "--on", "2026-11-19", "--backorder", "NUT-OM3", "--corporate"
    )

    # WHEN the backorders are listed
    found = backorders(run)

    # THEN the soonest deadline comes first, corporate or not
    assert [(b["order_id"], b["deadline"], b["days_left"], b["corporate"]) for b in found] == [
        (oldest, "2026-11-30", 7, False),
        (middle, "2026-12-03", 10, True),
        (newest, "2026-12-07", 14, False),
    ]


def test_backorders_text(run: Cli) -> None:
    # GIVEN nothing backordered
    assert run.ok("backorders") == "No open backorders.\n"

    # WHEN a local and a corporate backorder are recorded
    dana = customer(run)
    cora = customer(run, "Cora Marsh")
    local = run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")
    corporate = run.order(cora, "SKN-SER-C", "--backorder", "SKN-SER-C", "--corporate")

    # THEN one line each, soonest deadline first, with the days left
    lines = run.ok("backorders").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"order #{local} Dana Whitfield")
    assert "Soy Candle, Linen and Cedar" in lines[0]
    assert lines[0].endswith("local     due 2026-12-04 (11 days left)")
    assert lines[1].startswith(f"order #{corporate} Cora Marsh")
    assert lines[1].endswith("corporate due 2026-12-07 (14 days left)")


def test_show_gives_the_backorder_days_left(run: Cli) -> None:
    # GIVEN a backorder from Friday 20th, due Friday Dec 4
    dana = customer(run)
    run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")

    # WHEN her card is shown on Monday 23rd
    out = run.ok("show", str(dana))

    # THEN the deadline comes with the days left
    assert "2026-12-04" in out
    assert "11 days left" in out


@pytest.mark.parametrize(
    ("today", "words"),
    [
        ("2026-12-03", "1 day left"),
        ("2026-12-04", "due today"),
        ("2026-12-05", "1 day late"),
        ("2026-12-07", "3 days late"),
    ],
)
def test_the_days_left_are_said_in_words_once_late(run: Cli, today: str, words: str) -> None:
    # GIVEN a backorder from Friday 20th, due Friday Dec 4
    dana = customer(run)
    run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")

    # THEN the list and her card say how long is left, or how late it is, never "-3 days"
    assert run.ok("backorders", today=today).rstrip().endswith(f"due 2026-12-04 ({words})")
    assert f"backorder due by 2026-12-04 ({words})" in run.ok("show", str(dana), today=today)


def test_backorders_text_columns_fit_long_order_ids_and_names(run: Cli) -> None:
    # GIVEN backorders on order #1 and order #10, for products of very different names
    dana = customer(run)
    cora = customer(run, "Cora Marsh-Featherstonehaugh")
    first = run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")
    for _ in range(8):
        run.order(dana, "DTX-7", "--on", "2026-11-20")
    tenth = run.order(cora, "SKN-EYE", "--backorder", "SKN-EYE")
    assert (first, tenth) == (1, 10)

    # WHEN the backorders are listed
    lines = run.ok("backorders").splitlines()

    # THEN every column starts at the same place on every line
    assert lines[0].startswith("order #1  Dana Whitfield ")
    assert lines[1].startswith("order #10 Cora Marsh-Featherstonehaugh ")
    for word in ("Soy Candle", "local", "due 2026-12-04"):
        assert word in lines[0]
    for words in (("Soy Candle", "Cooling Eye Gel"), ("local", "local"), ("due 2026-12-04", "due")):
        assert lines[0].index(words[0]) == lines[1].index(words[1]), lines
    assert lines[1].endswith("local due 2026-12-07 (14 days left)")


# --- corporate backorders --------------------------------------------------------------


def test_corporate_backorder_call_is_due_today_right_after_referrals(run: Cli) -> None:
    # GIVEN two referrals, an overdue lead and a customer's Day 1 call due today
    old_referral = run.add("Rhea Old", "--kind", "referral", today="2026-11-20")
    lead = run.add("Olga Lead", "--kind", "lead", today="2026-11-16")  # due 19th
    dana = run.add("Dana Whitfield", "--kind", "customer")
    run.order(dana, "DTX-7", "--on", "2026-11-22")  # touch base today
    new_referral = run.add("Rex New", "--kind", "referral")
    cora = customer(run, "Cora Marsh")

    # WHEN Cora's serum is backordered at the company
    order_id = run.order(cora, "SKN-SER-C", "--backorder", "SKN-SER-C", "--corporate")

    # THEN a call offering wait, substitute or refund is due today, right after the referrals
    today = run.today()
    assert [(t["contact_id"], t["playbook"]) for t in today] == [
        (old_referral, "referral"),
        (new_referral, "referral"),
        (cora, "corporate-backorder"),
        (lead, "lead"),
        (dana, "new-customer"),
    ]
    call = today[2]
    assert (call["step"], call["due"], call["overdue_days"], call["channel"]) == (
        "offer-options",
        TODAY,
        0,
        "call",
    )
    assert "wait, substitute or refund" in call["title"]
    [(touch_order,)] = run.query("SELECT order_id FROM touches WHERE id = ?", call["touch_id"])
    assert touch_order == order_id
    # AND a corporate backorder has no local deadline check
    assert pending_of(run, cora, "backorder") == []


def corporate_call(run: Cli, ordered_on: str = "2026-11-20") -> tuple[int, int, int]:
    """Cora's serum, ordered on `ordered_on`, is backordered at the company:
    (her id, the order id, the offer-options touch id, due today)."""
    cora = customer(run, "Cora Marsh")
    order_id = run.order(
        cora, "SKN-SER-C", "DTX-7", "--on", ordered_on, "--backorder", "SKN-SER-C", "--corporate"
    )
    [call] = pending_of(run, cora, "corporate-backorder")
    assert (call["step"], call["due"]) == ("offer-options", TODAY)
    return cora, order_id, int(call["id"])


def test_choosing_to_wait_keeps_the_backorder_open_with_a_deadline_check(run: Cli) -> None:
    # GIVEN a corporate backorder from Friday 20th
    cora, order_id, call = corporate_call(run)

    # WHEN she chooses to wait
    out = run.log(call, "reached", "--choice", "wait")

    # THEN the choice is stored, and a deadline check is due 8 business days after the order
    [check] = pending_of(run, cora, "backorder")
    assert (check["step"], check["due"], check["order_id"]) == (
        "deadline-check",
        "2026-12-02",
        order_id,
    )
    assert out == (
        f"Next: call {check['id']} · Cora Marsh: Backorder due soon: is it on its way to her?"
        " on 2026-12-02\n"
    )
    [b] = backorders(run)
    assert (b["order_id"], b["choice"], b["deadline"], b["days_left"], b["corporate"]) == (
        order_id,
        "wait",
        "2026-12-04",
        11,
        True,
    )
    assert run.query(
        "SELECT sku, backorder_choice FROM order_lines WHERE order_id = ? ORDER BY sku", order_id
    ) == [("DTX-7", None), ("SKN-SER-C", "wait")]
    assert touch_row(run, call)[0] == "done"
    [entry] = run.outcomes(cora)
    assert (entry["reach"], entry["note"]) == ("reached", "Chose to wait.")
    assert "chose wait" in run.ok("backorders")


@pytest.mark.parametrize("choice", ["substitute", "refund", "REFUND"])
def test_substitute_or_refund_closes_the_backorder(run: Cli, choice: str) -> None:
    # GIVEN a corporate backorder
    cora, order_id, call = corporate_call(run)

    # WHEN she takes a substitute (the night cream), or her money back
    replacement = ["--sku", "SKN-NGT"] if choice == "substitute" else []
    out = run.log(
        call, "reached", "--choice", choice, *replacement, "--note", "Told her on the phone"
    )

    # THEN a refund schedules nothing new: what comes next is the Day 1 call already
    # waiting; a substitute brings the night cream's own reorder call
    expected = "Reorder" if choice == "substitute" else "Touch base"
    assert out.startswith("Next: ") and expected in out, out
    assert pending_of(run, cora, "new-customer") != []
    # AND the choice is stored with the note, and the backorder is no longer open
    assert run.query(
        "SELECT backorder_choice FROM order_lines WHERE order_id = ? AND sku = ?",
        order_id,
        "SKN-NGT" if choice == "substitute" else "SKN-SER-C",
    ) == [(choice.lower(),)]
    [entry] = run.outcomes(cora)
    chose = "substitute: SKN-NGT" if choice == "substitute" else choice.lower()
    assert entry["note"] == f"Chose to {chose}. Told her on the phone"
    assert backorders(run) == []
    assert pending_of(run, cora, "backorder") == []
    assert pending_of(run, cora, "corporate-backorder") == []
    # AND her card shows no deadline for it any more, in either form
    assert run.show(cora)["deadlines"] == {}
    assert "backorder due by" not in run.ok("show", str(cora))


def test_waiting_keeps_the_deadline_on_her_card(run: Cli) -> None:
    # GIVEN a corporate backorder from Friday 20th (deadline Friday Dec 4)
    cora, order_id, call = corporate_call(run)

    # WHEN she chooses to wait
    run.log(call, "reached", "--choice", "wait")

    # THEN her card still shows the deadline, with the days left: it is still open
    assert run.show(cora)["deadlines"] == {str(order_id): "2026-12-04"}
    assert "backorder due by 2026-12-04 (11 days left)" in run.ok("show", str(cora))


def test_a_delivered_backorder_shows_no_deadline(run: Cli) -> None:
    # GIVEN a local backorder from Friday 20th
    dana = customer(run)
    order_id = run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")
    assert run.show(dana)["deadlines"] == {str(order_id): "2026-12-04"}

    # WHEN it is delivered
    run.ok("delivered", str(order_id))

    # THEN her card shows no deadline
    assert run.show(dana)["deadlines"] == {}


def test_a_choice_not_logged_keeps_the_call_going(run: Cli) -> None:
    # GIVEN a corporate backorder call
    cora, _, call = corporate_call(run)

    # WHEN she did not answer
    run.log(call, "no-answer")

    # THEN the call is tried again tomorrow, and the backorder stays open without a choice
    [retry] = pending_of(run, cora, "corporate-backorder")
    assert (retry["step"], retry["due"], retry["attempt"]) == ("offer-options", "2026-11-24", 2)
    assert [b["choice"] for b in backorders(run)] == [None]


@pytest.mark.parametrize(
    ("which", "args", "word"),
    [
        pytest.param("local", ["reached", "--choice", "wait"], "corporate", id="not-corporate"),
        pytest.param("corporate", ["reached", "--choice", "maybe"], "wait", id="bad-value"),
        pytest.param("corporate", ["no-answer", "--choice", "wait"], "reached", id="not-reached"),
        pytest.param("other", ["reached", "--choice", "refund"], "corporate", id="not-a-backorder"),
    ],
)
def test_a_choice_where_it_does_not_belong_is_refused(
    run: Cli, which: str, args: list[str], word: str
) -> None:
    # GIVEN a corporate backorder call, a local deadline check and a Day 1 call
    _, _, corporate = corporate_call(run)
    dana = run.add("Dana Whitfield", "--kind", "customer")
    run.order(dana, "HOM-CND", "--on", "2026-11-22", "--backorder", "HOM-CND")
    [local] = pending_of(run, dana, "backorder")
    [other] = pending_of(run, dana, "new-customer")
    touch = {"corporate": corporate, "local": local["id"], "other": other["id"]}[which]
    before = run.dump()

    # WHEN a choice is logged on the wrong touch, or a wrong choice
    result = run("log", str(touch), *args)

    # THEN it is refused with one line, and nothing is written
    assert_refused(result)
    assert word in result.err
    assert run.dump() == before


# --- delivered -----------------------------------------------------------------------------


def test_delivered_closes_the_backorder_and_its_touches(run: Cli) -> None:
    # GIVEN a local backorder and a corporate one she chose to wait for
    dana = customer(run)
    local = run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")
    [check] = pending_of(run, dana, "backorder")
    cora, corporate, call = corporate_call(run)
    run.log(call, "reached", "--choice", "wait")
    [waiting] = pending_of(run, cora, "backorder")
    assert len(backorders(run)) == 2

    # WHEN the candle arrives on Wednesday 25th
    out = run.ok("delivered", str(local), "--on", "2026-11-25", today="2026-11-26")

    # THEN nothing is printed, the order is delivered, and its check is ended
    assert out == ""
    assert run.query("SELECT delivered_on FROM orders WHERE id = ?", local) == [("2026-11-25",)]
    assert run.query("SELECT delivered_on FROM order_lines WHERE order_id = ?", local) == [
        ("2026-11-25",)
    ]
    assert touch_row(run, check["id"]) == ("ended", "2026-11-26", "delivered")
    assert [b["order_id"] for b in backorders(run, "2026-11-26")] == [corporate]
    # AND Dana, out of backorder calls, still has a next touch
    assert run.without_next_touch() == []

    # WHEN the serum arrives too, today (no --on)
    run.ok("delivered", str(corporate), today="2026-11-27")

    # THEN its deadline check ends, and nothing is open any more
    assert touch_row(run, waiting["id"]) == ("ended", "2026-11-27", "delivered")
    assert run.query("SELECT delivered_on FROM orders WHERE id = ?", corporate) == [("2026-11-27",)]
    assert backorders(run, "2026-11-27") == []
    assert run.ok("backorders", today="2026-11-27") == "No open backorders.\n"
    assert run.query(
        "SELECT count(*) FROM touches WHERE playbook IN ('backorder', 'corporate-backorder')"
        " AND status = 'pending'"
    ) == [(0,)]


def test_delivered_before_the_call_ends_the_corporate_backorder_call(run: Cli) -> None:
    # GIVEN a corporate backorder call not worked yet
    cora, order_id, call = corporate_call(run)

    # WHEN the order arrives anyway
    run.ok("delivered", str(order_id))

    # THEN there is nothing to offer any more: the call ends
    assert touch_row(run, call) == ("ended", TODAY, "delivered")
    assert pending_of(run, cora, "corporate-backorder") == []
    assert backorders(run) == []


@pytest.mark.parametrize(
    ("args", "word"),
    [
        pytest.param(["delivered", "99"], "99", id="unknown-order"),
        pytest.param(["delivered", "{order}", "--on", "2026-11-24"], "future", id="future"),
        pytest.param(["delivered", "{order}", "--on", "2026-11-19"], "before", id="before-order"),
        pytest.param(["delivered", "{order}", "--on", "2026-11-31"], "2026-11-31", id="bad-date"),
        pytest.param(["delivered", "zero"], "zero", id="not-an-id"),
    ],
)
def test_bad_delivered_is_refused_and_nothing_is_written(
    run: Cli, args: list[str], word: str
) -> None:
    # GIVEN an open backorder from Friday 20th
    dana = customer(run)
    order_id = run.order(dana, "HOM-CND", "--on", "2026-11-20", "--backorder", "HOM-CND")
    before = run.dump()

    # WHEN delivered names an unknown order or an impossible date
    result = run(*(a.replace("{order}", str(order_id)) for a in args))

    # THEN it is refused with one line, and nothing is written
    assert_refused(result)
    assert word in result.err
    assert run.dump() == before
    assert len(backorders(run)) == 1


# --- orders and reorders -------------------------------------------------------------------


def test_one_reorder_call_per_reorder_day(run: Cli) -> None:
    # GIVEN a customer whose first order was three weeks ago
    dana = customer(run)
    first_id = run.order(dana, "DTX-7", "--on", "2026-11-02")

    # WHEN she orders three products running out on day 30, one on day 35, one on day 45
    order_id = run.order(dana, "NUT-MV30", "NUT-SHK-VAN", "NUT-PRO", "NUT-OM3", "SKN-CLN")

    # THEN one reorder call per distinct day: the three day-30 products share one; the
    # first order's kit (day 14, already past) has its own call, due now
    reorders = pending_of(run, dana, "reorder")
    assert [(r["step"], r["due"], r["order_id"]) for r in reorders] == [
        ("reorder", "2026-11-23", first_id),
        ("reorder", "2026-12-23", order_id),
        ("reorder", "2026-12-28", order_id),
        ("reorder", "2027-01-07", order_id),
    ]
    assert run.query("SELECT count(*) FROM runs WHERE playbook = 'reorder'") == [(4,)]


def test_a_first_order_gives_each_reorder_day_its_own_reorder_call(run: Cli) -> None:
    # GIVEN a new customer
    dana = customer(run)

    # WHEN her first order holds a day-14 kit and two day-30 products
    run.order(dana, "DTX-7", "NUT-MV30", "NUT-PRO")

    # THEN the welcome calls carry no reorder: the day-14 kit and the day-30 products each
    # have a reorder call of their own, on their day
    assert run.query(
        "SELECT playbook, reorder_day FROM runs WHERE status = 'active'"
        " AND reorder_day IS NOT NULL ORDER BY reorder_day"
    ) == [("reorder", 14), ("reorder", 30)]
    assert [r["due"] for r in pending_of(run, dana, "reorder")] == ["2026-12-07", "2026-12-23"]
    assert all(p["step"] != "reorder" for p in pending_of(run, dana, "new-customer"))


def test_a_reorder_call_script_names_what_is_running_out(run: Cli) -> None:
    # GIVEN a customer who ordered two day-30 products and a day-35 one
    dana = customer(run)
    run.order(dana, "DTX-7", "--on", "2026-11-02")
    run.order(dana, "NUT-MV30", "NUT-PRO", "NUT-OM3")
    _kit, day_30, day_35 = pending_of(run, dana, "reorder")

    # WHEN the scripts of the two reorder calls are rendered
    first = script_text(run, int(day_30["id"]))
    second = script_text(run, int(day_35["id"]))

    # THEN each names the products running out that day, and only those
    assert "Daily Multivitamin Packs" in first
    assert "Probiotic Balance Capsules" in first
    assert "Omega-3" not in first
    assert "Omega-3 Softgels" in second
    assert "Daily Multivitamin Packs" not in second
    assert "Dana" in first
