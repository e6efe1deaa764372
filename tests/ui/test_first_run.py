"""First run on an empty database: the demo data is offered, loaded with a progress bar;
or her own book starts with one screen of questions, then a desk that says what to do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label

from followup_tui.app import FollowupApp
from followup_tui.screens.first_start import FirstStartScreen
from followup_tui.screens.welcome import WelcomeScreen
from followup_tui.services.me import me
from followup_tui.services.settings import load_settings
from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, names, settle, text_of


async def test_demo_offered_and_loaded(tmp_path: Path, today: date) -> None:
    app = FollowupApp(f"sqlite:///{tmp_path / 'new.db'}", today, offer_demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("d")
        await settle(pilot)
        assert names(pilot)[0] == "Maria Lopez"
        assert "Demo data loaded" in text_of(pilot, "#outcome")
        assert not app.screen.query_one("#progress").display


def new_book(tmp_path: Path, today: date) -> FollowupApp:
    return FollowupApp(f"sqlite:///{tmp_path / 'new.db'}", today, offer_demo=True)


async def test_start_empty_asks_once_then_says_what_to_do(tmp_path: Path, today: date) -> None:
    app = new_book(tmp_path, today)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        # THEN her own book starts by asking who she is, her shop, region and call days
        assert isinstance(app.screen, FirstStartScreen)
        await pilot.press(*"Alex Rivera", "enter", *"alex.example.com", "enter")
        region = app.screen.query_one("#phone_region", Input)
        region.value = "zz"  # not a country: said beside the field, nothing answered
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FirstStartScreen)
        assert "two-letter country code" in str(
            app.screen.query_one("#phone_region-error", Label).content
        )
        region.value = "gb"
        app.screen.query_one("#working_days", Input).value = "mon-fri"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # THEN what she answered is saved, her own record carries her name
        settings = load_settings(app.ctx.database())
        assert (settings.consultant_name, settings.webshop) == ("Alex Rivera", "alex.example.com")
        assert (settings.phone_region, settings.working_days) == ("GB", "mon,tue,wed,thu,fri")
        found = me(app.ctx.database())
        assert found is not None and found.name == "Alex Rivera"
        assert "Welcome, Alex!" in text_of(pilot, "#outcome")
        # AND the empty desk says what to do first, in the list's place
        assert names(pilot) == []
        assert app.screen.query_one("#today").border_title == "Today · 0"
        words = text_of(pilot, "#desk-empty")
        assert "a  add someone" in words and "i  import your phone's contacts" in words
        assert ",  settings" in words
        assert app.screen.query_one("#desk-empty").display
        assert not app.screen.query_one("#today").display

        # WHEN she adds her first contact, not due today
        await pilot.press("a", *"Linda Nguyen", "ctrl+s")
        await settle(pilot)
        # THEN the desk says nothing is due, and where to look
        assert text_of(pilot, "#desk-empty").startswith("Nothing due today. w the week ahead")


async def test_start_empty_later_saves_nothing(tmp_path: Path, today: date) -> None:
    app = new_book(tmp_path, today)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"Alex")
        await pilot.click("#first-start-later")
        await settle(pilot)
        # THEN nothing is saved: no name, no record, and the desk says where to begin
        assert not isinstance(app.screen, FirstStartScreen)
        assert load_settings(app.ctx.database()).consultant_name == ""
        assert me(app.ctx.database()) is None
        assert "Your book is empty." in text_of(pilot, "#desk-empty")


class TestFirstStartLooks:
    def test_first_start_screen(
        self, snap_compare: SnapCompare, tmp_path: Path, today: date
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await pilot.press("e")
            await settle(pilot)
            await pilot.press(*"Alex Rivera")

        assert snap_compare(
            new_book(tmp_path, today), terminal_size=(80, 24), run_before=run_before
        )

    def test_empty_desk(self, snap_compare: SnapCompare, tmp_path: Path, today: date) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await pilot.press("e")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)

        assert snap_compare(
            new_book(tmp_path, today), terminal_size=(80, 24), run_before=run_before
        )
