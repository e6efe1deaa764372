"""First run on an empty database: the demo data is offered, loaded with a progress bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from followup_tui.app import FollowupApp
from followup_tui.screens.welcome import WelcomeScreen
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
        assert names(pilot) == []
        assert app.screen.query_one("#today").border_title == "Today · 0"
