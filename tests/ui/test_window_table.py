"""The window table: shows the rows in sight from its source, moves its cursor, and keeps
it on its row across a reload; looks as a row-cursor DataTable does."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable

from followup_tui.widgets.window_rows import draw_cell
from followup_tui.widgets.window_table import Row, WindowColumn, WindowTable


class Numbers:
    """Rows "0".."n-1"; counts how many rows it was asked for."""

    def __init__(self, n: int, first: int = 0) -> None:
        self.keys = [str(i) for i in range(first, first + n)]
        self.asked = 0

    def count(self) -> int:
        return len(self.keys)

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        self.asked += stop - start
        return [Row(key, (Text(f"row {key}"), Text(f"why {key}"))) for key in self.keys[start:stop]]

    def index_of(self, key: str) -> int | None:
        return self.keys.index(key) if key in self.keys else None


class TableApp(App[None]):
    def __init__(self, source: Numbers) -> None:
        super().__init__()
        self.source = source
        self.highlighted: list[str] = []
        self.selected: list[str] = []
        self.titles: list[int] = []

    def compose(self) -> ComposeResult:
        yield WindowTable([WindowColumn("Who"), WindowColumn("Why", fit=True)])

    def on_mount(self) -> None:
        self.query_one(WindowTable).reload(self.source)

    def on_window_table_row_highlighted(self, event: WindowTable.RowHighlighted) -> None:
        self.highlighted.append(event.key)

    def on_window_table_header_selected(self, event: WindowTable.HeaderSelected) -> None:
        self.titles.append(event.column)

    def on_window_table_row_selected(self, event: WindowTable.RowSelected) -> None:
        self.selected.append(event.key)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def lines(app: App[None]) -> list[str]:
    table = app.query_one(WindowTable)
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


async def test_shows_the_rows_in_sight_and_asks_for_little() -> None:
    source = Numbers(100_000)
    app = TableApp(source)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        shown = lines(app)
        assert shown[0].split() == ["Who", "Why"]
        assert shown[1].split() == ["row", "0", "why", "0"]
        assert shown[11].split() == ["row", "10", "why", "10"]
        assert source.asked <= 300  # a window, not the book
        assert app.highlighted == ["0"]


async def test_cursor_keys_and_end_at_100000_rows() -> None:
    source = Numbers(100_000)
    app = TableApp(source)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        await pilot.press("down", "down")
        assert table.cursor_key == "2"
        await pilot.press("pagedown")
        assert table.cursor_row == 2 + 11
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_key == "99999"
        assert lines(app)[-1].split() == ["row", "99999", "why", "99999"]
        assert source.asked <= 600
        await pilot.press("pageup", "up")
        assert table.cursor_row == 99999 - 12
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor_key == "0"
        assert lines(app)[1].split() == ["row", "0", "why", "0"]
        await pilot.press("enter")
        assert app.selected == ["0"]
        assert app.highlighted[-1] == "0"


async def test_click_moves_the_cursor_and_a_second_click_selects() -> None:
    app = TableApp(Numbers(50))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await pilot.click(WindowTable, offset=(2, 4))
        assert app.query_one(WindowTable).cursor_key == "3"
        assert app.selected == []
        await pilot.click(WindowTable, offset=(2, 4))
        assert app.selected == ["3"]


async def test_reload_keeps_the_cursor_on_its_key() -> None:
    source = Numbers(1000)
    app = TableApp(source)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        table.move_cursor(500)
        await settle(pilot)
        assert table.cursor_key == "500"
        source.keys = source.keys[10:]  # ten rows above it gone
        table.reload()
        await settle(pilot)
        assert table.cursor_key == "500"
        assert table.cursor_row == 490
        table.move_to_key("900")
        await settle(pilot)
        assert table.cursor_key == "900"
        assert table.row_count == 990


async def test_the_fitted_column_narrows_to_the_width() -> None:
    class Long(Numbers):
        def rows(self, start: int, stop: int) -> Sequence[Row]:
            return [Row(k, (Text(f"row {k}"), Text("w" * 80))) for k in self.keys[start:stop]]

    app = TableApp(Long(5))
    async with app.run_test(size=(40, 8)) as pilot:
        await settle(pilot)
        assert all(len(line) <= 40 for line in lines(app))
        assert lines(app)[1].endswith("w")


async def test_looks_as_a_datatable_does() -> None:
    """Header, rows and cursor (focused) drawn with the same styles as DataTable's."""

    class Both(App[None]):
        def compose(self) -> ComposeResult:
            yield WindowTable([WindowColumn("Who"), WindowColumn("Why")], id="window")
            yield DataTable(cursor_type="row", id="data")

        def on_mount(self) -> None:
            data = self.query_one(DataTable)
            data.add_columns("Who", "Why")
            for row in Numbers(5).rows(0, 5):
                data.add_row(*row.cells, key=row.key)
            self.query_one(WindowTable).reload(Numbers(5))

    app = Both()
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        window, data = app.query_one(WindowTable), app.query_one(DataTable)
        for table in (window, data):
            table.styles.height = 6
        await settle(pilot)
        app.set_focus(None)
        await settle(pilot)
        assert not window.has_focus
        assert drawn(window) == drawn(data)
        window.focus()
        await settle(pilot)
        focused_window = drawn(window)
        data.focus()
        await settle(pilot)
        assert focused_window == drawn(data)


