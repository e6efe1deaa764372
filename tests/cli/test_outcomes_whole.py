"""Outcomes that do all they say (issue 13): a reorder with no earlier order, a
substitute's replacement, a referral captured whole and thanked for, no means no."""

from __future__ import annotations

from followup_tui.services import calls

from .conftest import Cli


def test_a_reorder_with_no_earlier_order_records_the_products_she_names(run: Cli) -> None:
    # GIVEN Linda, in her circle, with no order ever
    linda = run.add("Linda Nguyen", "--kind", "circle")
    call = run.only_pending(linda)
    # WHEN she says "reorder" and nothing names the products
    err = run.fails("log", str(call["id"]), "reached", "--said", "reorder")
    # THEN it is refused in one line that says what to add, and the call stays
    assert "no earlier order to repeat: say what she orders (--sku SKU)" in err
    assert run.only_pending(linda)["id"] == call["id"]
    # WHEN the products are named, two of one
    run.log(int(call["id"]), "reached", "--said", "reorder", "--sku", "nut-mv30",
            "--sku", "NUT-MV30", "--sku", "DTX-TEA")  # fmt: skip
    # THEN the order is recorded with the log, and she is a customer with its calls
    assert run.query(
        "SELECT l.sku, l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id"
        " WHERE o.contact_id = ? ORDER BY l.sku", linda
    ) == [("DTX-TEA", 1), ("NUT-MV30", 2)]  # fmt: skip
    assert run.show(linda)["contact"]["kind"] == "customer"
    assert "reorder" in {p["playbook"] for p in run.pending(linda)}


def test_sku_belongs_to_a_reorder_or_a_substitute(run: Cli) -> None:
    dana = run.add("Dana Whitfield", "--kind", "lead")
    call = run.only_pending(dana)
    before = run.dump()
    err = run.fails("log", str(call["id"]), "reached", "--sku", "DTX-7")
    assert "--sku is for a reorder (--said reorder) or a substitute" in err
    err = run.fails("log", str(call["id"]), "reached", "--said", "reorder", "--sku", "NOPE-1")
    assert "NOPE-1" in err
    assert run.dump() == before


def test_a_substitute_becomes_the_order_line_and_her_calls_are_about_it(run: Cli) -> None:
    # GIVEN a corporate backorder of the vitamin C serum (reorder day 40)
    priya = run.add("Priya Shah", "--kind", "customer")
    order = run.order(priya, "SKN-SER-C", "--backorder", "SKN-SER-C", "--corporate")
    call = run.only_pending(priya, "corporate-backorder")
    before = run.dump()
    # WHEN she chooses a substitute without naming it: refused, nothing written
    err = run.fails("log", str(call["id"]), "reached", "--choice", "substitute")
    assert "a substitute needs the one replacement product (--sku SKU)" in err
    assert run.dump() == before
    # WHEN she takes the night cream instead (reorder day 60)
    run.log(int(call["id"]), "reached", "--choice", "substitute", "--sku", "SKN-NGT")
    # THEN the order line is the night cream, at its price, and the backorder is closed
    assert run.query("SELECT sku, backorder_choice FROM order_lines WHERE order_id = ?", order) == [
        ("SKN-NGT", "substitute")
    ]
    assert run.json("backorders") == []
    # AND her reorder call is on the night cream's day, not the serum's
    reorders = [p for p in run.pending(priya) if p["playbook"] == "reorder"]
    assert [p["due"] for p in reorders] == ["2027-01-22"]


def test_a_referral_is_captured_whole_and_the_referrer_thanked(run: Cli) -> None:
    # GIVEN Sally, a customer, on a call
    sally = run.add("Sally Jensen", "--kind", "customer")
    call = run.only_pending(sally)
    # WHEN she gives a referral with a phone and a line about her
    bad = run.fails("log", str(call["id"]), "reached", "--said", "referral", "--name", "Holly",
                    "--phone", "12")  # fmt: skip
    assert "phone" in bad
    run.log(int(call["id"]), "reached", "--said", "referral", "--name", "Holly Rossi",
            "--phone", "202-555-0147", "--email", "Holly@Example.com",
            "--about", "Sally's neighbour, loves candles")  # fmt: skip
    # THEN Holly is on record with her number, her email and the line on her card
    [(holly, phone, email)] = run.query(
        "SELECT id, phone, email FROM contacts WHERE name = 'Holly Rossi'"
    )
    assert (phone, email) == ("+12025550147", "Holly@example.com")
    assert [n["body"] for n in run.show(holly)["notes"]] == ["Sally's neighbour, loves candles"]
    first = run.only_pending(holly)
    assert first["playbook"] == "referral"
    # AND Sally is not thanked before Holly is reached
    run.log(int(first["id"]), "no-answer")
    assert "thank-referrer" not in {p["playbook"] for p in run.pending(sally)}
    # WHEN Holly is reached and glad to hear from us, the next day
    retry = run.only_pending(holly)
    run.log(int(retry["id"]), "reached", today="2026-11-24")
    # THEN Sally gets one thank-you call, naming Holly
    [thanks] = [p for p in run.show(sally, today="2026-11-24")["pending"]
                if p["playbook"] == "thank-referrer"]  # fmt: skip
    assert thanks["title"] == "Thank them for referring Holly: say how it went"
    assert thanks["due"] == "2026-11-24"
    # AND Holly is a lead now, with Day 3 "did you look at the web shop?"
    assert run.show(holly, today="2026-11-24")["contact"]["kind"] == "lead"
    nxt = run.only_pending(holly)
    assert (nxt["playbook"], nxt["step"], nxt["due"]) == ("lead", "first-call", "2026-11-27")


