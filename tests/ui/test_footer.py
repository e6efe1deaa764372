"""The footer composes its keys again only when they change (widgets/footer.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter

from followup_tui.widgets.footer import Footer
from tests.ui.test_desk import make_app, settle, workers_done
from tests.ui.test_desk_lists import footer_words

TODAY = date(2026, 11, 23)


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The screens whose footer composed its keys, once an entry."""
    seen: list[str] = []
    keys = TextualFooter.compose

    def counted(self: TextualFooter) -> ComposeResult:
        if self._bindings_ready:
            seen.append(type(self.screen).__name__)
        return keys(self)

    monkeypatch.setattr(TextualFooter, "compose", counted)
    return seen


@pytest.mark.parametrize(
    ("key", "screen", "first"),
    [
        ("g", "GlanceScreen", "esc Back"),
        ("w", "WeekAheadScreen", "⏎ Open"),
        ("t", "TeamScreen", "esc Back"),
        ("c", "ContactsScreen", "^d Discreet"),
        ("p", "PartiesScreen", "esc Back"),
    ],
)
async def test_a_screen_opens_with_its_keys_composed_once(
    demo_path: Path, composed: list[str], key: str, screen: str, first: str
) -> None:
    async with make_app(demo_path, TODAY).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        composed.clear()
        await pilot.press(key)
        await settle(pilot)
        await pilot.pause(0.3)
        assert type(pilot.app.screen).__name__ == screen
        assert isinstance(pilot.app.screen.query_one(TextualFooter), Footer)
        assert composed == [screen]  # Textual's own composed four times
        assert footer_words(pilot)[0] == first
        await pilot.press("escape")
        await settle(pilot)
        assert footer_words(pilot)[0] == "o Log outcome"


async def test_keys_that_come_and_go_still_show(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "u Undo" not in footer_words(pilot)
        await pilot.press("o", "n", "enter")
        await workers_done(pilot.app)
        await settle(pilot)
        assert "u Undo" in footer_words(pilot)
        await pilot.press("u")
        await workers_done(pilot.app)
        await settle(pilot)
        assert "u Undo" not in footer_words(pilot)
