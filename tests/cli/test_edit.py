"""`followup edit CONTACT_ID` (issue 13, "Discreet, for real"): the app's edit form from the
shell, with its checks; and a discreet contact, "call only, no texts or voicemail details"
(DOMAIN.md, Discretion), is called where others are texted.

2026-11-20 is a Friday, 2026-11-23 a Monday.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from followup_tui.cli.parser import build_parser

from .conftest import Cli, assert_refused

BOOKED = "2026-11-20"
PARTY = "2026-11-27"


def party_guest_order(run: Cli, *edit: str) -> int:
    """Hana's party on the 27th and an order for it from Olga, a customer who cannot come,
    taken on the 20th; `edit` is done to Olga before the order. Answers Olga's id."""
    hostess = run.add("Hana Host", "--kind", "hostess", today=BOOKED)
    party_id = int(run.ok("party", "new", str(hostess), "--on", PARTY, today=BOOKED))
    olga = run.add("Olga Outside", "--kind", "customer", today=BOOKED)
    if edit:
        run.ok("edit", str(olga), *edit, today=BOOKED)
    run.order(olga, "NUT-MV30", "--party", str(party_id), today=BOOKED)
    return olga


def guest_calls(run: Cli, contact_id: int) -> list[dict[str, Any]]:
    pending = run.show(contact_id, today=BOOKED)["pending"]
    return [p for p in pending if p["playbook"] == "party-guest"]


def order_news_worked(run: Cli, olga: int) -> str:
    """Her "your order is in" call, worked on its day: answers what `log` printed."""
    (placed,) = guest_calls(run, olga)
    assert placed["step"] == "order-placed"
    return run.log(int(placed["id"]), "reached", today=BOOKED)


def stored_touches(run: Cli, contact_id: int) -> list[tuple[str, str, str]]:
    return [
        (str(step), str(channel), str(title))
        for step, channel, title in run.query(
            "SELECT step, channel, title FROM touches WHERE contact_id = ? AND status = 'pending'"
            " ORDER BY due_on, id",
            contact_id,
        )
    ]


# --- a discreet customer is called ---------------------------------------------------------


def test_a_discreet_customers_thank_you_is_a_call(run: Cli) -> None:
    # GIVEN Olga, marked discreet, orders for Hana's party
    olga = party_guest_order(run, "--discreet")
    # WHEN her "your order is in" call is worked
    out = order_news_worked(run, olga)
    # THEN the thank-you after delivery is a call, and says so
    (thanks,) = guest_calls(run, olga)
    said = f"Next: call {thanks['id']} · Olga Outside: Thank-you call for their order on 2026-11-28"
    assert out == said + "\n"
    assert (thanks["step"], thanks["channel"], thanks["title"]) == (
        "thank-you",
        "call",
        "Thank-you call for their order",
    )
    # AND nothing of hers waiting is a text, an email or a card
    assert {channel for _, channel, _ in stored_touches(run, olga)} == {"call"}
    assert "call: Thank-you call for their order" in run.ok("show", str(olga), today=BOOKED)


def test_a_customer_not_discreet_still_gets_the_text(run: Cli) -> None:
    olga = party_guest_order(run)
    order_news_worked(run, olga)
    (thanks,) = guest_calls(run, olga)
    assert (thanks["channel"], thanks["title"]) == ("text", "Thank-you text for their order")


def test_marked_discreet_her_pending_text_becomes_a_call(run: Cli) -> None:
    # GIVEN Olga's thank-you text waiting
    olga = party_guest_order(run)
    order_news_worked(run, olga)
    assert ("thank-you", "text", "Thank-you text for their order") in stored_touches(run, olga)
    # WHEN she is marked discreet
    out = run.ok("edit", str(olga), "--discreet", today=BOOKED)
    # THEN she is told what changed, and the text is a call, titled as one
    assert out == (
        f"Edited #{olga} Olga Outside:\n  discreet: no -> yes\n  1 touch to come is a call now\n"
    )
    assert ("thank-you", "call", "Thank-you call for their order") in stored_touches(run, olga)
    assert run.query("SELECT discreet FROM contacts WHERE id = ?", olga) == [(1,)]
    assert run.show(olga, today=BOOKED)["contact"]["discreet"] is True
    assert "[discreet: call only]" in run.ok("show", str(olga), today=BOOKED).splitlines()[0]

    # WHEN she is no longer discreet / THEN it says so; the call stays a call
    out = run.ok("edit", str(olga), "--not-discreet", today=BOOKED)
    assert out == f"Edited #{olga} Olga Outside:\n  discreet: yes -> no\n"
    assert run.query("SELECT discreet FROM contacts WHERE id = ?", olga) == [(0,)]
    assert ("thank-you", "call", "Thank-you call for their order") in stored_touches(run, olga)


