"""`?`: the screen's own keys first, grouped; on the desk the Outcome pane's letters with
what each schedules; the app's and Textual's keys last."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from rich.console import Console
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from followup_tui.domain.model import Said
from followup_tui.screens.desk import DeskScreen
from followup_tui.screens.desk_help import SAID_MEANS, desk_groups
from followup_tui.screens.help import HelpScreen
from followup_tui.widgets.outcome_panel import SAID_KEYS
from tests.ui.test_desk import make_app, settle

TODAY = date(2026, 11, 23)


def help_lines(pilot: Pilot[None]) -> list[str]:
    """Every line of the help, those scrolled out of sight too, stripped."""
    console = Console(width=200, record=True, file=io.StringIO())
    for part in pilot.app.screen.query(".help-part").results(Static):
        console.print(part.content)
    return [" ".join(line.split()) for line in console.export_text().splitlines() if line.strip()]


def line_of(lines: list[str], start: str) -> int:
    found = [i for i, line in enumerate(lines) if line.startswith(start)]
    assert found, f"no line starts {start!r}: {lines}"
    return found[0]


async def test_desk_help_groups_the_keys_and_explains_the_letters(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        lines = help_lines(pilot)
        box = pilot.app.screen.query_one("#help-box")
        assert box.max_scroll_y > 0  # longer than 80x24: it scrolls
        await pilot.press("pagedown")
        assert box.scroll_y > 0
        await pilot.press("q")  # closes the help, does not quit
        await settle(pilot)
        assert isinstance(pilot.app.screen, DeskScreen)
        await pilot.press("question_mark", "question_mark")
        assert isinstance(pilot.app.screen, DeskScreen)
    titles = [
        "The call",
        "The contact",
        "Today's list",
        "Go to",
        "After o: how did it go?",
        "After r (reached): what was said?",
        "A corporate backorder",
        "Anywhere",
        "Textual's keys",
    ]
    at = [line_of(lines, title) for title in titles]
    assert at == sorted(at)  # the desk's keys first, Textual's last
    # THEN each group has its keys
    call, contact, go_to = at[0], at[1], at[3]
    assert call < line_of(lines, "o log how it went") < contact
    assert contact < line_of(lines, "n a note on this contact") < at[2]
    assert go_to < line_of(lines, "p parties") < at[4]
    assert at[-1] < line_of(lines, "^p the palette")
    # ... and every letter of what was said, with what it schedules
    said = lines[at[5] : at[6]]
    for key, what in SAID_KEYS.items():
        assert any(line.startswith(f"{key} ") and SAID_MEANS[what] in line for line in said), key
    assert "v voicemail → tried again" in " ".join(lines)
    assert any(line.startswith("w wait → ") for line in lines)
    assert "l not started → asks the date she starts" in " ".join(lines)
    assert Said.MEETING in SAID_MEANS  # the domain's outcomes all have words (mypy: Mapping)


class Desk(Screen[None]):
    """A screen with the keys other branches add to the desk, and one nobody has placed."""

    BINDINGS = [
        Binding("o", "bell", "Log outcome", id="log-outcome"),
        Binding("slash", "bell", "Filter", id="filter-today", key_display="/"),
        Binding("y", "bell", "Copy", id="copy-for-phone"),
        Binding("Q", "bell", "QR code", id="show-qr"),
        Binding("z", "bell", "Zoom", id="desk-zoom"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("desk")


async def test_keys_are_placed_by_id_and_an_unknown_one_still_shows() -> None:
    class DeskApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Desk())

    async with DeskApp().run_test() as pilot:
        await pilot.pause()
        groups = {g.title: [line.keys for line in g.lines] for g in desk_groups(pilot.app.screen)}
    titles = list(groups)
    assert groups["The call"] == ["o", "y", "Q"]
    assert groups["Today's list"] == ["/"]
    assert groups["More keys"] == ["z"]  # not dropped
    assert titles.index("More keys") < titles.index("After o: how did it go?")
    assert titles[-1] == "Textual's keys"
    assert "^q" in groups["Textual's keys"]


async def test_another_screen_lists_its_own_keys_first(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        lines = help_lines(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "PartiesScreen"
    assert lines[0] == "This screen" and line_of(lines, "n new party") < line_of(lines, "Anywhere")
    assert line_of(lines, "Anywhere") < line_of(lines, "Textual's keys")
