"""The parties service called directly (DOMAIN.md, Party): booking, guests and their flags,
what a party sold and brought. Today, 2026-11-23, is a Monday; 2026-12-04 a Friday."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import text

from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind, Level, NewContact
from followup_tui.errors import InputError
from followup_tui.services import adding, contact_views, orders, parties
from followup_tui.services import due as due_lists

PARTY = date(2026, 12, 4)
MORNING_AFTER = date(2026, 12, 5)
GUEST_CALL = "Morning-after call: thanks for coming; questions?"
HOSTESS_TITLES = {
    "excitement": "A week to go: share the excitement, check the guest list",
    "jitters": "Tomorrow's the party: calm the jitters",
    "morning-after": "Morning-after call: thank her; anyone who left early?",
}


@dataclass(frozen=True)
class Booked:
    party: int
    hostess: int
    gina: int
    ivy: int
    bea: int


def add(db: Database, name: str, kind: Kind, today: date) -> int:
    level = Level.NEW_PARTNER if kind is Kind.TEAM else None
    return adding.add_contact(db, NewContact(name, kind, level=level), today)


def party_touches(db: Database, contact_id: int, today: date) -> list[tuple[str, date, int]]:
    """(step, due, priority) of a contact's pending party touches, soonest first."""
    pending = contact_views.contact_detail(db, contact_id, today).pending
    return sorted(
        (p.touch.step, p.touch.due, p.touch.priority)
        for p in pending
        if p.touch.playbook == "party"
    )


