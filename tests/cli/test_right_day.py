"""Every call on the right day (issue 14), driven through the command line with --today
moving through the weeks."""

from __future__ import annotations

import pytest

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
    # GIVEN a corporate backorder on Monday 23 Nov (deadline: 10 business days, with
    # Thanksgiving on the 26th: 8 Dec)
    priya = run.add("Priya Shah", "--kind", "customer")
    order = run.order(priya, "SKN-SER-C", "--backorder", "SKN-SER-C", "--corporate")
    # WHEN nobody answers her call, five days running
    for today in ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"):
        call = run.only_pending(priya, "corporate-backorder")
        run.log(int(call["id"]), "no-answer", today=today)
    # THEN the deadline check is waiting, two business days before the deadline
    check = run.only_pending(priya, "backorder")
    assert (check["step"], check["due"]) == ("deadline-check", "2026-12-04")
    # ... and stays however often she cannot be reached, until the item arrives
    for today in ("2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07"):
        run.log(int(run.only_pending(priya, "backorder")["id"]), "no-answer", today=today)
    assert run.only_pending(priya, "backorder")["due"] == "2026-12-08"
    run.ok("delivered", str(order), today="2026-12-08")
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


# --- the inactive customer's 90th day ----------------------------------------------------


def test_a_quiet_customer_is_called_on_her_90th_day_not_at_the_next_check_in(run: Cli) -> None:
    # GIVEN a customer between playbooks (customer care) whose last order was on 2 Mar
    dana = run.add("Dana Whitfield", "--kind", "customer", today="2026-03-02")
    check_in = run.only_pending(dana, "customer-care")
    assert check_in["due"] == "2026-04-13"  # six weeks on
    # WHEN the six-weekly check-ins go unanswered, each worked on its day
    for _ in range(3):
        call = run.only_pending(dana, "customer-care")
        run.log(int(call["id"]), "no-answer", today=call["due"])
    second = run.only_pending(dana, "customer-care")
    assert second["due"] == "2026-05-27"  # Day 86: before she goes quiet
    for _ in range(3):
        call = run.only_pending(dana, "customer-care")
        run.log(int(call["id"]), "no-answer", today=call["due"])
    # THEN the re-engage call is on her 90th quiet day (31 May), the next check-in gone
    (call,) = run.pending(dana)
    assert (call["playbook"], call["step"], call["due"]) == (
        "inactive-customer",
        "re-engage",
        "2026-05-31",
    )
    assert run.query(
        "SELECT status, close_reason FROM touches WHERE playbook = 'customer-care'"
        " AND status = 'ended'"
    ) == [("ended", "now inactive customer")]


def test_a_check_in_worked_after_her_90th_day_is_not_followed_the_same_day(run: Cli) -> None:
    # GIVEN a customer's check-in left unworked past her 90th quiet day
    dana = run.add("Dana Whitfield", "--kind", "customer", today="2026-03-02")
    run.ok("later", str(run.only_pending(dana)["id"]), "--to", "2026-06-05", today="2026-04-13")
    # WHEN it is tried then, and not answered
    run.log(int(run.only_pending(dana)["id"]), "no-answer", today="2026-06-05")
    # THEN the re-engage call comes the next day, never the day of that check-in
    (call,) = run.pending(dana)
    assert (call["playbook"], call["due"]) == ("inactive-customer", "2026-06-06")


def test_a_quiet_customer_reached_again_is_back_on_customer_care(run: Cli) -> None:
    # GIVEN a customer gone quiet: her check-in, moved past her 90th day, unanswered
    dana = run.add("Dana Whitfield", "--kind", "customer", today="2026-01-05")
    run.ok("later", str(run.only_pending(dana)["id"]), "--to", "2026-04-10", today="2026-02-16")
    run.log(int(run.only_pending(dana)["id"]), "no-answer", today="2026-04-10")
    re_engage = run.only_pending(dana)
    assert re_engage["playbook"] == "inactive-customer"
    # WHEN the re-engage call reaches her
    run.log(int(re_engage["id"]), "reached", today=re_engage["due"])
    # THEN she is a customer between playbooks again: a check-in six weeks on
    assert re_engage["due"] == "2026-04-11"
    (call,) = run.pending(dana)
    assert (call["playbook"], call["due"]) == ("customer-care", "2026-05-23")


# --- three-three-three from the first contact --------------------------------------------