def drawn(table: WindowTable | DataTable[Text]) -> list[Strip]:
    """Its lines as it draws them, the mouse's metadata included (a click finds its row
    by it, and a snapshot's SVG shows each cell apart by it)."""
    return [table.render_line(y) for y in range(table.size.height)]


def shown_cells(table: WindowTable, index: int) -> list[str]:
    """The text of a row's cells (its page fetched: the small books of tests fit in one)."""
    row = table.row_at(index)
    assert row is not None, f"row {index} not fetched"
    return [cell.plain for cell in row.cells]


def _rich_cell(text: Text, width: int, pre: Style, post: Style) -> Strip:
    """A cell drawn by Rich's own steps (split, truncate, render, pad, style): what the
    plain-text way of draw_cell must give."""
    console = Console(width=200, color_system="truecolor")
    line = text.split("\n", allow_blank=True)[0] if "\n" in text.plain else text.copy()
    inner = max(width - 2, 0)
    line.truncate(inner, overflow=line.overflow or "fold")
    segments = [Segment(" "), *line.render(console, end="")]
    if inner > line.cell_len:
        segments.append(Segment(" " * (inner - line.cell_len)))
    segments.append(Segment(" "))
    return Strip(Segment.apply_style(segments, pre, post)).simplify()


@pytest.mark.parametrize(
    "plain",
    [
        "",
        "Jenna Brooks",
        "a name far longer than its column is wide",
        "first\nsecond",
        "李小龍 and 王菲",
        "José Ørsted",
        "tab\there",
    ],
)
@pytest.mark.parametrize("width", [2, 3, 10, 13, 60])
@pytest.mark.parametrize("post", [Style(), Style(color="red")])
def test_a_plain_cell_is_drawn_as_rich_draws_it(plain: str, width: int, post: Style) -> None:
    pre = Style(bgcolor="blue") + Style.from_meta({"row": 3, "column": 1})
    console = Console(width=200, color_system="truecolor")
    drawn = Strip(draw_cell(console, Text(plain), width, pre, post)).simplify()
    assert drawn.text == _rich_cell(Text(plain), width, pre, post).text
    assert list(drawn) == list(_rich_cell(Text(plain), width, pre, post))
    # A cell with styled parts still goes Rich's way, and the two ways agree on its text.
    styled = Text(plain)
    styled.stylize("bold", 0, 2)
    assert Strip(draw_cell(console, styled, width, pre, post)).text == drawn.text
