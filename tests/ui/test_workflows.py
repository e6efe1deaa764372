"""Parties, backorders and the team, driven from the app."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from followup_tui.app import FollowupApp
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.screens.party import PartyScreen
from followup_tui.services import adding, backorders, parties
from followup_tui.widgets.touch_table import TouchTable
from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, make_app, settle

FRIDAY = date(2026, 11, 27)


def rows(pilot: Pilot[None], selector: str) -> list[list[str]]:
    table = pilot.app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_a_party_with_three_guests_and_its_morning_after(tmp_path: Path) -> None:
    # GIVEN a hostess and an empty database, the Monday before a Friday party
    path = tmp_path / "party.db"
    monday = date(2026, 11, 23)
    db = open_database(f"sqlite:///{path}")
    hostess = adding.add_contact(db, NewContact("Holly Rossi", Kind.CUSTOMER), monday)
    db.dispose()

    # WHEN the party is booked from the app and three guests are added at the party
    async with FollowupApp(f"sqlite:///{path}", monday).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("n", *f"#{hostess}", "tab", *"2026-11-27", "tab", *"her house")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(pilot, "#parties-table")[0][2] == "Holly Rossi"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PartyScreen)
    async with FollowupApp(f"sqlite:///{path}", FRIDAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for name in ("Carmen Silva", "Beth Murphy", "Nina Patel"):
            await pilot.press("g", *name, "enter")  # a new name opens quick-add
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
        guests = rows(pilot, "#party-guests")
        assert [g[0] for g in guests] == ["Beth Murphy", "Carmen Silva", "Nina Patel"]
        await pilot.press("down", "b")  # Carmen wants to book a party
        await settle(pilot)
        await pilot.press("down", "r", *"moistur", "enter", "ctrl+s")  # Nina orders
        await settle(pilot)
        assert rows(pilot, "#party-guests")[2][3] == "34.00"

    # THEN the morning after, the hostess and every guest are on the list, Carmen first
    saturday = FRIDAY + timedelta(days=1)
    async with FollowupApp(f"sqlite:///{path}", saturday).run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(TouchTable)
        # (Thursday's "calm the jitters" call was never made: it stays, overdue, first.)
        assert [i.name for i in table.items if i.title.startswith("Tomorrow")] == ["Holly Rossi"]
        after = [i.name for i in table.items if i.title.startswith("Morning-after")]
        assert after == ["Holly Rossi", "Carmen Silva", "Beth Murphy", "Nina Patel"]
        # ... and working every call takes them off, one after another
        for _ in range(len(table.items)):
            await pilot.press("o", "r", "g", "enter")
            await settle(pilot)
        assert not [i for i in table.items if i.title.startswith("Morning-after")]
    db = open_database(f"sqlite:///{path}")
    [party] = parties.parties(db)
    assert party.sales_cents == 3400
    assert [g.name for g in party.guests if g.wants_to_book] == ["Carmen Silva"]
    db.dispose()


async def test_backorder_marked_delivered(demo_path: Path, today: date) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        before = rows(pilot, "#backorders-table")
        assert [r[0] for r in before] == ["Beth Murphy", "Priya Shah"]  # soonest first
        await pilot.press("d")
        await settle(pilot)
        assert [r[0] for r in rows(pilot, "#backorders-table")] == ["Priya Shah"]


class TestWorkflowSnapshots:
    def test_parties(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )

    def test_party_guests(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(80, 24), run_before=run_before
        )

    def test_backorders(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("b")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )

    def test_team(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )

    def test_order_form(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("r", *"detox", "enter", *"serum", "enter")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )


async def test_corporate_backorder_choice_is_logged(demo_path: Path, today: date) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # Priya's corporate backorder call
        await settle(pilot)
        await pilot.press("o", "r", "w", *"happy to wait", "enter")
        await settle(pilot)
    db = open_database(f"sqlite:///{demo_path}")
    [priya] = [b for b in backorders.open_backorders(db) if b.name == "Priya Shah"]
    assert priya.choice == "wait"
    db.dispose()


class TestFormSnapshots:
    """The forms the redesign moves (settings, a new party, a guest, a new event), held
    as pictures before and after."""

    def test_settings_form(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("comma")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(100, 32), run_before=run_before
        )

    def test_new_party_form(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"holl")  # the hostess found as she is typed
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(100, 32), run_before=run_before
        )

    def test_guest_picker(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("enter", "g")
            await settle(pilot)
            await pilot.press(*"carmen")  # already a guest: shown, not offered
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(100, 32), run_before=run_before
        )

    def test_new_event_form(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            await pilot.press(*"thu 7pm")  # the day it means shows under the field
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(100, 32), run_before=run_before
        )
