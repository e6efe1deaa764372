"""`followup log`: every outcome is stored and decides what is due next (DOMAIN.md, Outcomes)."""

from __future__ import annotations

import pytest

from .conftest import TODAY, Cli


def new_customer(run: Cli, sku: str = "DTX-7") -> tuple[int, int]:
    """A customer who ordered yesterday: (contact id, her touch-base touch id, due today)."""
    customer = run.add("Dana Whitfield", "--kind", "customer", "--phone", "212-555-0147")
    run.order(customer, sku, "--on", "2026-11-22")
    touch = run.only_pending(customer)
    assert (touch["step"], touch["due"]) == ("touch-base", TODAY)
    return customer, int(touch["id"])


def touch_status(run: Cli, touch_id: int) -> str:
    [(status,)] = run.query("SELECT status FROM touches WHERE id = ?", touch_id)
    return str(status)


def test_all_good_schedules_the_next_step(run: Cli) -> None:
    # GIVEN a detox customer's Day 1 call
    customer, touch = new_customer(run)

    # WHEN she was reached and all is well
    out = run.log(touch, "reached", "--said", "all-good", "--note", "Started Sunday, feels great")

    # THEN the Day 3 verification is next, and the outcome is in her history
    nxt = run.only_pending(customer)
    assert (nxt["step"], nxt["due"]) == ("verification", "2026-11-25")
    assert out == f"Next: #{nxt['id']} Dana Whitfield: {nxt['title']} on 2026-11-25\n"
    assert touch_status(run, touch) == "done"
    [entry] = run.show(customer)["history"]
    assert (entry["occurred_on"], entry["reach"], entry["said"], entry["note"]) == (
        TODAY,
        "reached",
        "all-good",
        "Started Sunday, feels great",
    )


def test_reached_without_said_means_all_good(run: Cli) -> None:
    customer, touch = new_customer(run)

    run.log(touch, "reached")

    assert run.only_pending(customer)["step"] == "verification"


def test_home_products_skip_verification(run: Cli) -> None:
    # GIVEN a customer who bought a home product (no withdrawal, no breakouts)
    customer, touch = new_customer(run, "HOM-APC")

    # WHEN the Day 1 call went well
    run.log(touch, "reached", "--said", "all-good")

    # THEN Day 3 is skipped: the Day 5 confirmation is next, at low priority
    nxt = run.only_pending(customer)
    assert (nxt["step"], nxt["due"]) == ("confirmation", "2026-11-27")
    assert nxt["priority"] > 4


def test_issue_calls_again_in_two_days(run: Cli) -> None:
    customer, touch = new_customer(run)

    run.log(touch, "reached", "--said", "issue", "--note", "Headache on day 1")

    nxt = run.only_pending(customer)
    assert (nxt["step"], nxt["due"], nxt["is_issue"]) == ("issue", "2026-11-25", True)


def test_issue_adds_the_day_14_step(run: Cli) -> None:
    # GIVEN an issue on Day 1, sorted when called back
    customer, touch = new_customer(run)
    run.log(touch, "reached", "--said", "issue")
    issue = run.only_pending(customer)["id"]
    run.log(issue, "reached", "--said", "resolved", today="2026-11-25")

    # WHEN the rest of the playbook is worked, each on its day
    steps = []
    for _ in range(5):
        nxt = run.only_pending(customer, "new-customer")
        steps.append(nxt["step"])
        if nxt["step"] == "just-in-case":
            break
        run.log(nxt["id"], "reached", today=nxt["due"])

    # THEN the Day 14 just-in-case call is among them, no earlier than Day 14
    assert steps == ["verification", "confirmation", "relationship", "just-in-case"]
    assert run.only_pending(customer, "new-customer")["due"] >= "2026-12-06"


def test_not_started_reanchors_on_the_start_date(run: Cli) -> None:
    # GIVEN the Day 1 call
    customer, touch = new_customer(run)

    # WHEN she has not started, and will on Monday 30 November
    run.log(touch, "reached", "--said", "not-started", "--date", "2026-11-30")

    # THEN that day is her Day 3 (verification), and Day 5 follows two days later
    nxt = run.only_pending(customer)
    assert (nxt["step"], nxt["due"]) == ("verification", "2026-11-30")
    run.log(nxt["id"], "reached", today="2026-11-30")
    assert run.only_pending(customer)["due"] == "2026-12-02"


def test_call_on_a_date_schedules_that_date(run: Cli) -> None:
    customer, touch = new_customer(run)

    run.log(touch, "reached", "--said", "call-on", "--date", "2026-12-01")

    nxt = run.only_pending(customer)
    assert (nxt["step"], nxt["due"]) == ("call-back", "2026-12-01")