def test_referral_details_need_a_referral(run: Cli) -> None:
    dana = run.add("Dana Whitfield", "--kind", "lead")
    call = run.only_pending(dana)
    err = run.fails("log", str(call["id"]), "reached", "--phone", "202-555-0147")
    assert "--phone, --email and --about are for a referral" in err


def test_said_no_shows_on_show(run: Cli) -> None:
    olivia = run.add("Olivia Chen", "--kind", "lead")
    run.log(int(run.only_pending(olivia)["id"]), "reached", "--said", "not-interested")
    text = run.ok("show", str(olivia))
    assert "said not interested on 23 Nov: only a gentle reconnect, 90 days on" in text
    assert run.show(olivia)["contact"]["said_no_on"] == "2026-11-23"
    [reconnect] = run.pending(olivia)
    assert reconnect["due"] >= "2027-02-21"


def test_undo_takes_back_the_shells_last_log_skip_or_later(run: Cli) -> None:
    dana = run.add("Dana Whitfield", "--kind", "lead")
    call = run.only_pending(dana)
    # Nothing done from the shell yet: nothing to undo
    assert "nothing to undo" in run.fails("undo")
    # A log is taken back: the call is waiting again, the log gone from her history
    run.log(int(call["id"]), "reached", "--note", "liked the catalogue")
    assert run.ok("undo").startswith("Undone: the log of call")
    assert run.only_pending(dana)["id"] == call["id"]
    assert run.outcomes(dana) == []
    # ... but what was typed about her stays, as a note
    assert [n["body"] for n in run.show(dana)["notes"]] == ["liked the catalogue"]
    # Once only
    assert "nothing to undo" in run.fails("undo")
    # A skip, with what it scheduled
    run.ok("skip", str(call["id"]), "--reason", "met her in town")
    assert run.only_pending(dana)["id"] != call["id"]
    run.ok("undo")
    assert run.only_pending(dana)["id"] == call["id"]
    assert run.query("SELECT status FROM touches WHERE id = ?", call["id"]) == [("pending",)]
    # A later
    run.ok("later", str(call["id"]), "--to", "2026-12-01")
    assert run.ok("undo") == f"Undone: call {call['id']} is back on {call['due']}.\n"
    assert run.only_pending(dana)["due"] == call["due"]


def test_undo_takes_back_only_the_last_thing_done(run: Cli) -> None:
    dana = run.add("Dana Whitfield", "--kind", "lead")
    call = run.only_pending(dana)
    run.ok("skip", str(call["id"]), "--reason", "met her in town")
    run.log(int(run.only_pending(dana)["id"]), "reached")
    # The log is the last thing done: undone; then the skip is not on record any more
    run.ok("undo")
    assert "nothing to undo" in run.fails("undo")


def test_undo_of_a_later_after_the_call_was_worked_is_refused(run: Cli) -> None:
    dana = run.add("Dana Whitfield", "--kind", "lead")
    call = run.only_pending(dana)
    run.ok("later", str(call["id"]), "--to", "2026-11-24")
    # Worked from the desk meanwhile (not the shell's last change)
    from datetime import date

    from followup_tui.db.engine import open_database
    from followup_tui.domain.model import Outcome, Reach

    db = open_database(f"sqlite:///{run.db_path}")
    calls.log_outcome(db, int(call["id"]), Outcome(Reach.REACHED), date(2026, 11, 24))
    db.dispose()
    before = run.dump()
    err = run.fails("undo", today="2026-11-24")
    assert "too late to undo" in err
    assert run.dump() == before


def test_a_referral_already_in_the_book_is_not_added_twice(run: Cli) -> None:
    dana = run.add("Dana Kim", "--kind", "customer", "--phone", "202-555-0199")
    sally = run.add("Sally Jensen", "--kind", "customer")
    call = run.only_pending(sally)
    before = run.dump()
    err = run.fails("log", str(call["id"]), "reached", "--said", "referral", "--name", "Dana K",
                    "--phone", "(202) 555-0199")  # fmt: skip
    assert err == f"followup: already there: #{dana} Dana Kim (same phone)\n"
    assert run.dump() == before
