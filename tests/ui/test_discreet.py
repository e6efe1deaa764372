"""Discreet mode on every screen that shows facts, notes or what someone bought."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, make_app, settle

# In the demo: Carmen's order at Holly's party, Beth's backordered diffuser oil,
# Tom's job, Keisha's note about bloating.
PRIVATE = ("Moisturiser", "Massage Oil", "Diffuser", "personal trainer", "bloating")


def screen_text(pilot: Pilot[None]) -> str:
    """Every text and table cell on the current screen, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    for static in pilot.app.screen.query(Static):
        console.print(static.content)
    for table in pilot.app.screen.query(DataTable):
        for row in range(table.row_count):
            console.print(" ".join(str(cell) for cell in table.get_row_at(row)))
    return console.export_text()


VISITS: tuple[tuple[str, ...], ...] = (
    ("down", "down"),  # Keisha's issue call: her note
    ("down",),  # Tom Reilly's card: his job
    ("b",),  # the backorders
    ("escape", "c", *"carmen silva", "enter", "enter"),  # Carmen's card: her party order
    ("escape", "escape", "c", *"beth murphy", "enter", "enter"),  # Beth's diffuser oil
)


async def visit_all(demo_path: Path, today: date, *, discreet: bool) -> list[str]:
    seen = []
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        if discreet:
            await pilot.press("ctrl+d")
        for keys in VISITS:
            await pilot.press(*keys)
            await settle(pilot)
            seen.append(screen_text(pilot))
    return seen


async def test_nothing_private_on_any_screen(demo_path: Path, today: date) -> None:
    # GIVEN the screens as they are, with every private word somewhere on them
    plain = " ".join(await visit_all(demo_path, today, discreet=False))
    assert [word for word in PRIVATE if word not in plain] == []
    # WHEN discreet mode is on, THEN none of them shows on any of those screens
    for shown in await visit_all(demo_path, today, discreet=True):
        assert [word for word in PRIVATE if word in shown] == [], shown


class TestDiscreetSnapshots:
    def test_contact_screen(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("ctrl+d", "c", *"carmen silva", "enter", "enter")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )

    def test_backorders(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("ctrl+d", "b")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )
