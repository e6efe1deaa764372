"""The same states on an 80x24 terminal: nothing that matters falls off the screen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import SnapCompare
from tests.ui.test_desk import make_app, settle

SMALL = (80, 24)
STATES: dict[str, Sequence[str]] = {
    "log-outcome": ("o", "r"),
    "logged": ("down",) * 7 + ("o", "r", "g", "enter"),
    "quick-add-error": ("a", *"Dana Whitfield", "enter", *"call me", "enter"),
    "contacts-search": ("c", *"nguyen"),
    "help": ("question_mark",),
    "discreet": ("down", "down", "down", "ctrl+d"),
    "backorders": ("b",),
}


@pytest.mark.parametrize("state", list(STATES))
def test_small_terminal(snap_compare: SnapCompare, demo_path: Path, state: str) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in STATES[state]:
            await pilot.press(key)
            await settle(pilot)

    app = make_app(demo_path, date(2026, 11, 23))
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
