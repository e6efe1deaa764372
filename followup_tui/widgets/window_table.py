"""A table that draws only the rows in sight, from a source that hands out a window of
rows at a time (SQL with LIMIT/OFFSET): a list of 100,000 shows as fast as one of 50.

DataTable takes every row and measures every cell before its first frame (~0.2 ms a row,
seconds for a big book). Here the screen gives the columns' widths, a source says how many
rows there are and hands out the rows of a window; pages are fetched in a thread worker as
the cursor nears them and kept. It looks and answers like a row-cursor DataTable.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from followup_tui.widgets.window_rows import (
    NARROWEST,
    PADDING,
    Row,
    RowSource,
    WindowColumn,
    beyond,
    draw_cell,
    row_segments,
    shows,
)

__all__ = ["Row", "RowSource", "WindowColumn", "WindowTable"]

PAGE = 100
"""Rows fetched at a time: a tall terminal's screenful and then some, ~1-5 ms from SQL."""
AHEAD = 30
"""When the rows in sight come this close to a page not fetched, it is fetched."""
KEPT_PAGES = 40
"""Pages kept (4,000 rows): going back up a long list does not ask again."""


@dataclass
class _Shown:
    """What a reload found: the count, the page of rows around the cursor, where it is."""

    generation: int
    count: int
    start: int
    rows: Sequence[Row]
    cursor: int