def test_three_three_three_started_late_counts_from_the_day_they_met(run: Cli) -> None:
    # GIVEN a lead met on 2 Nov, put on three-three-three on 23 Nov
    jenna = run.add("Jenna Brooks", "--kind", "circle", "--met-on", "2026-11-02")
    run.ok("start", str(jenna), "three-three-three")
    # THEN Day 3 has passed: due now, not three days from today
    first = run.only_pending(jenna, "three-three-three")
    assert (first["step"], first["due"]) == ("three-days", "2026-11-23")
    # WHEN it is worked today / THEN three weeks from the day they met: today + 1, as
    # Day 21 (23 Nov) is today
    run.log(int(first["id"]), "reached")
    second = run.only_pending(jenna, "three-three-three")
    assert (second["step"], second["due"]) == ("three-weeks", "2026-11-24")
    # WHEN that is worked the next day / THEN three months from the day they met (a day
    # on: the three-weeks call, caught up a day after its day, was worked late)
    run.log(int(second["id"]), "reached", today="2026-11-24")
    third = run.only_pending(jenna, "three-three-three")
    assert (third["step"], third["due"]) == ("three-months", "2027-02-03")


def test_three_three_three_without_a_meeting_day_counts_from_the_first_call(run: Cli) -> None:
    sam = run.add("Sam Ortiz", "--kind", "circle", today="2026-11-02")
    circle_call = run.only_pending(sam)
    run.ok("later", str(circle_call["id"]), "--to", "2026-11-10", today="2026-11-02")
    run.log(int(circle_call["id"]), "reached", today="2026-11-10")
    run.ok("start", str(sam), "three-three-three", today="2026-11-20")
    first = run.only_pending(sam, "three-three-three")
    # added 2 Nov (before the first call on 10 Nov): Day 3 passed, due the day started
    assert (first["step"], first["due"]) == ("three-days", "2026-11-20")


# --- working days and holidays ------------------------------------------------------------


def test_working_days_setting_moves_a_sunday_call_to_monday(run: Cli) -> None:
    # GIVEN she makes calls Monday to Saturday
    run.ok("settings", "working_days", "mon-sat")
    assert run.json("settings")["working_days"] == "mon,tue,wed,thu,fri,sat"
    # WHEN she meets a lead on Thursday 3 Dec (Day 3 is a Sunday)
    jenna = run.add("Jenna Brooks", "--kind", "lead", "--met-on", "2026-12-03", today="2026-12-03")
    # THEN the first call is on Monday
    assert run.only_pending(jenna)["due"] == "2026-12-07"


def test_working_days_keep_the_fixed_days_of_a_saturday_party(run: Cli) -> None:
    run.ok("settings", "working_days", "mon,tue,wed,thu,fri")
    carmen = run.add("Carmen Silva", "--kind", "hostess")
    party = run.ok("party", "new", str(carmen), "--on", "2026-12-05").strip()
    olivia = run.add("Olivia Chen", "--kind", "lead")
    run.ok("party", "guest", party, str(olivia))
    hostess_calls = {p["step"]: p["due"] for p in run.pending(carmen) if p["playbook"] == "party"}
    # the week before (a Saturday) moves to Monday; the day before and the morning after
    # (a Sunday) keep their days
    assert hostess_calls == {
        "excitement": "2026-11-30",
        "jitters": "2026-12-04",
        "morning-after": "2026-12-06",
    }
    guest = [p for p in run.pending(olivia) if p["playbook"] == "party"]
    assert [g["due"] for g in guest] == ["2026-12-06"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("funday", "working_days: 'funday' is not a day of the week"),
        ("mon,,blue", "working_days: 'blue' is not a day of the week"),
    ],
)
def test_working_days_she_cannot_mean_are_refused(run: Cli, value: str, message: str) -> None:
    run.add("Jenna Brooks", "--kind", "lead")
    before = run.dump()
    err = run.fails("settings", "working_days", value)
    assert message in err
    assert run.dump() == before


def test_a_backorder_deadline_skips_the_us_holidays(run: Cli) -> None:
    # GIVEN an order on Friday 18 Dec with an item backordered, in the US (her phone region)
    priya = run.add("Priya Shah", "--kind", "customer", today="2026-12-18")
    run.order(priya, "SKN-SER-C", "--backorder", "SKN-SER-C", today="2026-12-18")
    # THEN ten business days end on Tuesday 5 Jan (Christmas and New Year's Day skipped)
    (backorder,) = run.json("backorders", today="2026-12-18")
    assert backorder["deadline"] == "2027-01-05"
    assert [p["due"] for p in run.pending(priya) if p["playbook"] == "backorder"] == ["2026-12-31"]
    # WHEN her country is Great Britain / THEN Boxing Day (observed on the 28th) counts too
    run.ok("settings", "country", "gb")
    (backorder,) = run.json("backorders", today="2026-12-18")
    assert backorder["deadline"] == "2027-01-06"


