"""`followup add`: the new id alone on stdout, the kind's playbook started."""

from __future__ import annotations

import pytest

from .conftest import TODAY, Cli


def test_prints_the_new_id_alone(run: Cli) -> None:
    # GIVEN an empty database / WHEN two contacts are added
    first = run.ok("add", "Dana Whitfield", "--kind", "customer")
    second = run.ok("add", "Ellis Park", "--kind", "circle")

    # THEN each prints its id and nothing else
    assert (first, second) == ("1\n", "2\n")
    assert [(c["id"], c["name"]) for c in run.json("contacts")] == [
        (1, "Dana Whitfield"),
        (2, "Ellis Park"),
    ]


def test_referral_is_due_today_and_first(run: Cli) -> None:
    # GIVEN a prospect already waiting today
    run.add("Pat Quinn", "--kind", "prospect")

    # WHEN a referral is added
    referral = run.add("Rita Moreno", "--kind", "referral")

    # THEN her call is due today and heads the list
    today = run.today()
    assert today[0]["contact_id"] == referral
    assert (today[0]["kind"], today[0]["playbook"], today[0]["due"]) == (
        "referral",
        "referral",
        TODAY,
    )
    assert today[0]["overdue_days"] == 0


def test_lead_met_friday_is_due_monday_day_3(run: Cli) -> None:
    # WHEN a lead met on Friday 2026-11-20 is added on Monday
    lead = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20", "--met-at", "the mall")

    # THEN the Day 3 call is due today, 2026-11-23
    touch = run.only_pending(lead)
    assert (touch["playbook"], touch["step"], touch["due"]) == ("lead", "first-call", TODAY)
    contact = run.show(lead)["contact"]
    assert (contact["met_on"], contact["met_at"]) == ("2026-11-20", "the mall")


def test_lead_met_today_is_due_in_three_days(run: Cli) -> None:
    lead = run.add("Lena Ford", "--kind", "lead")

    assert run.only_pending(lead)["due"] == "2026-11-26"
    assert run.today() == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(212) 555-0147", "+12125550147"),
        ("212.555.0147", "+12125550147"),
        ("+1 415 867 5309", "+14158675309"),
    ],
)
def test_phone_is_normalised(run: Cli, typed: str, stored: str) -> None:
    contact = run.add("Dana Whitfield", "--kind", "customer", "--phone", typed)

    assert run.show(contact)["contact"]["phone"] == stored
    assert run.json("contacts")[0]["phone"] == stored


def test_email_is_normalised(run: Cli) -> None:
    contact = run.add("Dana Whitfield", "--kind", "customer", "--email", " dana@Example.COM ")

    assert run.show(contact)["contact"]["email"] == "dana@example.com"


def test_facts_and_note_show(run: Cli) -> None:
    # WHEN a contact is added with facts and a note
    contact = run.add(
        "Dana Whitfield",
        "--kind",
        "customer",
        "--fact",
        "perfume=Chanel No 5",
        "--fact",
        "Kids: 2 (Emma 6, Leo 3)",
        "--note",
        "Loves the lavender candle",
    )

    # THEN show --json has them, keys lower-cased
    detail = run.show(contact)
    assert detail["facts"] == {"perfume": "Chanel No 5", "kids": "2 (Emma 6, Leo 3)"}
    assert detail["notes"] == [{"written_on": TODAY, "body": "Loves the lavender candle"}]
    assert run.query("SELECT count(*) FROM facts WHERE contact_id = ?", contact) == [(2,)]


def test_name_spaces_are_tidied(run: Cli) -> None:
    contact = run.add("  Dana   Whitfield ", "--kind", "customer")

    assert run.show(contact)["contact"]["name"] == "Dana Whitfield"


def test_referred_by_links_the_referrer(run: Cli) -> None:
    partner = run.add("Sam Hale", "--kind", "referral-partner")

    referral = run.add("Rita Moreno", "--kind", "referral", "--referred-by", str(partner))

    detail = run.show(referral)
    assert detail["contact"]["referred_by_id"] == partner
    assert detail["referred_by"] == "Sam Hale"
    assert "referred by: Sam Hale" in run.ok("show", str(referral))


@pytest.mark.parametrize(
    ("level", "playbook"),
    [
        (None, "team-new-partner"),
        ("new-leader", "team-new-leader"),
        ("mature-leader", "team-mature-leader"),
        ("senior-partner", "team-senior-partner"),
    ],
)
def test_team_member_gets_the_level_playbook(run: Cli, level: str | None, playbook: str) -> None:
    options = ["--kind", "team"] + (["--level", level] if level else [])
    member = run.add("Tia Brooks", *options)

    contact = run.show(member)["contact"]
    assert (contact["kind"], contact["level"]) == ("team", level or "new-partner")
    assert {p["playbook"] for p in run.pending(member)} == {playbook}


@pytest.mark.parametrize(
    ("kind", "playbook"),
    [
        ("lead", "lead"),
        ("prospect", "prospect"),
        ("customer", "customer-care"),
        ("hostess", "hostess"),
        ("referral", "referral"),
        ("referral-partner", "referral-partner"),
        ("circle", "circle"),
        ("team", "team-new-partner"),
    ],
)
def test_every_kind_starts_with_a_next_touch(run: Cli, kind: str, playbook: str) -> None:
    contact = run.add("Casey Jordan", "--kind", kind)

    pending = run.pending(contact)
    assert pending, f"a new {kind} has no next touch"
    assert {p["playbook"] for p in pending} == {playbook}
    assert all(p["due"] >= TODAY for p in pending)
    [(changed_on, recorded, reason)] = run.show(contact)["kind_history"]
    assert (changed_on, recorded.split()[0], reason) == (TODAY, kind, "added")


def test_kind_is_case_insensitive(run: Cli) -> None:
    contact = run.add("Casey Jordan", "--kind", "Referral-Partner")

    assert run.show(contact)["contact"]["kind"] == "referral-partner"
