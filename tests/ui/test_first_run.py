"""First run on an empty database: the demo data is offered, loaded with a progress bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from followup_tui.app import FollowupApp
from followup_tui.screens.settings import SettingsScreen
from followup_tui.screens.welcome import WelcomeScreen
from followup_tui.services.settings import load_settings
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


async def test_start_empty(tmp_path: Path, today: date) -> None:
    app = FollowupApp(f"sqlite:///{tmp_path / 'new.db'}", today, offer_demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        # THEN her own book starts by asking who she is and which days she makes calls
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#consultant_name", Input).value = "Dana"
        app.screen.query_one("#working_days", Input).value = "mon-fri"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert load_settings(app.ctx.database()).working_days == "mon,tue,wed,thu,fri"
        # AND behind it, an empty desk
        assert names(pilot) == []
        assert app.screen.query_one("#today").border_title == "Today · 0"