def test_an_unknown_holiday_country_is_refused(run: Cli) -> None:
    err = run.fails("settings", "country", "XX")
    assert "a two-letter country code whose holidays are known" in err


# --- team events remind the right people ---------------------------------------------------


def test_an_appointment_reminds_the_senior_partner_it_is_with(run: Cli) -> None:
    # GIVEN two senior partners on the team
    ana = run.add("Ana Reyes", "--kind", "team", "--level", "senior-partner")
    bea = run.add("Bea Kim", "--kind", "team", "--level", "senior-partner")
    before = run.dump()
    # WHEN an appointment is entered without saying whose / THEN one line asks which
    err = run.fails("event", "new", "appointment", "--on", "2026-12-08")
    assert f"whose appointment is it? say --with ID: Ana Reyes (#{ana}), Bea Kim (#{bea})" in err
    assert run.dump() == before
    # WHEN it names Bea / THEN Bea alone is reminded, one text on Monday (the week-of text
    # and the day-before confirmation meet there), and a debrief after
    run.ok("event", "new", "appointment", "--on", "2026-12-08", "--with", str(bea))
    assert {p["step"] for p in run.pending(ana)} == {"catch-up"}
    steps = [
        (p["step"], p["due"])
        for p in run.pending(bea)
        if p["playbook"] == "team-senior-partner" and p["step"] != "catch-up"
    ]
    assert steps == [("confirm", "2026-12-07"), ("debrief", "2026-12-09")]
    assert run.query("SELECT DISTINCT contact_id FROM runs WHERE event_id IS NOT NULL") == [(bea,)]


def test_an_appointment_with_the_teams_only_senior_partner_needs_no_with(run: Cli) -> None:
    ana = run.add("Ana Reyes", "--kind", "team", "--level", "senior-partner")
    run.ok("event", "new", "appointment", "--on", "2026-12-10")
    assert {p["step"] for p in run.pending(ana) if p["playbook"] == "team-senior-partner"} >= {
        "week-of",
        "confirm",
        "debrief",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--with", "{lead}"], "Jo Lead is not a senior partner: an appointment is with one"),
        (["--with", "999"], "no contact with id 999"),
    ],
)
def test_an_appointment_with_someone_else_is_refused(
    run: Cli, args: list[str], message: str
) -> None:
    run.add("Ana Reyes", "--kind", "team", "--level", "senior-partner")
    lead = run.add("Jo Lead", "--kind", "lead")
    args = [a.format(lead=lead) for a in args]
    err = run.fails("event", "new", "appointment", "--on", "2026-12-10", *args)
    assert message in err


def test_with_is_for_an_appointment(run: Cli) -> None:
    ana = run.add("Ana Reyes", "--kind", "team", "--level", "senior-partner")
    err = run.fails("event", "new", "team-event", "--on", "2026-12-10", "--with", str(ana))
    assert "--with names whose appointment it is" in err


def test_events_and_broadcasts_leave_out_who_said_no(run: Cli) -> None:
    # GIVEN two new partners and two leads, one of each said not interested
    keen = run.add("Kim Keen", "--kind", "team")
    done = run.add("Dee Done", "--kind", "team")
    lead = run.add("Lee Lead", "--kind", "lead")
    no = run.add("Nora No", "--kind", "lead")
    gone = run.add("Gus Gone", "--kind", "lead")
    for who in (done, no):
        call = run.pending(who)[0]
        run.log(int(call["id"]), "reached", "--said", "not-interested", today=call["due"])
    # WHEN a team event and a new catalogue are entered
    run.ok("event", "new", "team-event", "--on", "2026-12-10")
    run.ok("event", "new", "new-catalogue", "--on", "2026-12-01")
    # THEN those who said no hear of neither
    reminded = {
        contact_id
        for (contact_id,) in run.query(
            "SELECT DISTINCT r.contact_id FROM runs r WHERE r.event_id IS NOT NULL"
        )
    }
    assert reminded == {keen, lead, gone}
