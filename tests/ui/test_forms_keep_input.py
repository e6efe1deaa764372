"""Forms keep what was typed: a refused save stays open with the reason beside the field;
names are found as you type, so no one is added twice; party dates are the defaults."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from followup_tui.app import FollowupApp
from followup_tui.db.engine import Database, open_database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.domain.schedule import backorder_deadline
from followup_tui.errors import InputError
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.guest_picker import GuestPickerScreen
from followup_tui.screens.new_party import NewPartyScreen
from followup_tui.screens.orders import OrderScreen
from followup_tui.screens.party import PartyScreen
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.services import adding, contact_views, orders, parties
from followup_tui.words import days_left_words
from tests.conftest import TODAY
from tests.ui.test_desk import SIZE, settle, text_of
from tests.ui.test_workflows import rows

PARTY_DAY = TODAY - timedelta(days=2)  # last Saturday


def label(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Label).render())


def field(pilot: Pilot[None], selector: str) -> Input:
    return pilot.app.screen.query_one(selector, Input)


def options(pilot: Pilot[None], selector: str) -> list[str]:
    found = pilot.app.screen.query_one(selector, OptionList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


def book(tmp_path: Path, *names: str) -> tuple[Path, Database, dict[str, int]]:
    """A database with these contacts (a repeated name is two people), ids by name."""
    path = tmp_path / "book.db"
    db = open_database(f"sqlite:///{path}")
    ids: dict[str, int] = {}
    for i, name in enumerate(names):
        new = NewContact(name, Kind.CUSTOMER, phone=f"+1202555{i:04d}")
        ids[name] = adding.add_contact(db, new, TODAY - timedelta(days=30))
    return path, db, ids


def with_party(tmp_path: Path, *names: str) -> tuple[Path, Database, dict[str, int], int]:
    """Holly's party last Saturday, and these other people in the book."""
    path, db, ids = book(tmp_path, "Holly Rossi", *names)
    party = parties.new_party(db, ids["Holly Rossi"], PARTY_DAY, TODAY - timedelta(days=9))
    return path, db, ids, party


def app_for(path: Path, today: date = TODAY) -> FollowupApp:
    return FollowupApp(f"sqlite:///{path}", today)


async def open_party(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PartyScreen)


async def order_form_for(pilot: Pilot[None], contact_id: int) -> None:
    await settle(pilot)
    await pilot.app.push_screen(ContactScreen(contact_id))
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OrderScreen)


