"""Every outcome key, each on a kind of call in turn (issue 13): after each log the list, the
status line and the database agree, and `u` puts all three back as they were."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from followup_tui.app import FollowupApp
from followup_tui.screens.orders import OrderScreen
from followup_tui.widgets.touch_table import TouchTable
from tests.services.test_every_outcome import CALLS
from tests.ui.test_desk import settle, text_of, workers_done
from tests.ui.test_outcomes_trusted import go_to

NOT_REACHED = [("v",), ("n",), ("t",), ("e",), ("c",)]
SAID = [
    ("r", "g"),
    ("r", "i"),
    ("r", "s"),
    ("r", "l", "+", "3", "enter"),
    ("r", "c", "+", "3", "enter"),
    ("r", "h"),
    ("r", "j"),
    ("r", "f", *"Gia Lo", "enter", "enter", "enter"),
    ("r", "o"),
    ("r", "x"),
    ("r", "d"),
]
MEETING = [("r", "m", "+", "3", "enter")]
CHOICES = [("r", "w"), ("r", "s", *"night cream", "enter"), ("r", "r")]


def status(path: Path, touch_id: int) -> str:
    with closing(sqlite3.connect(path)) as connection:
        [(found,)] = connection.execute("SELECT status FROM touches WHERE id = ?", (touch_id,))
    return str(found)


def listed(pilot: Pilot[None]) -> set[int]:
    return {item.touch.id for item in pilot.app.screen.query_one(TouchTable).items}


async def quick(pilot: Pilot[None]) -> None:
    """Settled enough to read: the saves and the reload done, one frame drawn."""
    await workers_done(pilot.app)
    await pilot.pause()


async def log_and_undo(pilot: Pilot[None], path: Path, touch: int, keys: tuple[str, ...]) -> None:
    await pilot.press("o", *keys)
    await quick(pilot)
    await pilot.press("n", "enter")  # a one-letter note: the log is saved with one
    await quick(pilot)
    if isinstance(pilot.app.screen, OrderScreen):  # a reorder: her products, then save
        if not pilot.app.screen.lines:
            await pilot.press(*"DTX-TEA", "enter")
        await pilot.press("ctrl+s")
        await quick(pilot)
    # The list, the status line and the database agree: logged, and off the list
    said = text_of(pilot, "#outcome")
    assert said.startswith("Logged: "), (keys, said)
    assert status(path, touch) == "done", keys
    assert touch not in listed(pilot), keys
    # u takes it back: waiting again, on the list, the cursor on it
    await pilot.press("u")
    await quick(pilot)
    assert text_of(pilot, "#outcome").startswith("Undone:"), keys
    assert status(path, touch) == "pending", keys
    assert touch in listed(pilot), keys
    chosen = pilot.app.screen.query_one(TouchTable).chosen
    assert chosen is not None and chosen.touch.id == touch, keys


PRESSES = [*NOT_REACHED, *SAID]
# Three apps, a part of the keys each: one app for all of them was one test of 60-120 s,
# the last to finish on a CI worker; in parts, the workers share it.
PARTS = {
    "first half": range(len(PRESSES) // 2),
    "second half": range(len(PRESSES) // 2, len(PRESSES)),
    "meetings and choices": range(0),
}


@pytest.mark.parametrize("part", PARTS)
async def test_every_outcome_key(demo_path: Path, today: date, part: str) -> None:
    """Each key once, on kinds of call in turn: every kind times every outcome is
    tests/services/test_every_outcome.py's (few apps here, not one per kind: CI time)."""
    kinds = list(CALLS)
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for number in PARTS[part]:
            await pilot.press("home")
            touch = await go_to(pilot, CALLS[kinds[number % len(kinds)]])
            await log_and_undo(pilot, demo_path, touch, PRESSES[number])
        if part != "meetings and choices":
            return
        await pilot.press("home")
        touch = await go_to(pilot, CALLS["prospect"])
        for keys in MEETING:
            await log_and_undo(pilot, demo_path, touch, keys)
        await pilot.press("home")
        touch = await go_to(pilot, "Priya Shah")
        for keys in CHOICES:
            await log_and_undo(pilot, demo_path, touch, keys)