def test_relative_dates_are_understood(run: Cli) -> None:
    customer, touch = new_customer(run)

    run.log(touch, "reached", "--said", "call-on", "--date", "tomorrow")

    assert run.only_pending(customer)["due"] == "2026-11-24"


def test_wants_to_host_books_the_party_tomorrow(run: Cli) -> None:
    customer, touch = new_customer(run)

    run.log(touch, "reached", "--said", "wants-to-host")

    detail = run.show(customer)
    assert detail["contact"]["kind"] == "hostess"
    assert detail["kind_history"][-1][1:] == ["hostess", "wants-to-host"]
    book = run.only_pending(customer, "hostess")
    assert (book["step"], book["due"]) == ("book-the-party", "2026-11-24")


def test_wants_to_join_starts_the_prospect_playbook(run: Cli) -> None:
    customer, touch = new_customer(run)

    run.log(touch, "reached", "--said", "wants-to-join")

    assert run.show(customer)["contact"]["kind"] == "prospect"
    info = run.only_pending(customer, "prospect")
    assert (info["step"], info["due"], info["channel"]) == ("send-info", TODAY, "email")


def test_referral_creates_a_referral_due_today_and_first(run: Cli) -> None:
    # GIVEN a customer's Day 1 call, and a lead due today
    customer, touch = new_customer(run)
    run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")

    # WHEN she gives a referral
    run.log(touch, "reached", "--said", "referral", "--name", "  Xena   Ray ")

    # THEN Xena is a referral, referred by her, due today at the top of the list
    [xena] = [c for c in run.json("contacts") if c["name"] == "Xena Ray"]
    detail = run.show(xena["id"])
    assert (detail["contact"]["kind"], detail["contact"]["referred_by_id"]) == (
        "referral",
        customer,
    )
    assert detail["referred_by"] == "Dana Whitfield"
    first = run.today()[0]
    assert (first["contact_id"], first["playbook"], first["due"]) == (xena["id"], "referral", TODAY)
    # and the customer's own playbook goes on
    assert run.only_pending(customer)["step"] == "verification"


def test_reorder_records_an_order_without_restarting(run: Cli) -> None:
    # GIVEN a customer's Day 1 call on her first order
    customer, touch = new_customer(run)

    # WHEN she wants to reorder
    run.log(touch, "reached", "--said", "reorder")

    # THEN a second order of the same products is dated today, with its reorder call,
    # and new-customer goes on where it was
    orders = run.show(customer)["orders"]
    assert [o["ordered_on"] for o in orders] == [TODAY, "2026-11-22"]
    assert [line["sku"] for line in orders[0]["lines"]] == ["DTX-7"]
    assert run.only_pending(customer, "reorder")["due"] == "2026-12-07"
    assert run.only_pending(customer, "new-customer")["step"] == "verification"
    assert run.query("SELECT count(*) FROM touches WHERE step = 'touch-base'") == [(1,)]


def test_not_interested_ends_the_playbook_keeps_the_contact(run: Cli) -> None:
    # GIVEN a lead's Day 3 call
    lead = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")
    touch = run.only_pending(lead)["id"]

    # WHEN she is not interested
    run.log(touch, "reached", "--said", "not-interested")

    # THEN the lead playbook is over; she stays, with only a gentle reconnect, months away
    detail = run.show(lead)
    assert detail["contact"]["do_not_contact"] is False
    assert run.query("SELECT status FROM runs WHERE playbook = 'lead'") == [("ended",)]
    nxt = run.only_pending(lead)
    assert nxt["playbook"] != "lead"
    assert nxt["due"] >= "2027-01-01"


def test_do_not_contact_ends_everything(run: Cli) -> None:
    # GIVEN a customer with a backorder check and her Day 1 call pending
    customer, touch = new_customer(run)
    run.order(customer, "HOM-CND", "--backorder", "HOM-CND")
    assert len(run.pending(customer)) == 3

    # WHEN she asks not to be contacted
    out = run.log(touch, "reached", "--said", "do-not-contact")

    # THEN nothing is pending or scheduled, she is marked, and her record stays
    assert out == "Logged. Nothing new scheduled.\n"
    assert run.pending(customer) == []
    assert run.show(customer)["contact"]["do_not_contact"] is True
    assert run.json("contacts")[0]["do_not_contact"] is True
    assert run.query("SELECT count(*) FROM runs WHERE status = 'active'") == [(0,)]
    assert len(run.show(customer)["orders"]) == 2
    assert [h["said"] for h in run.show(customer)["history"]] == ["do-not-contact"]
    assert "[do not contact]" in run.ok("show", str(customer))