def test_a_discreet_new_leader_is_called_on_mondays(run: Cli) -> None:
    # GIVEN Dana, a new partner, marked discreet
    dana = run.add("Dana Kim", "--kind", "team", "--level", "new-partner")
    run.ok("edit", str(dana), "--discreet")
    # WHEN she becomes a new leader (whose Monday task of the week is a text)
    out = run.ok("edit", str(dana), "--level", "new-leader")
    # THEN her level is stored, the new rhythm starts, and its Monday touch is a call
    assert out.splitlines()[:2] == [
        f"Edited #{dana} Dana Kim:",
        "  level: new-partner -> new-leader",
    ]
    assert out.splitlines()[2].startswith("Next: call ")
    assert run.query("SELECT kind, team_level FROM contacts WHERE id = ?", dana) == [
        ("team", "new-leader")
    ]
    assert run.query(
        "SELECT kind, team_level, reason FROM kind_changes WHERE contact_id = ? ORDER BY id",
        dana,
    )[-1] == ("team", "new-leader", "edited")
    playbooks = run.query(
        "SELECT DISTINCT playbook FROM touches WHERE contact_id = ? AND status = 'pending'", dana
    )
    assert playbooks == [("team-new-leader",)]
    assert {channel for _, channel, _ in stored_touches(run, dana)} == {"call"}


# --- the other fields ----------------------------------------------------------------------


def test_phone_email_name_and_where_met_are_checked_as_the_form_checks_them(run: Cli) -> None:
    jenna = run.add("Jenna Brooks", "--kind", "lead", "--met-at", "grocery store")
    out = run.ok(
        "edit",
        str(jenna),
        "--phone",
        "202-555-0143",
        "--email",
        " jenna@Example.COM ",
        "--name",
        "  Jenna   Brooks-Lee ",
        "--met-at",
        "yoga class",
    )
    assert out.splitlines() == [
        f"Edited #{jenna} Jenna Brooks-Lee:",
        "  name: Jenna Brooks -> Jenna Brooks-Lee",
        "  phone: none -> +12025550143",
        "  email: none -> jenna@example.com",
        "  met at: grocery store -> yoga class",
    ]
    assert run.query("SELECT name, phone, email, met_at FROM contacts WHERE id = ?", jenna) == [
        ("Jenna Brooks-Lee", "+12025550143", "jenna@example.com", "yoga class")
    ]
    # WHEN "" is given / THEN the field is cleared, as an emptied field in the form
    out = run.ok("edit", str(jenna), "--phone", "", "--met-at", "")
    assert out.splitlines()[1:] == ["  phone: +12025550143 -> none", "  met at: yoga class -> none"]
    assert run.query("SELECT phone, email, met_at FROM contacts WHERE id = ?", jenna) == [
        (None, "jenna@example.com", None)
    ]


def test_a_new_kind_starts_its_rhythm(run: Cli) -> None:
    linda = run.add("Linda Nguyen", "--kind", "circle")
    out = run.ok("edit", str(linda), "--kind", "team")
    # A team member with no level given is a new partner, as in the form.
    assert out.splitlines()[:3] == [
        f"Edited #{linda} Linda Nguyen:",
        "  kind: circle -> team",
        "  level: none -> new-partner",
    ]
    assert run.query("SELECT kind, team_level FROM contacts WHERE id = ?", linda) == [
        ("team", "new-partner")
    ]
    assert run.without_next_touch() == []


def test_nothing_to_change_writes_nothing(run: Cli) -> None:
    jenna = run.add("Jenna Brooks", "--kind", "lead")
    before = run.dump()
    assert run.ok("edit", str(jenna)) == f"Nothing changed: #{jenna} Jenna Brooks\n"
    assert run.ok("edit", str(jenna), "--kind", "lead", "--not-discreet") == (
        f"Nothing changed: #{jenna} Jenna Brooks\n"
    )
    assert run.dump() == before


# --- bad input -----------------------------------------------------------------------------

BAD = {
    "unknown id": (["999", "--discreet"], "no contact with id 999"),
    "not an id": (["jenna", "--discreet"], "not an id"),
    "both": (["{id}", "--discreet", "--not-discreet"], "not allowed with argument --discreet"),
    "bad phone": (["{id}", "--phone", "12"], "'12' is not a valid phone number"),
    "bad email": (["{id}", "--email", "jenna@"], "is not an email address"),
    "unknown kind": (["{id}", "--kind", "boss"], "unknown kind 'boss'"),
    "unknown level": (["{id}", "--kind", "team", "--level", "queen"], "unknown team level"),
    "level not team": (["{id}", "--level", "new-leader"], "--level is a team member's"),
    "empty name": (["{id}", "--name", "  "], "a name is needed"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_one_line_exit_2_nothing_written(run: Cli, case: str) -> None:
    # GIVEN Jenna, a lead
    jenna = run.add("Jenna Brooks", "--kind", "lead")
    argv, words = BAD[case]
    before = run.dump()
    # WHEN the edit is refused (with a change that would be fine beside it)
    result = run("edit", *[a.format(id=jenna) for a in argv], "--met-at", "yoga class")
    # THEN one line on stderr naming the problem, exit 2, and nothing written
    assert_refused(result)
    assert words in result.err, result.err
    assert run.dump() == before


def test_help_names_every_option(run: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    listing = " ".join(build_parser().format_help().split())
    assert "edit change a contact as the app's edit form does; prints what changed" in listing
    with pytest.raises(SystemExit):
        run.raw("edit", "--help")
    usage = " ".join(capsys.readouterr().out.split())
    for option in ("[--discreet | --not-discreet]", "--kind", "--level", "--phone", "--email"):
        assert option in usage
    assert re.search(r"--name NAME.*--met-at MET_AT.*CONTACT_ID", usage)
