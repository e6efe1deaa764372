"""Review of issue 17's screens as she uses them: what she would have hit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from followup_tui.app import FollowupApp
from followup_tui.services import contact_views
from followup_tui.widgets.window_table import Row, WindowColumn, WindowTable
from tests.ui.test_desk import workers_done


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
    # A worker a newer one replaced (the list's load, under load) counts as finished.
    await pilot.pause()
    await workers_done(pilot.app)
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


async def test_escape_while_exporting_still_says_where_it_went(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from followup_tui.screens.export import ExportScreen
    from followup_tui.services import keeping

    go_on = threading.Event()
    write = keeping.export_file

    def held(*args: Any, **kw: Any) -> str:
        go_on.wait(10)
        return write(*args, **kw)

    monkeypatch.setattr(keeping, "export_file", held)
    said: list[str] = []
    target = tmp_path / "book.csv"
    app = FollowupApp(f"sqlite:///{demo_path}", date(2026, 11, 23))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.notify = lambda message, *_, **__: said.append(str(message))  # type: ignore[method-assign]
        app.push_screen(ExportScreen(target))
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.2)
        on_screen = type(app.screen).__name__
        go_on.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert on_screen == "ExportScreen"
        assert type(app.screen).__name__ == "DeskScreen"
    assert target.exists()
    assert any(str(target) in line for line in said), said


async def test_scrolled_far_down_the_rows_there_show() -> None:
    app = Told(Dated(100_000))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        table.scroll_to(y=54_321, animate=False)
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        shown = [table.render_line(y).text.split()[:2] for y in range(1, 12)]
        assert shown[0] == ["row", "54321"], shown
        assert table.cursor_key == "0"  # the wheel moves the view, not the cursor


async def test_a_log_begun_while_end_runs_is_for_the_call_on_screen(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 100,000 contacts End adds the 7,000 calls over several frames. `o` pressed
    # meanwhile asked "How did it go?" of the call the cursor was on then, while the run
    # went on and the cursor, card and script moved to the last call: she would call
    # one and log the other.
    from followup_tui.screens.desk import DeskScreen
    from followup_tui.widgets.contact_card import ContactCard
    from followup_tui.widgets.touch_table import TouchTable

    # A short list behaves as a long one: a few rows at first and at a time.
    for name, value in (("END_CHUNK", 2), ("FIRST_ROWS", 4), ("WINDOW", 4), ("AHEAD", 1)):
        monkeypatch.setattr(touch_table_module(), name, value)
    app = FollowupApp(f"sqlite:///{demo_path}", date(2026, 11, 23))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        table = desk.query_one(TouchTable)
        assert table.calls_shown < len(table.items) - 10
        # End, and `o` while the run's first frame is drawn (as her keys come).
        shown = table.calls_shown
        app.post_message(events.Key("end", None))
        while table.calls_shown == shown:
            await asyncio.sleep(0.001)
        app.post_message(events.Key("o", "o"))
        for _ in range(30):
            await pilot.pause()
        await settle(pilot)
        logging = desk.logging_item
        assert logging is not None and table.chosen is not None
        assert logging.touch.id == table.chosen.touch.id
        card = desk.query_one(ContactCard).detail
        assert card is not None and card.contact.id == logging.touch.contact_id


def touch_table_module() -> Any:
    from followup_tui.widgets import touch_table

    return touch_table
