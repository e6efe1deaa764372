"""The "me" service called directly: her own record and the consultant_name setting set
together, one record at most, and nothing of any playbook for her."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from followup_tui.config import Settings
from followup_tui.db.engine import Database
from followup_tui.domain.model import ContactChanges, Kind, NewContact
from followup_tui.errors import InputError
from followup_tui.services import (
    adding,
    contact_views,
    contacts,
    orders,
    parties,
    scripts,
)
from followup_tui.services import due as due_lists
from followup_tui.services import me as my
from followup_tui.services import settings as stored

ME = "Alex Rivera"


def rows(db: Database, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(text(sql), params)]


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to see that nothing was written."""
    tables = [name for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {table: rows(db, f"SELECT * FROM {table}") for table in tables}


def followed(db: Database, contact_id: int) -> tuple[list[Any], list[Any]]:
    """(runs, touches) a contact has: for her, always none."""
    return (
        rows(db, "SELECT playbook FROM runs WHERE contact_id = :c", c=contact_id),
        rows(db, "SELECT playbook, step FROM touches WHERE contact_id = :c", c=contact_id),
    )


def test_set_me_makes_her_record_and_the_setting(db: Database, today: date) -> None:
    assert my.me(db) is None

    me = my.set_me(db, f"  {ME} ", today, phone="(202) 555-0143", email="Alex@Example.com")

    assert my.me(db) == my.Me(me, ME, "+12025550143", "Alex@example.com")
    assert stored.load_settings(db).consultant_name == ME
    assert rows(db, "SELECT kind, is_me, do_not_contact, created_on FROM contacts") == [
        ("circle", 1, 0, today.isoformat())
    ]
    assert followed(db, me) == ([], [])


def test_set_me_again_updates_the_one_record(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today, phone="202-555-0143")

    again = my.set_me(db, "Alexandra Rivera", today, email="alexandra@example.com")
    third = my.set_me(db, "Alexandra Rivera", today, phone="202-555-0199")

    assert again == third == me
    assert my.me(db) == my.Me(me, "Alexandra Rivera", "+12025550199", "alexandra@example.com")
    assert rows(db, "SELECT count(*) FROM contacts WHERE is_me") == [(1,)]
    assert stored.load_settings(db).consultant_name == "Alexandra Rivera"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("", {}),
        ("\t\n", {}),
        ("x" * 201, {}),
        (ME, {"phone": "call me"}),
        (ME, {"phone": "555"}),
        (ME, {"email": "alex.example.com"}),
    ],
)
def test_refused_input_writes_nothing(
    db: Database, today: date, name: str, options: dict[str, str]
) -> None:
    my.set_me(db, ME, today, phone="202-555-0143")
    before = snapshot(db)

    with pytest.raises(InputError):
        my.set_me(db, name, today, **options)

    assert snapshot(db) == before


def test_the_phone_is_read_with_her_region(db: Database, today: date) -> None:
    stored.set_setting(db, "phone_region", "GB")

    my.set_me(db, ME, today, phone="020 7946 0958")

    found = my.me(db)
    assert found is not None and found.phone == "+442079460958"


def test_the_setting_renames_her_record(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)

    stored.set_setting(db, "consultant_name", "  Alex R. ")
    assert my.me(db) == my.Me(me, "Alex R.", None, None)

    # the settings form saves every setting at once: the same holds
    stored.save_settings(db, replace(stored.load_settings(db), consultant_name="Lex"))
    assert my.me(db) == my.Me(me, "Lex", None, None)


def test_the_setting_alone_makes_no_record(db: Database, today: date) -> None:
    stored.set_setting(db, "consultant_name", "Alex")

    assert my.me(db) is None
    assert rows(db, "SELECT count(*) FROM contacts") == [(0,)]


@pytest.mark.parametrize(("value", "error"), [("a\x1bb", "control"), ("x" * 201, "200")])
def test_the_setting_refuses_what_her_record_could_not_hold(
    db: Database, today: date, value: str, error: str
) -> None:
    my.set_me(db, ME, today)

    with pytest.raises(InputError, match=error):
        stored.set_setting(db, "consultant_name", value)

    assert stored.load_settings(db).consultant_name == ME