class TestOrderForm:
    @pytest.mark.parametrize(
        ("delivered", "said"),
        [
            ("2026-11-20", "delivery cannot come before the order"),
            ("+2", "a delivery cannot be dated in the future"),
        ],
    )
    async def test_a_bad_delivery_date_keeps_the_form_and_its_lines(
        self, tmp_path: Path, delivered: str, said: str
    ) -> None:
        path, db, ids = book(tmp_path, "Rosa Garcia")
        async with app_for(path).run_test(size=SIZE) as pilot:
            await order_form_for(pilot, ids["Rosa Garcia"])
            await pilot.press(*"detox kit", "enter", *"moistur", "enter")
            await pilot.click("#order-on")
            await pilot.press("ctrl+a", "ctrl+k", *"2026-11-21")
            await pilot.click("#order-delivered")
            await pilot.press(*delivered, "ctrl+s")
            await settle(pilot)
            # THEN the form is still open, the reason under the dates, every line kept
            assert isinstance(pilot.app.screen, OrderScreen)
            assert label(pilot, "#order-dates-error") == said
            assert options(pilot, "#order-lines") == [
                "1 × 7-Day Detox Kit",
                "1 × Daily Hydrating Moisturiser",
            ]
            assert contact_views.contact_detail(db, ids["Rosa Garcia"], TODAY).orders == []
            # ... and once the date is right, the order is recorded as typed
            await pilot.press("ctrl+a", "ctrl+k", *"2026-11-22", "ctrl+s")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
        (order,) = contact_views.contact_detail(db, ids["Rosa Garcia"], TODAY).orders
        assert (order.ordered_on, order.delivered_on) == (date(2026, 11, 21), date(2026, 11, 22))
        assert [line.sku for line in order.lines] == ["DTX-7", "SKN-MST"]
        db.dispose()

    async def test_a_refused_save_is_said_in_the_open_form(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path, db, ids = book(tmp_path, "Rosa Garcia")

        def refuse(*args: object, **kwargs: object) -> int:
            raise InputError("no contact with id 1")

        monkeypatch.setattr(orders, "record_order", refuse)
        async with app_for(path).run_test(size=SIZE) as pilot:
            await order_form_for(pilot, ids["Rosa Garcia"])
            await pilot.press(*"detox kit", "enter", "ctrl+s")
            await settle(pilot)
            assert isinstance(pilot.app.screen, OrderScreen)
            assert label(pilot, "#order-error") == "no contact with id 1"
            assert options(pilot, "#order-lines") == ["1 × 7-Day Detox Kit"]
        db.dispose()


class TestNewParty:
    async def test_a_few_letters_find_the_hostess(self, tmp_path: Path) -> None:
        path, db, ids = book(tmp_path, "Jenna Brooks", "Holly Rossi")
        async with app_for(path).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"Jena Broks")  # typos too, as on the contacts screen
            assert options(pilot, "#party-hostess-matches")[0].startswith("Jenna Brooks")
            await pilot.press("ctrl+a", "ctrl+k", *"Jenna")
            assert options(pilot, "#party-hostess-matches")[0].startswith("Jenna Brooks")
            await pilot.press("tab", *"2026-11-27", "tab", *"her house", "ctrl+s")
            await settle(pilot)
            assert rows(pilot, "#parties-table")[0][2] == "Jenna Brooks"
        (party,) = parties.parties(db)
        assert (party.hostess_id, party.held_on, party.place) == (
            ids["Jenna Brooks"],
            date(2026, 11, 27),
            "her house",
        )
        db.dispose()

    async def test_no_match_keeps_the_form_with_its_date_and_place(self, tmp_path: Path) -> None:
        path, db, _ = book(tmp_path, "Jenna Brooks")
        async with app_for(path).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"Zelda", "tab", *"2026-11-27", "tab", *"her house", "ctrl+s")
            await settle(pilot)
            assert isinstance(pilot.app.screen, NewPartyScreen)
            assert label(pilot, "#party-hostess-error") == "no one matches 'Zelda'"
            assert field(pilot, "#party-on").value == "2026-11-27"
            assert field(pilot, "#party-place").value == "her house"
            # ... and fixing the name is all it takes
            await pilot.click("#party-hostess")
            await pilot.press("ctrl+a", "ctrl+k", *"brooks", "ctrl+s")
            await settle(pilot)
            assert not isinstance(pilot.app.screen, NewPartyScreen)
        assert [p.hostess for p in parties.parties(db)] == ["Jenna Brooks"]
        db.dispose()

    async def test_a_refused_booking_is_said_in_the_open_form(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path, db, _ = book(tmp_path, "Jenna Brooks")

        def refuse(*args: object, **kwargs: object) -> int:
            raise InputError("no contact with id 1")

        monkeypatch.setattr(parties, "new_party", refuse)
        async with app_for(path).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"Jenna", "tab", *"+4", "tab", *"her house", "ctrl+s")
            await settle(pilot)
            assert isinstance(pilot.app.screen, NewPartyScreen)
            assert label(pilot, "#party-save-error") == "no contact with id 1"
            assert [field(pilot, f).value for f in ("#party-on", "#party-place")] == [
                "+4",
                "her house",
            ]
        db.dispose()


