"""The same states on an 80x24 terminal: nothing that matters falls off the screen; quick
add at 160x48 too. (The desk and its Outcome pane open at 80x24 and 160x48 are in
test_desk.py's TestDeskSnapshots, and here at 80x24.)"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from followup_tui.widgets.touch_table import TouchTable
from tests.conftest import SnapCompare
from tests.ui.test_desk import make_app, settle

SMALL = (80, 24)
LARGE = (160, 48)
STATES: dict[str, Sequence[str]] = {
    "log-outcome": ("o", "r"),
    "logged": ("down",) * 7 + ("o", "r", "g", "enter"),
    "quick-add": ("a",),
    "quick-add-error": ("a", *"Dana Whitfield", "enter", *"call me", "enter"),
    "contacts-search": ("c", *"nguyen"),
    "help": ("question_mark",),
    "discreet": ("down", "down", "down", "ctrl+d"),
    "backorders": ("b",),
}
LARGE_STATES = ("quick-add",)


async def press(pilot: Pilot[None], keys: Sequence[str]) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize(
    ("state", "size"),
    [(state, SMALL) for state in STATES] + [(state, LARGE) for state in LARGE_STATES],
    ids=[*STATES, *(f"{state}-160x48" for state in LARGE_STATES)],
)
def test_small_terminal(
    snap_compare: SnapCompare, demo_path: Path, state: str, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await press(pilot, STATES[state])

    app = make_app(demo_path, date(2026, 11, 23))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_desk_at_80x24_keeps_8_calls_and_a_one_line_outcome_pane(demo_path: Path) -> None:
    async with make_app(demo_path, date(2026, 11, 23)).run_test(size=SMALL) as pilot:
        await settle(pilot)
        desk = pilot.app.screen
        table = desk.query_one("#today", TouchTable)
        rows = table.scrollable_content_region.height - 1  # under the column titles
        calls = sum(1 for row in range(rows) if table.index_of(row) is not None)
        idle = desk.query_one("#outcome-pane").region.height
        await press(pilot, ("end", "up"))  # near the foot of the list
        await press(pilot, ("o",))
        opened = desk.query_one("#outcome-pane").region.height
        script = desk.query_one("#script").region.height
        shown = table.scrollable_content_region.height - 1
        in_sight = table.scroll_y <= table.cursor_row < table.scroll_y + shown
    assert calls >= 8
    assert idle == 1
    assert opened > 4 and script >= 5  # the script stays readable while a call is logged
    assert in_sight  # the call being logged, though the list got shorter


# Every screen a key or two from the desk, at 80x24: the keys that open it.
SCREENS: dict[str, Sequence[str]] = {
    "desk": (),
    "desk after a log (u shown)": ("o", "n", "enter"),
    "contacts": ("c",),
    "parties": ("p",),
    "a party": ("p", "enter"),
    "team": ("t",),
    "backorders": ("b",),
    "week ahead": ("w",),
    "glance": ("g",),
    "settings": ("comma",),
    "order form": ("r",),
    "a contact": ("enter",),
    "quick add": ("a",),
    "help": ("question_mark",),
}


async def test_no_screen_scrolls_sideways_or_cuts_its_footer(demo_path: Path) -> None:
    wrong: dict[str, list[str]] = {}
    async with make_app(demo_path, date(2026, 11, 23)).run_test(size=SMALL) as pilot:
        for name, keys in SCREENS.items():
            await press(pilot, keys)
            screen = pilot.app.screen
            found = [str(w) for w in screen.query("*") if w.show_horizontal_scrollbar]
            for footer in screen.query(Footer):
                found += [
                    f"footer key {key.key_display} cut"
                    for key in footer.query(FooterKey)
                    if key.display and key.region.right > footer.region.right
                ]
            if found:
                wrong[name] = found
            while len(pilot.app.screen_stack) > 1:
                pilot.app.pop_screen()
                await settle(pilot)
    assert not wrong
