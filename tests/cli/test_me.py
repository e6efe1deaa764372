"""`followup me`: her own record, the scripts' `{me}`, and never followed up
(DOMAIN: "The consultant's own record ("me") is never followed up")."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from followup_tui.cli.parser import build_parser

from .conftest import Cli

ME = "Alex Rivera"
PHONE = "+12025550143"


@pytest.fixture
def me(run: Cli) -> int:
    """She has said who she is, with a phone and an email."""
    out = run.ok("me", ME, "--phone", "202-555-0143", "--email", "alex@example.com")
    assert out.strip().isdigit(), f"me must print her id alone, got {out!r}"
    return int(out)


def touches_of(run: Cli, contact_id: int) -> list[tuple[object, ...]]:
    return run.query("SELECT playbook, step, status FROM touches WHERE contact_id = ?", contact_id)


def runs_of(run: Cli, contact_id: int) -> list[tuple[object, ...]]:
    return run.query("SELECT playbook FROM runs WHERE contact_id = ?", contact_id)


def test_not_set_yet_says_how(run: Cli) -> None:
    # GIVEN an empty book / WHEN she asks who she is
    run.make_book()
    out = run.ok("me")

    # THEN she is told she is not set, and how to set it
    assert out == "Not set yet: followup me NAME [--phone P] [--email E] says who you are.\n"
    assert run.json("me") is None
    assert run.query("SELECT count(*) FROM contacts") == [(0,)]


def test_sets_who_she_is(run: Cli, me: int) -> None:
    # THEN she is shown with her id, phone (as dialled in her region) and email
    assert run.ok("me") == (
        f"{ME} (contact #{me}, never followed up)\n"
        "  phone: (202) 555-0143\n  email: alex@example.com\n"
    )
    # AND the data keeps the number as stored (E.164)
    assert run.json("me") == {
        "contact_id": me,
        "name": ME,
        "phone": PHONE,
        "email": "alex@example.com",
    }
    # AND the scripts' name is hers
    assert run.json("settings")["consultant_name"] == ME
    assert run.query("SELECT name, kind, is_me FROM contacts") == [(ME, "circle", 1)]


def test_again_updates_her_record_never_a_second(run: Cli, me: int) -> None:
    # WHEN she sets her name again with a new email, and no phone
    again = run.ok("me", "Alexandra Rivera", "--email", "alexandra@example.com")

    # THEN it is the same record, renamed, the phone kept, the email replaced
    assert int(again) == me
    assert run.json("me") == {
        "contact_id": me,
        "name": "Alexandra Rivera",
        "phone": PHONE,
        "email": "alexandra@example.com",
    }
    assert run.query("SELECT count(*) FROM contacts WHERE is_me") == [(1,)]
    assert run.json("settings")["consultant_name"] == "Alexandra Rivera"


def test_she_has_no_touch_and_no_playbook(run: Cli, me: int) -> None:
    assert run.pending(me) == []
    assert (touches_of(run, me), runs_of(run, me)) == ([], [])
    # Every *other* active contact has a next touch; she is the one who needs none.
    assert run.without_next_touch() == []


def test_her_order_is_recorded_and_starts_no_playbook(run: Cli, me: int) -> None:
    # WHEN she records her own first order, with a backordered item
    order = run.order(me, "DTX-7", "SKN-SER-C", "--backorder", "SKN-SER-C")

    # THEN the order is hers
    detail = run.show(me)
    assert [o["id"] for o in detail["orders"]] == [order]
    # AND no call of any playbook comes of it, and she stays in her circle
    assert (touches_of(run, me), runs_of(run, me)) == ([], [])
    assert detail["contact"]["kind"] == "circle"


def test_she_is_never_on_todays_list(run: Cli, me: int) -> None:
    # GIVEN a referral waiting today and her own order
    referral = run.add("Rita Moreno", "--kind", "referral")
    run.order(me, "DTX-7")

    # THEN today's list, and one a year and a half on, hold no call to her
    for day in ("2026-11-23", "2027-05-23", "2028-06-01"):
        assert me not in {item["contact_id"] for item in run.today(today=day)}
    assert [item["contact_id"] for item in run.today()] == [referral]


def test_log_cannot_be_on_her(run: Cli, me: int) -> None:
    # GIVEN her order, and a customer whose calls are pending
    run.order(me, "DTX-7")
    dana = run.add("Dana Whitfield", "--kind", "customer")
    run.order(dana, "DTX-7")

    # THEN no touch in the book is hers: there is nothing to log on her
    assert run.query("SELECT count(*) FROM touches WHERE contact_id = ?", me) == [(0,)]
    assert {item["contact_id"] for item in run.today(today="2026-11-24")} == {dana}


def test_show_says_this_is_you(run: Cli, me: int) -> None:
    out = run.ok("show", str(me))

    assert out.splitlines()[0] == f"#{me} {ME}: circle  [this is you]"
    assert "  nothing: your own record is never followed up" in out.splitlines()
    detail = run.show(me)
    assert (detail["contact"]["is_me"], detail["pending"], detail["derived"]) == (True, [], None)


def test_contacts_list_her_marked(run: Cli, me: int) -> None:
    dana = run.add("Dana Whitfield", "--kind", "customer")

    listed = {c["id"]: c["is_me"] for c in run.json("contacts")}
    assert listed == {me: True, dana: False}
    line = next(line for line in run.ok("contacts").splitlines() if ME in line)
    assert "circle (you)" in line


def test_import_does_not_offer_her_as_a_duplicate(run: Cli, me: int, tmp_path: Path) -> None:
    # GIVEN a phone's list holding her own number, email and name
    path = tmp_path / "phone.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(
            [["Name", "Phone", "Email"], [ME, "202-555-0143", "alex@example.com"]]
        )

    # WHEN it is imported (duplicates skipped, the default)
    out = run.ok("import", str(path))

    # THEN the row is not matched with her record: it is added, and hers is untouched
    assert out == "Imported phone.csv: 1 added, 0 merged, 0 skipped, 0 rejected\n"
    assert run.query("SELECT count(*) FROM contacts WHERE is_me") == [(1,)]
    assert (touches_of(run, me), runs_of(run, me)) == ([], [])


def test_export_leaves_her_out(run: Cli, me: int, tmp_path: Path) -> None:
    run.add("Dana Whitfield", "--kind", "customer")
    path = tmp_path / "book.csv"

    assert run.ok("export", str(path)) == f"Exported 1 contact to {path}\n"
    text = path.read_text(encoding="utf-8-sig")
    assert "Dana Whitfield" in text
    assert ME not in text
    assert "alex@example.com" not in text


def test_settings_consultant_name_renames_her(run: Cli, me: int) -> None:
    # WHEN she sets her name through the settings
    run.ok("settings", "consultant_name", "Alex R.")

    # THEN her record follows: the two never disagree
    assert run.json("me")["name"] == "Alex R."
    assert run.json("settings")["consultant_name"] == "Alex R."


def test_her_name_is_held_to_a_contacts_rule(run: Cli, me: int) -> None:
    # A tab between her names was once refused here ("control characters") while a
    # contact's name took it, its spaces collapsed: the two rules disagreed.
    run.ok("settings", "consultant_name", "Ann\tLee")
    assert run.json("settings")["consultant_name"] == "Ann Lee"
    assert run.json("me")["name"] == "Ann Lee"
    run.ok("add", "Ann\tLee Two", "--kind", "lead")
    assert run.query("SELECT name FROM contacts WHERE NOT is_me") == [("Ann Lee Two",)]
    # AND what neither takes is refused by both, in the same words
    words = "a name cannot hold control or text-direction characters"
    assert words in run.fails("settings", "consultant_name", "Ann\x1b[2JLee")
    assert words in run.fails("add", "Ann\x1b[2JLee", "--kind", "lead")


def test_settings_consultant_name_alone_makes_no_record(run: Cli) -> None:
    run.ok("settings", "consultant_name", "Alex")

    assert run.json("settings")["consultant_name"] == "Alex"
    assert run.json("me") is None
    assert run.query("SELECT count(*) FROM contacts") == [(0,)]


def test_she_cannot_be_put_on_a_playbook(run: Cli, me: int) -> None:
    err = run.fails("start", str(me), "three-three-three")

    assert "you" in err
    assert (touches_of(run, me), runs_of(run, me)) == ([], [])


def test_her_own_party_calls_its_guests_not_her(run: Cli, me: int) -> None:
    # GIVEN a guest at the party she hosts herself
    guest = run.add("Gina Ortiz", "--kind", "circle")
    party = int(run.ok("party", "new", str(me), "--on", "2026-11-27"))
    run.ok("party", "guest", str(party), str(guest))

    # THEN the guest gets her morning-after call; she gets nothing
    assert "party" in {p["playbook"] for p in run.pending(guest)}
    assert (touches_of(run, me), runs_of(run, me)) == ([], [])


def test_demo_data_still_go_into_a_book_holding_only_her(run: Cli, me: int) -> None:
    out = run.ok("demo", "--contacts", "3")

    assert out == "Demo data: 3 contacts\n"
    assert run.json("settings")["consultant_name"] == ME  # her name, not the demo's
    assert (touches_of(run, me), runs_of(run, me)) == ([], [])


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["me", "  "], "name"),
        (["me", ME, "--phone", "call me"], "call me"),
        (["me", ME, "--phone", "12"], "phone"),
        (["me", ME, "--email", "alex(at)example.com"], "email"),
        (["me", "x" * 201], "200"),
        (["me", "--phone", "202-555-0143"], "name"),
    ],
    ids=["empty-name", "phone-words", "phone-short", "email", "name-too-long", "no-name"],
)
def test_bad_input_writes_nothing(run: Cli, args: list[str], word: str) -> None:
    # GIVEN her record already there
    run.ok("me", ME)
    before = run.dump()

    # WHEN what she types cannot be stored / THEN one line, exit 2, nothing written
    assert word in run.fails(*args)
    assert run.dump() == before


def test_bad_phone_on_a_new_book_makes_no_record(run: Cli) -> None:
    run.make_book()  # the book exists, empty
    before = run.dump()

    run.fails("me", ME, "--phone", "call me")

    assert run.dump() == before
    assert run.json("settings")["consultant_name"] == ""


def test_phone_is_read_with_her_region(run: Cli) -> None:
    run.ok("settings", "phone_region", "GB")

    run.ok("me", ME, "--phone", "020 7946 0958")

    assert run.json("me")["phone"] == "+442079460958"


def test_has_a_help_line() -> None:
    listing = " ".join(build_parser().format_help().split())

    assert "me who you are: your own record (never followed up) and the scripts' name" in listing