class WindowTable(ScrollView, can_focus=True):
    """Rows from a `RowSource`, a window at a time, with a row cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "window-table--header",
        "window-table--cursor",
    }

    # DataTable's look, so a screen moved over to this one looks the same.
    DEFAULT_CSS = """
    WindowTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .window-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .window-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .window-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .window-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .window-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    @dataclass
    class _Said(Message):
        """What the table tells its screen; `control` for `@on(..., "#id")`."""

        table: WindowTable

        @property
        def control(self) -> WindowTable:
            return self.table

    @dataclass
    class RowHighlighted(_Said):
        """The cursor came to a row (sent once the row's data is at hand)."""

        index: int
        key: str

    @dataclass
    class RowSelected(_Said):
        """Enter on a row, or a click on the row under the cursor."""

        index: int
        key: str

    @dataclass
    class Reloaded(_Said):
        """A reload (or show) has counted the rows: a title or an empty note follows it."""

        row_count: int

    @dataclass
    class HeaderSelected(_Said):
        """A click on a column's title (to sort by it, say)."""

        column: int

    @dataclass
    class Failed(_Said):
        """The source failed (a locked or broken book): the screen says so in a line."""

        error: BaseException

    cursor_row: var[int] = var(0, always_update=True)
    """The index of the row under the cursor (0 when the table is empty)."""

    def __init__(self, columns: Sequence[WindowColumn], *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.columns = list(columns)
        self.source: RowSource | None = None
        self.row_count = 0
        self._generation = 0
        """Goes up on every reload: pages fetched for an older one are dropped."""
        self._pages: OrderedDict[int, Sequence[Row]] = OrderedDict()
        self._asked: set[int] = set()
        """Pages a worker is fetching now."""
        self._lines: OrderedDict[tuple[object, ...], Strip] = OrderedDict()
        """Lines drawn, by what they show (the row's cells, the cursor, the width...)."""
        self._drawn: list[tuple[str, int]] = []
        """The columns' titles and widths the lines were drawn at."""
        self._base = Style()
        self._cursor_look = Style()
        """The table's style and the cursor's, looked up once a frame (not once a line:
        ~0.1 ms each)."""
        self._highlighted: str | None = None
        """The key last told in a RowHighlighted: not told twice."""

    # -- what the screen calls ------------------------------------------------------

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, None when empty or not fetched yet."""
        row = self.row_at(self.cursor_row)
        return row.key if row is not None else None

    def reload(self, source: RowSource | None = None, *, key: str | None = None) -> None:
        """Count and fetch again (in a thread), the cursor staying on its row's key, or
        going to `key`. `source`: a new source (a new filter, a new order)."""
        if source is not None:
            self.source = source
        if self.source is None:
            return
        self._generation += 1
        generation, cursor = self._generation, self.cursor_row
        keep = key if key is not None else self.cursor_key
        self.run_worker(
            lambda: self._count_and_fetch(generation, keep, cursor),
            thread=True,
            group="window-reload",
            exclusive=True,
            exit_on_error=False,
        )

    def show(
        self,
        source: RowSource,
        count: int,
        rows: Sequence[Row],
        *,
        start: int = 0,
        keep: bool = True,
    ) -> None:
        """Rows a screen's own worker has already fetched (from `start`): drawn at once,
        the cursor kept on its key when that row is among them (`keep`), else on the first."""
        self.source = source
        self._generation += 1
        kept = self.cursor_key if keep else None
        cursor = self.cursor_row if keep else 0
        for offset, row in enumerate(rows):
            if row.key == kept:
                cursor = start + offset
        self._take(_Shown(self._generation, count, start, rows, cursor))

    def move_to_key(self, key: str) -> None:
        """The cursor to the row with `key` (found by the source, in a thread)."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.key == key:
                    self.move_cursor(page * PAGE + offset)
                    return
        self.reload(key=key)

    def move_cursor(self, index: int) -> None:
        self.cursor_row = index

    def clear(self) -> None:
        self._generation += 1
        self._take(_Shown(self._generation, 0, 0, (), 0))

    # -- fetching ---------------------------------------------------------------------

    def _count_and_fetch(self, generation: int, key: str | None, cursor: int) -> None:
        source = self.source
        assert source is not None
        count = source.count()
        if key is not None:
            found = source.index_of(key)
            if found is not None:
                cursor = found
        cursor = max(0, min(cursor, count - 1))
        start = max(0, cursor - PAGE // 2) // PAGE * PAGE
        rows = source.rows(start, min(start + 2 * PAGE, count))
        self.app.call_from_thread(self._take, _Shown(generation, count, start, rows, cursor))

    def _take(self, shown: _Shown) -> None:
        if shown.generation != self._generation:
            return  # a newer reload is under way
        self._pages.clear()
        self._asked.clear()
        # The lines drawn stay: each is kept by what it shows (a search typed on shows
        # many of the same rows again).
        for first in range(0, len(shown.rows), PAGE):
            self._keep(shown.start // PAGE + first // PAGE, shown.rows[first : first + PAGE])
        self.row_count = shown.count
        self._set_size()
        self._highlighted = None
        self.cursor_row = shown.cursor
        self.refresh()
        self.post_message(self.Reloaded(self, shown.count))

    def _keep(self, page: int, rows: Sequence[Row]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        for row in rows:
            for column, cell in zip(self.columns, row.cells, strict=False):
                if cell.cell_len > column.width:
                    column.width = cell.cell_len

    def _fetch(self, page: int) -> None:
        if page in self._pages or page in self._asked or self.source is None:
            return
        self._asked.add(page)
        generation, source = self._generation, self.source
        start, stop = page * PAGE, min(page * PAGE + PAGE, self.row_count)

        def fetch() -> None:
            rows = source.rows(start, stop)
            self.app.call_from_thread(self._page_arrived, generation, page, rows)

        self.run_worker(fetch, thread=True, group="window-page", exit_on_error=False)

    def _page_arrived(self, generation: int, page: int, rows: Sequence[Row]) -> None:
        self._asked.discard(page)
        if generation != self._generation:
            return
        widths = [column.width for column in self.columns]
        self._keep(page, rows)
        if widths != [column.width for column in self.columns]:
            self._set_size()
        self._lines.clear()
        self.refresh()
        self._tell_highlight()

    def row_at(self, index: int) -> Row | None:
        """The row at `index` if its page is at hand (fetched), else None."""
        if not 0 <= index < self.row_count:
            return None
        rows = self._pages.get(index // PAGE)
        if rows is None or index % PAGE >= len(rows):
            return None
        return rows[index % PAGE]

    def _fetch_near(self, first: int, last: int) -> None:
        """Pages for rows `first`..`last` (in sight) and those AHEAD rows either side."""
        low = max(0, first - AHEAD) // PAGE
        high = min(self.row_count - 1, last + AHEAD) // PAGE
        for page in range(low, high + 1):
            self._fetch(page)

    # -- sizes ---------------------------------------------------------------------------

    def _set_size(self) -> None:
        room = self.scrollable_content_region.width
        natural = [
            max(column.width, Text(column.title).cell_len) + 2 * PADDING for column in self.columns
        ]
        for column, width in zip(self.columns, natural, strict=True):
            column.drawn = width
        for column, width in zip(self.columns, natural, strict=True):
            if column.fit and room > 0:
                others = sum(natural) - width
                least = 2 * PADDING + max(NARROWEST, Text(column.title).cell_len)
                column.drawn = max(min(width, room - others), min(least, width))
        drawn = [(column.title, column.drawn) for column in self.columns]
        if drawn != self._drawn:
            self._drawn = drawn
            self._lines.clear()
        # What fits is sized as the room (less a scrollbar that may come): a size that
        # changes lays the whole screen out again (~15 ms at 100,000), and a search's
        # rows and "Found in" width change at each key while they still fit.
        styles = self.styles
        width = max(sum(c.drawn for c in self.columns), room - styles.scrollbar_size_vertical)
        height = max(
            self.row_count + 1,
            self.scrollable_content_region.height - styles.scrollbar_size_horizontal,
        )
        self.virtual_size = Size(width, height)

    def on_resize(self) -> None:
        self._set_size()
        self._cursor_in_sight()

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar comes (or goes) with the rows, after the widths were worked out
        # and with no resize: the fitted column makes room for it again, or the last
        # column is drawn under it (a date cut at 80 columns).
        self._set_size()
        self.refresh()

    @property
    def _rows_in_sight(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)  # less the header

    # -- the cursor ----------------------------------------------------------------------

    def validate_cursor_row(self, index: int) -> int:
        return max(0, min(index, self.row_count - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._cursor_in_sight()
        self._fetch_near(new, new)
        self.refresh()
        self._tell_highlight()

    def _tell_highlight(self) -> None:
        row = self.row_at(self.cursor_row)
        if row is not None and row.key != self._highlighted:
            self._highlighted = row.key
            self.post_message(self.RowHighlighted(self, self.cursor_row, row.key))

    def _cursor_in_sight(self) -> None:
        top, rows = round(self.scroll_y), self._rows_in_sight
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + rows:
            self.scroll_to(y=self.cursor_row - rows + 1, animate=False)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= self._rows_in_sight

    def action_page_down(self) -> None:
        self.cursor_row += self._rows_in_sight

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = self.row_count - 1

    def action_select_cursor(self) -> None:
        row = self.row_at(self.cursor_row)
        if row is not None:
            self.post_message(self.RowSelected(self, self.cursor_row, row.key))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < 1:
            self._header_clicked(offset.x)
            return
        index = round(self.scroll_y) + offset.y - 1
        if index >= self.row_count:
            return
        if index == self.cursor_row:
            self.action_select_cursor()
        else:
            self.cursor_row = index

    def _header_clicked(self, x: int) -> None:
        for number, column in enumerate(self.columns):
            if x < column.drawn:
                self.post_message(self.HeaderSelected(self, number))
                return
            x -= column.drawn

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A worker's failure is told to its node only: pass it up to the screen.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self._asked.clear()  # asked again when next in sight
            self.post_message(self.Failed(self, event.worker.error))

    # -- drawing ---------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style
        self._cursor_look = self.get_component_rich_style("window-table--cursor")
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base
        state = (width, base, self.has_focus)
        if y == 0:
            return self._cached(("header", *state), base, self._header_segments)
        index = round(self.scroll_y) + y - 1
        if y == 1:  # the first line in sight: fetch what is near it
            self._fetch_near(index, index + self._rows_in_sight)
        if index >= self.row_count:
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, base)  # its page is on its way
        cursor = index == self.cursor_row
        return self._cached(
            (row.key, index, cursor, shows(row), *state),
            base,
            lambda: self._row_segments(row, index, cursor),
        )

    def _cached(
        self, key: tuple[object, ...], base: Style, draw: Callable[[], list[Segment]]
    ) -> Strip:
        strip = self._lines.get(key)
        if strip is None:
            segments = draw()
            strip = Strip(segments).adjust_cell_length(self.size.width, base).simplify()
            self._lines[key] = strip
            if len(self._lines) > 400:
                self._lines.popitem(last=False)
        return strip

    def _header_segments(self) -> list[Segment]:
        style = self.get_component_styles("window-table--header").rich_style
        segments: list[Segment] = []
        for number, column in enumerate(self.columns):
            pre = style + Style.from_meta({"row": -1, "column": number})
            segments += draw_cell(self.app.console, Text(column.title), column.drawn, pre, Style())
        segments.append(Segment(" " * self._room_after(), style + beyond(-1)))
        return segments

    def _row_segments(self, row: Row, index: int, cursor: bool) -> list[Segment]:
        look = self._cursor_look if cursor else None
        after = self._room_after()
        return row_segments(self.app.console, self.columns, row, index, self._base, look, after)

    def _room_after(self) -> int:
        return max(0, self.size.width - sum(column.drawn for column in self.columns))