class TestAddGuest:
    async def test_a_partial_name_adds_the_one_she_knows(self, tmp_path: Path) -> None:
        path, db, ids, party = with_party(tmp_path, "Amy Miller")
        async with app_for(path).run_test(size=SIZE) as pilot:
            await open_party(pilot)
            await pilot.press("g")
            await settle(pilot)
            await pilot.press(*"Amy")
            shown = options(pilot, "#guest-name-matches")
            assert shown[0].startswith("Amy Miller") and shown[-1] == "+ new contact: Amy"
            await pilot.press("enter")
            await settle(pilot)
            assert [r[0] for r in rows(pilot, "#party-guests")] == ["Amy Miller"]
        assert [g.contact_id for g in parties.party(db, party).guests] == [ids["Amy Miller"]]
        assert len(contact_views.find_contacts(db, search="Amy")) == 1  # no second Amy
        db.dispose()

    async def test_two_with_one_name_arrows_pick_the_second(self, tmp_path: Path) -> None:
        path, db, _, party = with_party(tmp_path, "Amy Miller", "Amy Miller")
        second = max(c.id for c in contact_views.find_contacts(db, search="Amy Miller"))
        async with app_for(path).run_test(size=SIZE) as pilot:
            await open_party(pilot)
            await pilot.press("g")
            await settle(pilot)
            await pilot.press(*"Amy Miller")
            # Both shown, told apart by their phone numbers
            assert [o.split("  ")[0] for o in options(pilot, "#guest-name-matches")] == [
                "Amy Miller",
                "Amy Miller",
                "+ new contact: Amy Miller",
            ]
            await pilot.press("down", "enter")
            await settle(pilot)
        assert [g.contact_id for g in parties.party(db, party).guests] == [second]
        assert len(contact_views.find_contacts(db, search="Amy Miller")) == 2
        db.dispose()

    async def test_someone_already_there_is_not_added_again(self, tmp_path: Path) -> None:
        path, db, ids, party = with_party(tmp_path, "Amy Miller")
        parties.add_guest(db, party, ids["Amy Miller"], TODAY)
        async with app_for(path).run_test(size=SIZE) as pilot:
            await open_party(pilot)
            await pilot.press("g")
            await settle(pilot)
            await pilot.press(*"Amy Miller", "enter")
            await settle(pilot)
            # A bare enter must not pick "new contact" and make a second Amy Miller
            assert isinstance(pilot.app.screen, GuestPickerScreen)
            assert (
                label(pilot, "#guest-error") == "Amy Miller is already a guest: ↓ to pick another"
            )
        assert len(contact_views.find_contacts(db, search="Amy")) == 1
        db.dispose()

    async def test_new_contact_goes_on_from_the_typed_name_met_on_the_party_day(
        self, tmp_path: Path
    ) -> None:
        path, db, _, party = with_party(tmp_path, "Zoe Foster")
        async with app_for(path).run_test(size=SIZE) as pilot:
            await open_party(pilot)
            await pilot.press("g")
            await settle(pilot)
            await pilot.press(*"Zoe", "up", "enter")  # up: from the top to "new contact"
            await settle(pilot)
            assert isinstance(pilot.app.screen, QuickAddScreen)
            name = field(pilot, "#name")
            assert name.selection.is_empty and name.cursor_position == len("Zoe")
            await pilot.press(*" Quinn", "ctrl+s")
            await settle(pilot)
            assert [r[0] for r in rows(pilot, "#party-guests")] == ["Zoe Quinn"]
        (zoe,) = contact_views.find_contacts(db, search="Zoe Quinn")
        assert (zoe.met_on, zoe.met_at) == (PARTY_DAY, "Holly Rossi's party")
        assert [g.contact_id for g in parties.party(db, party).guests] == [zoe.id]
        db.dispose()

    async def test_a_new_guest_who_cannot_be_seated_is_not_added_either(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # GIVEN a party, and putting someone on its guest list fails (say, the disk)
        path, db, _, party = with_party(tmp_path)
        contacts_before = len(contact_views.find_contacts(db))

        def refuse(*args: object, **kwargs: object) -> None:
            raise InputError("the guest list could not be written")

        monkeypatch.setattr(parties, "add_guest_row", refuse)
        async with app_for(path).run_test(size=SIZE) as pilot:
            await open_party(pilot)
            # WHEN a new person is added as a guest
            await pilot.press("g")
            await settle(pilot)
            await pilot.press(*"Zoe Quinn", "up", "enter")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            # THEN the form is back with her name, and she is not half added: no contact
            # without the guest row that made her worth adding
            assert isinstance(pilot.app.screen, QuickAddScreen)
            assert field(pilot, "#name").value == "Zoe Quinn"
        assert len(contact_views.find_contacts(db)) == contacts_before
        assert parties.party(db, party).guests == ()
        db.dispose()


async def test_a_guest_order_is_dated_the_party_day(tmp_path: Path) -> None:
    path, db, ids, party = with_party(tmp_path, "Nina Patel")
    parties.add_guest(db, party, ids["Nina Patel"], PARTY_DAY)
    async with app_for(path).run_test(size=SIZE) as pilot:
        await open_party(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert field(pilot, "#order-on").value == PARTY_DAY.isoformat()
        await pilot.press(*"moistur", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PartyScreen)
    (order,) = contact_views.contact_detail(db, ids["Nina Patel"], TODAY).orders
    assert (order.ordered_on, order.party_id) == (PARTY_DAY, party)
    db.dispose()


def ordered_for_deadline(deadline: date) -> date:
    """The order date whose backorder deadline is `deadline` (a weekday), in a US book."""
    day = deadline
    while backorder_deadline(day, "US") > deadline:
        day -= timedelta(days=1)
    assert backorder_deadline(day, "US") == deadline
    return day


@pytest.mark.parametrize(
    ("deadline", "said"),
    [
        (TODAY - timedelta(days=4), "backorder by 19 Nov (4 days late)"),
        (TODAY, "backorder by 23 Nov (due today)"),
        (TODAY + timedelta(days=1), "backorder by 24 Nov (1 day left)"),
    ],
)
async def test_the_card_says_how_late_a_backorder_is(
    tmp_path: Path, deadline: date, said: str
) -> None:
    path, db, ids = book(tmp_path, "Beth Murphy")
    orders.record_order(
        db,
        ids["Beth Murphy"],
        ["HOM-DIF-OIL"],
        TODAY,
        ordered_on=ordered_for_deadline(deadline),
        backorders=["HOM-DIF-OIL"],
    )
    async with app_for(path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.push_screen(ContactScreen(ids["Beth Murphy"]))
        await settle(pilot)
        card = text_of(pilot, "#contact-body")
        assert said in card
        assert "-" not in card.split("backorder by")[1].split(")")[0]
    db.dispose()


def test_days_left_words() -> None:
    assert [days_left_words(n) for n in (3, 1, 0, -1, -5)] == [
        "3 days left",
        "1 day left",
        "due today",
        "1 day late",
        "5 days late",
    ]