def test_editing_her_record_renames_the_setting(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)

    changes = ContactChanges(
        name="Alex Rivera-Stone",
        kind=Kind.CIRCLE,
        level=None,
        phone=None,
        email=None,
        met_at=None,
        met_on=None,
        discreet=False,
        do_not_contact=False,
    )
    contacts.update_contact(db, me, changes, today)

    assert stored.load_settings(db).consultant_name == "Alex Rivera-Stone"
    assert followed(db, me) == ([], [])


def test_a_new_kind_for_her_starts_nothing(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)

    changes = ContactChanges(ME, Kind.LEAD, None, None, None, None, None, False, False)
    contacts.update_contact(db, me, changes, today)

    assert followed(db, me) == ([], [])


def test_her_orders_start_no_playbook(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)

    first = orders.record_order(db, me, ["DTX-7"], today)
    second = orders.record_order(
        db, me, ["SKN-SER-C"], today, backorders=["SKN-SER-C"], corporate=True
    )

    assert {o.id for o in contact_views.contact_detail(db, me, today).orders} == {first, second}
    assert followed(db, me) == ([], [])
    assert rows(db, "SELECT kind FROM contacts WHERE id = :c", c=me) == [("circle",)]


def test_she_is_never_due(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)
    orders.record_order(db, me, ["DTX-7"], today)
    dana = adding.add_contact(db, NewContact("Dana Whitfield", Kind.REFERRAL), today)

    for later in (0, 1, 40, 400, 800):
        due = due_lists.todays_calls(db, today + timedelta(days=later))
        assert me not in {item.touch.contact_id for item in due}
    assert {item.touch.contact_id for item in due_lists.todays_calls(db, today)} == {dana}


def test_she_is_not_derived_inactive_or_a_past_client(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)

    detail = contact_views.contact_detail(db, me, today + timedelta(days=800))

    assert (detail.derived, detail.pending) == (None, [])


def test_she_cannot_be_put_on_a_playbook(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)

    with pytest.raises(InputError, match="you"):
        contacts.start_playbook(db, me, "three-three-three", today)

    assert followed(db, me) == ([], [])


def test_her_own_party_calls_its_guests_not_her(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)
    guest = adding.add_contact(db, NewContact("Gina Ortiz", Kind.CIRCLE), today)

    party = parties.new_party(db, me, today + timedelta(days=4), today)
    parties.add_guest(db, party, guest, today, wants_to_book=True)
    orders.record_order(db, me, ["DTX-7"], today, party_id=party)

    assert followed(db, me) == ([], [])
    assert ("party",) in followed(db, guest)[0]


def test_a_guest_at_a_friends_party_she_is_not_called(db: Database, today: date) -> None:
    me = my.set_me(db, ME, today)
    hostess = adding.add_contact(db, NewContact("Gina Ortiz", Kind.CIRCLE), today)

    party = parties.new_party(db, hostess, today + timedelta(days=4), today)
    parties.add_guest(db, party, me, today, wants_info=True)
    orders.record_order(db, me, ["DTX-7"], today, party_id=party)

    assert followed(db, me) == ([], [])


def test_first_start_saves_the_answers_and_names_her(db: Database, today: date) -> None:
    # GIVEN her answers on the first start of an empty book
    answers = Settings(
        consultant_name=" Alex Rivera ",
        webshop="alex.example.com",
        phone_region="GB",
        working_days="mon,tue,wed,thu,fri",
    )
    # WHEN they are saved
    me = my.first_start(db, answers, today)
    # THEN the settings hold them, and her own record carries the name
    settings = stored.load_settings(db)
    assert (settings.consultant_name, settings.webshop, settings.phone_region) == (
        ME,
        "alex.example.com",
        "GB",
    )
    assert settings.working_days == "mon,tue,wed,thu,fri"
    assert me is not None and my.me(db) == my.Me(me, ME, None, None)


def test_first_start_without_a_name_makes_no_record(db: Database, today: date) -> None:
    assert my.first_start(db, Settings(webshop="alex.example.com"), today) is None
    assert my.me(db) is None
    assert stored.load_settings(db).webshop == "alex.example.com"
    # AND a referral's first call greets her without a blank where the name would be
    adding.add_contact(db, NewContact("Dana Whitfield", Kind.REFERRAL), today)
    (call,) = due_lists.todays_calls(db, today)
    said = scripts.script_for_touch(db, call.touch.id, today)
    assert said.text.startswith("Hi Dana. ") and "[me?]" not in said.text, said.text
    assert "me" not in said.blanks
