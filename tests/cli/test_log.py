"""`followup log`: every outcome is stored and decides what is due next (DOMAIN.md, Outcomes)."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import TODAY, Cli


def new_customer(run: Cli, sku: str = "DTX-7") -> tuple[int, int]:
    """A customer who ordered yesterday: (contact id, her touch-base touch id, due today)."""
    customer = run.add("Dana Whitfield", "--kind", "customer", "--phone", "212-555-0147")
    run.order(customer, sku, "--on", "2026-11-22")
    touch = run.only_pending(customer, "new-customer")
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
    assert out == f"Next: call {nxt['id']} · Dana Whitfield: {nxt['title']} on 2026-11-25\n"
    assert touch_status(run, touch) == "done"
    [entry] = run.outcomes(customer)
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
    # GIVEN a customer with a backorder check, two reorder calls and her Day 1 call pending
    customer, touch = new_customer(run)
    run.order(customer, "HOM-CND", "--backorder", "HOM-CND")
    assert len(run.pending(customer)) == 4

    # WHEN she asks not to be contacted
    out = run.log(touch, "reached", "--said", "do-not-contact")

    # THEN nothing is pending or scheduled, she is marked, and her record stays
    assert out == "Logged. Nothing new scheduled.\n"
    assert run.pending(customer) == []
    assert run.show(customer)["contact"]["do_not_contact"] is True
    assert run.json("contacts")[0]["do_not_contact"] is True
    assert run.query("SELECT count(*) FROM runs WHERE status = 'active'") == [(0,)]
    assert len(run.show(customer)["orders"]) == 2
    assert [h["said"] for h in run.outcomes(customer)] == ["do-not-contact"]
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
    assert run.outcomes(customer)[0]["occurred_on"] == "2026-11-22"


OUTCOMES: list[tuple[str, ...]] = [
    ("reached",),
    ("reached", "--said", "all-good"),
    ("reached", "--said", "issue"),
    ("reached", "--said", "resolved"),
    ("reached", "--said", "not-started", "--date", "+7"),
    ("reached", "--said", "call-on", "--date", "+7"),
    ("reached", "--said", "meeting", "--date", "+7"),
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

REFERRED = ["Xena Ray", "Yuri Stone", "Wanda Pike", "Ulla Berg", "Tess Lamb", "Sven Holt",
            "Rita Oaks", "Quinn Vale", "Pia Moss", "Olga Reed"]  # fmt: skip

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
    referred = list(REFERRED)
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
        if "meeting" in outcome and contact_id != ids["prospect"]:
            # Only a prospect's calls set meetings; anyone else's is refused.
            refused = run("log", str(touch_id), *outcome, today=when)
            assert refused.code == 2
            assert "prospect" in refused.err
            continue
        if "referral" in outcome:
            # A different person each time: the same name twice is refused as a duplicate.
            outcome = (*outcome[:-1], referred.pop())
        run.log(touch_id, *outcome, today=when)

    # THEN every contact not marked do-not-contact still has a pending touch
    assert run.without_next_touch() == []
    marked = run.query("SELECT count(*) FROM contacts WHERE do_not_contact")
    assert marked == [(len(ids) if "do-not-contact" in outcome else 0,)]


# --- what a log reports as next ---------------------------------------------------------


def test_a_touch_planned_and_ended_by_the_same_log_is_not_reported(run: Cli) -> None:
    # GIVEN a lead's Day 3 call
    lead = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")
    touch = run.only_pending(lead)["id"]

    # WHEN she wants to host: the lead's next call is planned, then gives way to the party
    out = run.log(touch, "reached", "--said", "wants-to-host")

    # THEN only what is still waiting is reported: booking the party tomorrow
    book = run.only_pending(lead)
    assert book["step"] == "book-the-party"
    assert out == f"Next: call {book['id']} · Lena Ford: {book['title']} on 2026-11-24\n"
    ended = run.query("SELECT id FROM touches WHERE status = 'ended'")
    assert ended and all(f"#{touch_id} " not in out for (touch_id,) in ended)


def test_logged_says_what_is_next_when_the_log_scheduled_nothing(run: Cli) -> None:
    from followup_tui.db.engine import open_database
    from followup_tui.domain.model import Outcome, Reach
    from followup_tui.services import calls

    # GIVEN a customer with her Day 1 call today and a backorder check, its only step
    customer, _ = new_customer(run)
    run.order(customer, "HOM-CND", "--backorder", "HOM-CND")
    check = run.only_pending(customer, "backorder")
    db = open_database(f"sqlite:///{run.db_path}")
    try:
        # WHEN the check is worked: its playbook is done, nothing new is scheduled
        logged = calls.log_outcome(db, int(check["id"]), Outcome(Reach.REACHED), date(2026, 11, 23))
    finally:
        db.dispose()

    # THEN the log still says what is next for her: the Day 1 call, already waiting
    assert logged.scheduled == ()
    soonest = run.pending(customer)[0]
    assert soonest["step"] == "touch-base"
    assert [(s.touch_id, s.name, s.title, s.due) for s in logged.next_up] == [
        (soonest["id"], "Dana Whitfield", soonest["title"], date(2026, 11, 23))
    ]
    assert logged.what_next == logged.next_up


def test_logged_next_up_is_the_soonest_pending_touch(run: Cli) -> None:
    from followup_tui.db.engine import open_database
    from followup_tui.domain.model import Outcome, Reach
    from followup_tui.services import calls

    customer, touch = new_customer(run)
    db = open_database(f"sqlite:///{run.db_path}")
    try:
        logged = calls.log_outcome(db, touch, Outcome(Reach.REACHED), date(2026, 11, 23))
    finally:
        db.dispose()

    nxt = run.pending(customer)[0]
    assert [s.touch_id for s in logged.scheduled] == [nxt["id"]]
    assert logged.next_up == logged.scheduled == logged.what_next


# --- dates given with an outcome --------------------------------------------------------


@pytest.mark.parametrize(
    "outcome",
    [
        ("reached", "--said", "all-good"),
        ("reached",),
        ("texted",),
        ("no-answer",),
        ("reached", "--said", "wants-to-host"),
    ],
    ids=lambda o: "-".join(o).replace("--", ""),
)
def test_a_date_for_an_outcome_that_takes_none_is_refused(
    run: Cli, outcome: tuple[str, ...]
) -> None:
    # GIVEN the Day 1 call
    customer, touch = new_customer(run)
    before = run.dump()

    # WHEN it is logged with a date the outcome has no use for
    err = run.fails("log", str(touch), *outcome, "--date", "2026-12-01")

    # THEN it is refused, saying which outcomes take one, and nothing is written
    assert "takes no --date" in err and "not-started, call-on, meeting" in err
    assert run.dump() == before


def test_history_shows_the_date_said(run: Cli) -> None:
    # GIVEN the Day 1 call: not started, she starts on Saturday December 5th
    customer, touch = new_customer(run)
    run.log(touch, "reached", "--said", "not-started", "--date", "2026-12-05")

    # WHEN her card is read / THEN the history holds the date said
    [entry] = run.outcomes(customer)
    assert (entry["said"], entry["said_date"]) == ("not-started", "2026-12-05")


# --- a prospect's next meeting ----------------------------------------------------------


def a_prospect_at_next_step(run: Cli) -> tuple[int, int]:
    """A prospect met on Monday the 16th, info sent: (contact id, the next-step touch id)."""
    prospect = run.add("Priya Shah", "--kind", "prospect", today="2026-11-16")
    run.log(run.only_pending(prospect)["id"], "emailed", today="2026-11-16")
    nxt = run.only_pending(prospect)
    assert (nxt["step"], nxt["due"]) == ("next-step", "2026-11-19")
    return prospect, int(nxt["id"])


def test_a_meeting_set_is_confirmed_the_day_before_and_followed_up_after(run: Cli) -> None:
    # GIVEN a prospect's next-step call
    prospect, touch = a_prospect_at_next_step(run)

    # WHEN it sets the next meeting for Thursday December 3rd
    out = run.log(touch, "reached", "--said", "meeting", "--date", "2026-12-03")

    # THEN a text confirms it the day before
    confirm = run.only_pending(prospect)
    assert (confirm["step"], confirm["due"], confirm["channel"]) == (
        "confirm-meeting",
        "2026-12-02",
        "text",
    )
    assert out == f"Next: call {confirm['id']} · Priya Shah: {confirm['title']} on 2026-12-02\n"
    detail = run.show(prospect)
    assert [(h["said"], h["said_date"]) for h in detail["history"]][0] == (
        "meeting",
        "2026-12-03",
    )
    # AND the reminder's script names the meeting day
    from followup_tui.db.engine import open_database
    from followup_tui.services import scripts

    db = open_database(f"sqlite:///{run.db_path}")
    try:
        script = scripts.script_for_touch(db, int(confirm["id"]), date(2026, 11, 23))
    finally:
        db.dispose()
    assert "tomorrow, Thursday 3 December" in script.text
    # AND once confirmed: the information after the meeting, then the next step
    run.log(confirm["id"], "texted", today="2026-12-02")
    info = run.only_pending(prospect)
    assert (info["step"], info["due"]) == ("send-info", "2026-12-03")
    run.log(info["id"], "emailed", today="2026-12-03")
    nxt = run.only_pending(prospect)
    assert (nxt["step"], nxt["due"]) == ("next-step", "2026-12-06")


def test_a_meeting_is_refused_off_a_prospects_calls(run: Cli) -> None:
    customer, touch = new_customer(run)
    before = run.dump()

    err = run.fails("log", str(touch), "reached", "--said", "meeting", "--date", "2026-12-03")

    assert "prospect" in err
    assert run.dump() == before


def test_a_meeting_needs_its_date(run: Cli) -> None:
    prospect, touch = a_prospect_at_next_step(run)

    err = run.fails("log", str(touch), "reached", "--said", "meeting")

    assert "meeting needs --date" in err
