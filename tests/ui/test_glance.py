"""The week at a glance, the week ahead, settings and the command palette."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, ConsoleOptions
from rich.table import Table
from textual.pilot import Pilot
from textual.widgets import Input, Label

from followup_tui.db.engine import Database, open_database
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.glance import DrawnOnce, GlanceScreen, describe_quiet
from followup_tui.screens.settings import SettingsScreen
from followup_tui.screens.week_ahead import WeekAheadScreen
from followup_tui.services import glance, settings
from followup_tui.widgets.window_table import WindowTable
from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, make_app, settle, text_of
from tests.ui.test_window_table import shown_cells


class TestGlance:
    async def test_week_counts_follow_the_morning(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "r", "h", "enter")  # Maria wants to host
            await settle(pilot)
            await pilot.press("o", "n", "enter")  # Priya: no answer
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(pilot.app.screen, GlanceScreen)
            week = text_of(pilot, "#glance-week")
        assert "2 calls made" in " ".join(week.split())
        assert "1 reached" in " ".join(week.split())
        assert "1 party booked" in " ".join(week.split())

    async def test_a_second_open_shows_the_kept_glance_until_the_book_changes(
        self, demo_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # GIVEN the glance's reads of the book counted
        reads: list[date] = []
        read = glance.week_at_a_glance

        def counted(db: Database, day: date) -> glance.WeekStats:
            reads.append(day)
            return read(db, day)

        monkeypatch.setattr(glance, "week_at_a_glance", counted)
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            # WHEN she opens the glance, goes back, and opens it again
            await pilot.press("g")
            await settle(pilot)
            first = text_of(pilot, "#glance-quiet")
            await pilot.press("escape", "g")
            await settle(pilot)
            # THEN the second shows the same, not read again
            assert text_of(pilot, "#glance-quiet") == first and len(reads) == 1
            # AND WHEN she logs a call at the desk (Maria wants to host) and opens it again
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("o", "r", "h", "enter")
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            # THEN the glance is read again and counts it
            week = " ".join(text_of(pilot, "#glance-week").split())
        assert len(reads) == 2
        assert "1 party booked" in week and "1 call made" in week

    async def test_quiet_contacts_furthest_first(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            quiet = text_of(pilot, "#glance-quiet")
        db = open_database(f"sqlite:///{demo_path}")
        stats = glance.week_at_a_glance(db, today)
        db.dispose()
        assert stats.quiet, "the demo has contacts past their rhythm"
        drifts = [q.drift for q in stats.quiet]
        assert drifts == sorted(drifts, reverse=True)
        assert stats.quiet[0].name in quiet
        assert "neglect" not in quiet.lower()

    async def test_the_quiet_list_is_drawn_once_a_width(
        self, demo_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # GIVEN the table of quiet people counted each time rich draws it
        widths: list[int] = []
        draw = Table.__rich_console__

        def counted(table: Table, console: Console, options: ConsoleOptions) -> Any:
            if table.columns and table.columns[0].header == "Who":
                widths.append(options.max_width)
            return draw(table, console, options)

        monkeypatch.setattr(Table, "__rich_console__", counted)
        # WHEN she opens the glance and it shows who is going quiet
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            quiet = text_of(pilot, "#glance-quiet")
        # THEN it was drawn once for each width it was shown at (Textual asks for its
        # height, then its lines: twice, 15-35 ms each at 50 people), and shows them
        assert widths and len(widths) == len(set(widths)), widths
        db = open_database(f"sqlite:///{demo_path}")
        stats = glance.week_at_a_glance(db, today)
        db.dispose()
        assert stats.quiet[-1].name in quiet

    def test_drawn_once_draws_what_the_table_does(self, demo_path: Path, today: date) -> None:
        db = open_database(f"sqlite:///{demo_path}")
        stats = glance.week_at_a_glance(db, today)
        db.dispose()
        for width in (60, 110, 60):
            shown = []
            for renderable in (describe_quiet(stats), DrawnOnce(describe_quiet(stats))):
                console = Console(width=width, record=True, file=io.StringIO())
                console.print(renderable)
                shown.append(console.export_text(styles=True))
            assert shown[0] == shown[1]

    async def test_week_ahead_lists_the_next_seven_days(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            assert isinstance(pilot.app.screen, WeekAheadScreen)
            table = pilot.app.screen.query_one("#ahead", WindowTable)
            ahead = " ".join(" ".join(shown_cells(table, i)) for i in range(table.row_count))
        # Jenna's detox confirmation is due Wednesday
        assert "Wed 25 Nov" in ahead
        assert "Today" not in ahead

    def test_glance_snapshot(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


class TestSettings:
    async def test_bad_number_is_refused_then_saved(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("comma")
            await pilot.pause()
            assert isinstance(pilot.app.screen, SettingsScreen)
            field = pilot.app.screen.query_one("#lead_rhythm_weeks", Input)
            field.value = "six"
            await pilot.pause()
            error = pilot.app.screen.query_one("#lead_rhythm_weeks-error", Label)
            assert str(error.render()) == "a whole number from 1 to 26"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(pilot.app.screen, SettingsScreen)
            field.value = "6"
            pilot.app.screen.query_one("#consultant_name", Input).value = "Alexandra"
            await pilot.press("ctrl+s")
            await settle(pilot)
        db = open_database(f"sqlite:///{demo_path}")
        saved = settings.load_settings(db)
        db.dispose()
        assert (saved.lead_rhythm_weeks, saved.consultant_name) == (6, "Alexandra")


class TestPalette:
    async def test_jump_to_a_contact_by_name(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            await pilot.press(*"keisha wash")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
            assert "Keisha Washington" in text_of(pilot, "#contact-body")