def guest_flags(db: Database, party_id: int) -> dict[str, tuple[bool, bool]]:
    """Guest name -> (wants_to_book, wants_info), as the party summary has them."""
    return {g.name: (g.wants_to_book, g.wants_info) for g in parties.party(db, party_id).guests}


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that a refused action wrote nothing."""
    with db.read() as session:
        names = session.scalars(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).all()
        return {
            name: [tuple(row) for row in session.execute(text(f'SELECT * FROM "{name}"'))]
            for name in names
        }


def count(db: Database, table: str) -> int:
    with db.read() as session:
        return int(session.scalar(text(f"SELECT count(*) FROM {table}")) or 0)


@pytest.fixture
def booked(db: Database, today: date) -> Booked:
    """Hana hosts on Friday 4th; Gina comes, Ivy wants business info, Bea wants to book.
    Guests are circle (a 90-day rhythm), so the morning after only the party is due for them;
    the unflagged guest is seated first: her call has the lowest id and must still come last."""
    hostess = add(db, "Hana Host", Kind.HOSTESS, today)
    gina, ivy, bea = (
        add(db, n, Kind.CIRCLE, today) for n in ("Gina Guest", "Ivy Info", "Bea Booker")
    )
    party = parties.new_party(db, hostess, PARTY, today, place="Hana's kitchen")
    parties.add_guest(db, party, gina, today)
    parties.add_guest(db, party, ivy, today, wants_info=True)
    parties.add_guest(db, party, bea, today, wants_to_book=True)
    return Booked(party, hostess, gina, ivy, bea)


# --- new_party ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Kind.CUSTOMER, Kind.HOSTESS),
        (Kind.LEAD, Kind.HOSTESS),
        (Kind.TEAM, Kind.TEAM),
    ],
)
def test_new_party_makes_the_hostess_a_hostess_but_a_team_member_stays_team(
    db: Database, today: date, kind: Kind, expected: Kind
) -> None:
    # GIVEN a contact of some kind
    hana = add(db, "Hana Host", kind, today)

    # WHEN she books a party
    party_id = parties.new_party(db, hana, PARTY, today, place="Hana's kitchen")

    # THEN the party is stored as given, and she is a hostess (unless she is on the team)
    s = parties.party(db, party_id)
    assert (s.hostess_id, s.hostess, s.held_on, s.place) == (
        hana,
        "Hana Host",
        PARTY,
        "Hana's kitchen",
    )
    detail = contact_views.contact_detail(db, hana, today)
    assert detail.contact.kind is expected
    changed = [(on, k, why) for on, k, why in detail.kind_history if why == "hosts a party"]
    assert changed == ([] if expected is Kind.TEAM else [(today, "hostess", "hosts a party")])


@pytest.mark.parametrize(
    ("held_on", "expected"),
    [
        pytest.param(
            date(2026, 12, 4),
            [
                ("excitement", date(2026, 11, 27), 4),
                ("jitters", date(2026, 12, 3), 3),
                ("morning-after", date(2026, 12, 5), 3),
            ],
            id="eleven-days-ahead",
        ),
        pytest.param(
            date(2026, 11, 30),
            [
                ("excitement", date(2026, 11, 23), 4),
                ("jitters", date(2026, 11, 29), 3),
                ("morning-after", date(2026, 12, 1), 3),
            ],
            id="a-week-ahead",
        ),
        pytest.param(
            date(2026, 11, 27),
            [("jitters", date(2026, 11, 26), 3), ("morning-after", date(2026, 11, 28), 3)],
            id="four-days-ahead",
        ),
        pytest.param(date(2026, 11, 23), [("morning-after", date(2026, 11, 24), 3)], id="today"),
    ],
)
def test_the_hostess_is_called_a_week_before_the_day_before_and_the_morning_after(
    db: Database, today: date, held_on: date, expected: list[tuple[str, date, int]]
) -> None:
    # GIVEN a hostess
    hana = add(db, "Hana Host", Kind.HOSTESS, today)

    # WHEN her party is booked today
    parties.new_party(db, hana, held_on, today)

    # THEN she gets only the touches still ahead of her, each with its playbook title
    assert party_touches(db, hana, today) == expected
    pending = contact_views.contact_detail(db, hana, today).pending
    titles = {p.touch.step: p.title for p in pending if p.touch.playbook == "party"}
    assert titles == {step: HOSTESS_TITLES[step] for step, _, _ in expected}
    # AND her "book the party" call has given way to the party's own touches
    assert {p.touch.playbook for p in pending} == {"party"}


# --- add_guest and toggle_guest_flag -------------------------------------------------------


def test_each_guest_gets_a_morning_after_call_flagged_ones_first(
    db: Database, booked: Booked
) -> None:
    # GIVEN Hana's party: Gina seated first, then Ivy (wants info) and Bea (wants to book)
    assert guest_flags(db, booked.party) == {
        "Bea Booker": (True, False),
        "Gina Guest": (False, False),
        "Ivy Info": (False, True),
    }

    # WHEN the list is asked for on the morning after the party
    listed = due_lists.todays_calls(db, MORNING_AFTER)

    # THEN the hostess and every guest have their one call due that day
    due = [(c.name, c.touch.step, c.title) for c in listed if c.touch.due == MORNING_AFTER]
    assert sorted(due) == [
        ("Bea Booker", "guest-morning-after", GUEST_CALL),
        ("Gina Guest", "guest-morning-after", GUEST_CALL),
        ("Hana Host", "morning-after", HOSTESS_TITLES["morning-after"]),
        ("Ivy Info", "guest-morning-after", GUEST_CALL),
    ]
    # AND the guests who asked to book or for information come before Gina
    guests = [c.name for c in listed if c.touch.step == "guest-morning-after"]
    assert set(guests[:2]) == {"Ivy Info", "Bea Booker"}
    assert guests[2:] == ["Gina Guest"]


@pytest.mark.parametrize("flag", ["wants_to_book", "wants_info"])
def test_toggling_a_flag_turns_it_on_and_off_and_moves_her_call_with_it(
    db: Database, today: date, booked: Booked, flag: str
) -> None:
    # GIVEN Gina, a guest with no flags, her call at the usual priority
    assert party_touches(db, booked.gina, today) == [("guest-morning-after", MORNING_AFTER, 4)]
    on = (flag == "wants_to_book", flag == "wants_info")

    # WHEN the flag is toggled
    parties.toggle_guest_flag(db, booked.party, booked.gina, flag, today)

    # THEN it is on, and her one call moves up
    assert guest_flags(db, booked.party)["Gina Guest"] == on
    assert party_touches(db, booked.gina, today) == [("guest-morning-after", MORNING_AFTER, 3)]

    # WHEN it is toggled again
    parties.toggle_guest_flag(db, booked.party, booked.gina, flag, today)

    # THEN it is off, and her call goes back
    assert guest_flags(db, booked.party)["Gina Guest"] == (False, False)
    assert party_touches(db, booked.gina, today) == [("guest-morning-after", MORNING_AFTER, 4)]


def test_adding_a_guest_again_turns_flags_on_never_off(
    db: Database, today: date, booked: Booked
) -> None:
    # GIVEN Gina, a guest with no flags
    assert guest_flags(db, booked.party)["Gina Guest"] == (False, False)

    # WHEN she is added again, asking about the business
    parties.add_guest(db, booked.party, booked.gina, today, wants_info=True)

    # THEN her flag is on and her call moves up
    assert guest_flags(db, booked.party)["Gina Guest"] == (False, True)
    assert party_touches(db, booked.gina, today) == [("guest-morning-after", MORNING_AFTER, 3)]

    # WHEN she is added once more wanting to book, then with no flags at all
    parties.add_guest(db, booked.party, booked.gina, today, wants_to_book=True)
    parties.add_guest(db, booked.party, booked.gina, today)

    # THEN both flags stay on, she is still one guest, with one call
    assert guest_flags(db, booked.party)["Gina Guest"] == (True, True)
    assert count(db, "party_guests") == 3
    assert party_touches(db, booked.gina, today) == [("guest-morning-after", MORNING_AFTER, 3)]


# --- refusals ------------------------------------------------------------------------------

Action = Callable[[Database, Booked, date], object]
NEW = NewContact("Nora New", Kind.LEAD)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            lambda db, b, d: parties.add_guest(db, b.party, b.hostess, d),
            "Hana Host is the hostess of this party, not a guest",
        ),
        (lambda db, b, d: parties.new_party(db, 99, PARTY, d), "no contact with id 99"),
        (lambda db, b, d: parties.add_guest(db, 9, b.gina, d), "no party with id 9"),
        (lambda db, b, d: parties.add_guest(db, b.party, 99, d), "no contact with id 99"),
        (lambda db, b, d: parties.add_new_guest(db, 9, NEW, d), "no party with id 9"),
        (
            lambda db, b, d: parties.toggle_guest_flag(db, b.party, b.hostess, "wants_info", d),
            "not a guest of this party",
        ),
        (
            lambda db, b, d: parties.toggle_guest_flag(db, b.party, b.gina, "wants_cake", d),
            "unknown guest flag 'wants_cake'",
        ),
        (lambda db, b, d: parties.party(db, 9), "no party with id 9"),
    ],
    ids=[
        "hostess-as-guest",
        "unknown-hostess",
        "guest-unknown-party",
        "unknown-guest",
        "new-guest-unknown-party",
        "toggle-not-a-guest",
        "toggle-unknown-flag",
        "summary-unknown-party",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    db: Database, today: date, booked: Booked, action: Action, message: str
) -> None:
    # GIVEN Hana's party and its guests
    before = dump(db)

    # WHEN the action is asked with an id or flag that does not fit
    with pytest.raises(InputError) as refused:
        action(db, booked, today)

    # THEN it is refused with a message naming the problem, and nothing is written
    assert str(refused.value) == message
    assert dump(db) == before


# --- add_new_guest -------------------------------------------------------------------------


def test_add_new_guest_adds_her_and_seats_her(db: Database, today: date, booked: Booked) -> None:
    # GIVEN Hana's party with three guests
    assert len(parties.party(db, booked.party).guests) == 3

    # WHEN Nora, met at the party, is added as a new guest
    nora = parties.add_new_guest(db, booked.party, NEW, today)

    # THEN she is a contact, a guest, and has her morning-after call
    assert contact_views.contact_detail(db, nora, today).contact.name == "Nora New"
    assert [(g.contact_id, g.name) for g in parties.party(db, booked.party).guests] == [
        (booked.bea, "Bea Booker"),
        (booked.gina, "Gina Guest"),
        (booked.ivy, "Ivy Info"),
        (nora, "Nora New"),
    ]
    assert party_touches(db, nora, today) == [("guest-morning-after", MORNING_AFTER, 4)]


def test_add_new_guest_leaves_no_contact_when_seating_her_fails(
    db: Database, today: date, booked: Booked, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN seating a guest fails
    def refuse(*args: object, **kwargs: object) -> None:
        raise InputError("the guest list is full")

    monkeypatch.setattr(parties, "add_guest_row", refuse)
    tables = ("contacts", "party_guests", "runs", "touches", "kind_changes")
    before = {table: count(db, table) for table in tables}

    # WHEN Nora is added as a new guest
    with pytest.raises(InputError, match="the guest list is full"):
        parties.add_new_guest(db, booked.party, NEW, today)

    # THEN neither her contact nor a guest row exists
    assert {table: count(db, table) for table in tables} == before
    assert [c.name for c in contact_views.find_contacts(db, search="Nora")] == []


# --- party and parties summaries -------------------------------------------------------------


def test_the_summary_lists_guests_by_name_with_what_each_bought_there(
    db: Database, booked: Booked
) -> None:
    # GIVEN orders at the party from Gina (39 + 27) and Bea (2 x 48), and one from Gina later
    orders.record_order(db, booked.gina, ["DTX-7", "NUT-OM3"], PARTY, party_id=booked.party)
    orders.record_order(db, booked.bea, ["SKN-SER-C", "SKN-SER-C"], PARTY, party_id=booked.party)
    orders.record_order(db, booked.gina, ["HOM-CND"], date(2026, 12, 10))

    # WHEN the party is summed up
    summary = parties.party(db, booked.party)

    # THEN guests come by name, each with her sales at the party, in cents, and the total
    assert [(g.name, g.sales_cents) for g in summary.guests] == [
        ("Bea Booker", 9600),
        ("Gina Guest", 6600),
        ("Ivy Info", 0),
    ]
    assert summary.sales_cents == 16200


def test_a_guest_who_hosts_later_is_a_booking_of_the_earlier_party(
    db: Database, today: date, booked: Booked
) -> None:
    # GIVEN Ivy hosted a party before Hana's, and Bea books one after it
    ivy_party = parties.new_party(db, booked.ivy, date(2026, 11, 30), today)
    bea_party = parties.new_party(db, booked.bea, date(2026, 12, 19), MORNING_AFTER)

    # WHEN the parties are listed
    found = parties.parties(db)

    # THEN newest first; Bea's party is Hana's booking, Ivy's earlier one is not
    assert [(p.id, p.hostess) for p in found] == [
        (bea_party, "Bea Booker"),
        (booked.party, "Hana Host"),
        (ivy_party, "Ivy Info"),
    ]
    assert [p.bookings for p in found] == [(), ("Bea Booker",), ()]
    assert parties.party(db, booked.party).bookings == ("Bea Booker",)