@pytest.mark.parametrize("reach", ["no-answer", "voicemail"])
def test_not_reached_customer_is_tried_again_tomorrow(run: Cli, reach: str) -> None:
    customer, touch = new_customer(run)

    run.log(touch, reach)

    nxt = run.only_pending(customer)
    assert (nxt["step"], nxt["due"], nxt["attempt"]) == ("touch-base", "2026-11-24", 2)


def test_not_reached_referral_is_tried_again_tomorrow(run: Cli) -> None:
    referral = run.add("Rita Moreno", "--kind", "referral")

    run.log(run.only_pending(referral)["id"], "no-answer")

    nxt = run.only_pending(referral)
    assert (nxt["playbook"], nxt["due"], nxt["attempt"]) == ("referral", "2026-11-24", 2)


def test_not_reached_lead_is_tried_again_14_days_later(run: Cli) -> None:
    lead = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")

    run.log(run.only_pending(lead)["id"], "no-answer")

    nxt = run.only_pending(lead)
    assert (nxt["step"], nxt["due"], nxt["attempt"]) == ("first-call", "2026-12-07", 2)


def test_overdue_touch_schedules_from_the_day_worked(run: Cli) -> None:
    # GIVEN a Day 1 call six days overdue
    customer = run.add("Dana Whitfield", "--kind", "customer", today="2026-11-16")
    run.order(customer, "DTX-7", today="2026-11-16")
    [late] = run.today()
    assert late["overdue_days"] == 6

    # WHEN it is worked today
    run.log(late["touch_id"], "reached")

    # THEN Day 3 keeps its two-day spacing from today, not from the order
    assert run.only_pending(customer)["due"] == "2026-11-25"


def test_worked_on_an_earlier_day(run: Cli) -> None:
    customer, touch = new_customer(run)

    run.log(touch, "reached", "--said", "issue", "--on", "2026-11-22")

    assert run.only_pending(customer)["due"] == "2026-11-24"
    assert run.show(customer)["history"][0]["occurred_on"] == "2026-11-22"


OUTCOMES: list[tuple[str, ...]] = [
    ("reached",),
    ("reached", "--said", "all-good"),
    ("reached", "--said", "issue"),
    ("reached", "--said", "resolved"),
    ("reached", "--said", "not-started", "--date", "+7"),
    ("reached", "--said", "call-on", "--date", "+7"),
    ("reached", "--said", "wants-to-host"),
    ("reached", "--said", "wants-to-join"),
    ("reached", "--said", "referral", "--name", "Xena Ray"),
    ("reached", "--said", "reorder"),
    ("reached", "--said", "not-interested"),
    ("reached", "--said", "do-not-contact"),
    ("no-answer",),
    ("voicemail",),
    ("texted",),
    ("emailed",),
    ("card-sent",),
]

KINDS = [
    "lead",
    "prospect",
    "customer",
    "hostess",
    "referral",
    "referral-partner",
    "circle",
    "team",
]


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: "-".join(o).replace("--", ""))
def test_every_active_contact_keeps_a_next_touch(run: Cli, outcome: tuple[str, ...]) -> None:
    # GIVEN one contact of every kind, plus a customer with an order, each with its first touch
    ids = {kind: run.add(f"Casey {kind}", "--kind", kind) for kind in KINDS}
    ids["buyer"] = run.add("Casey buyer", "--kind", "customer")
    run.order(ids["buyer"], "OTH-GIFT-SPA", "--on", "2026-11-22")

    # WHEN the first pending touch of each is worked with this outcome, on its day
    firsts = run.query(
        "SELECT contact_id, id, due_on FROM touches t WHERE status = 'pending' AND id ="
        " (SELECT id FROM touches WHERE contact_id = t.contact_id AND status = 'pending'"
        "  ORDER BY due_on, priority, id LIMIT 1) ORDER BY contact_id"
    )
    assert [contact_id for contact_id, _, _ in firsts] == sorted(ids.values())
    for contact_id, touch_id, due in firsts:
        when = max(TODAY, due)
        if "reorder" in outcome and contact_id != ids["buyer"]:
            # Nothing was ever ordered: there is nothing to reorder, and it is refused.
            refused = run("log", str(touch_id), *outcome, today=when)
            assert refused.code == 2
            assert "no earlier order" in refused.err
            continue
        run.log(touch_id, *outcome, today=when)

    # THEN every contact not marked do-not-contact still has a pending touch
    assert run.without_next_touch() == []
    marked = run.query("SELECT count(*) FROM contacts WHERE do_not_contact")
    assert marked == [(len(ids) if "do-not-contact" in outcome else 0,)]
