"""Review of issue 17's screens as she uses them: what she would have hit."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from followup_tui.app import FollowupApp
from followup_tui.services import contact_views
from followup_tui.widgets.window_table import Row, WindowColumn, WindowTable


class Dated:
    """Rows with a long middle text and a date last."""

    def __init__(self, n: int) -> None:
        self.keys = [str(i) for i in range(n)]

    def count(self) -> int:
        return len(self.keys)

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        return [
            Row(key, (Text(f"row {key}"), Text("why " * 20), Text("2026-12-07")))
            for key in self.keys[start:stop]
        ]

    def index_of(self, key: str) -> int | None:
        return self.keys.index(key) if key in self.keys else None


class FitApp(App[None]):
    def __init__(self, source: Dated) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield WindowTable(
            [WindowColumn("Who"), WindowColumn("Why", fit=True), WindowColumn("When")]
        )

    def on_mount(self) -> None:
        self.query_one(WindowTable).reload(self.source)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_fit_column_leaves_room_for_the_scrollbar() -> None:
    # More rows than fit: a scrollbar comes, and the last column must still show whole.
    app = FitApp(Dated(500))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        assert table.show_vertical_scrollbar
        # What shows is the line left of the scrollbar.
        first = table.render_line(1).text[: table.scrollable_content_region.width]
        assert "2026-12-07" in first, first
        assert sum(c.drawn for c in table.columns) <= table.scrollable_content_region.width


class Flaky(Dated):
    """Fails while `broken` (a locked book)."""

    broken = False

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        if self.broken:
            raise RuntimeError("database is locked")
        return super().rows(start, stop)

    def count(self) -> int:
        if self.broken:
            raise RuntimeError("database is locked")
        return super().count()


class Told(FitApp):
    def __init__(self, source: Dated) -> None:
        super().__init__(source)
        self.failed: list[str] = []
        self.highlighted: list[str] = []

    def on_window_table_failed(self, event: WindowTable.Failed) -> None:
        self.failed.append(str(event.error))

    def on_window_table_row_highlighted(self, event: WindowTable.RowHighlighted) -> None:
        self.highlighted.append(event.key)


async def test_an_empty_source_then_rows() -> None:
    source = Dated(0)
    app = Told(source)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        for key in ("down", "up", "pagedown", "end", "home", "enter"):
            await pilot.press(key)
        await settle(pilot)
        assert table.cursor_row == 0 and table.cursor_key is None
        source.keys = [str(i) for i in range(5)]
        table.reload()
        await settle(pilot)
        assert table.cursor_key == "0"
        assert app.highlighted == ["0"]


async def test_rows_gone_the_cursor_stays_in_the_list() -> None:
    source = Dated(300)
    app = Told(source)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        table.focus()
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_key == "299"
        del source.keys[250:]  # the last fifty gone elsewhere
        table.reload()
        await settle(pilot)
        assert table.row_count == 250
        assert table.cursor_key == "249"
        shown = [table.render_line(y).text.split()[:2] for y in range(1, 12)]
        assert ["row", "249"] in shown, shown


async def test_a_failed_fetch_is_told_once_and_tried_again_later() -> None:
    source = Flaky(3000)
    app = Told(source)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        table.focus()
        source.broken = True
        await pilot.press("pagedown", "pagedown", "pagedown", "end")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert 1 <= len(app.failed) <= 3, app.failed
        source.broken = False
        await pilot.press("up")
        await settle(pilot)
        assert table.cursor_key == "2998"


async def test_typing_while_the_palette_reads_the_book_still_finds_the_actions(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 100,000 contacts the palette's names take a second to read; her keys typed
    # meanwhile cancelled that read, and the palette found none of the app's actions
    # ("exp" found nothing) until it was closed and opened again.
    lines = contact_views.contact_lines

    def slow(*args: Any, **kw: Any) -> Any:
        time.sleep(0.6)
        return lines(*args, **kw)

    monkeypatch.setattr(contact_views, "contact_lines", slow)
    app = FollowupApp(f"sqlite:///{demo_path}", date(2026, 11, 23))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.1)
        for key in "exp":
            await pilot.press(key)
            await pilot.pause(0.1)
        await pilot.pause(1.5)
        assert isinstance(app.screen, CommandPalette)
        shown = [str(option.prompt) for option in app.screen.query_one(CommandList)._options]
        assert any(prompt.startswith("Export contacts") for prompt in shown), shown
