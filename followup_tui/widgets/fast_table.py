"""A DataTable of one-line text cells that draws and grows fast: a cell's line straight
from its Text, not through Rich's console, and many rows added at once. Today's list
draws all its lines again at every change (a call logged, a window added) and adds
thousands of rows at `End`."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.render import measure
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import (
    CellCacheKey,
    DuplicateKey,
    Row,
    RowKey,
    default_cell_formatter,
)


class FastTable(DataTable[str | Text]):
    _frame_style: Style | None = None
    """The table's own style while a frame is drawn."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A call's cell, drawn as DataTable draws it but without Rich's console: every
        change to the list (a call logged, a window added) draws all its lines again, and
        the console's way took 15 ms for a screenful. A test holds the two equal."""
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key: CellCacheKey = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        lines = self._cell_render_cache.get(cache_key)
        if lines is None:
            cell = self._get_row_renderables(row_index).cells[column_index]
            if not isinstance(cell, Text) or cell.justify not in (None, "default", "left"):
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            component_style, post_style = self._get_styles_to_render_cell(
                False,
                False,
                row_index < self.fixed_rows or column_index < self.fixed_columns,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
            style = pre_style + component_style
            lines = [_one_line(self.app.console, cell, width, self.cell_padding, style, post_style)]
            self._cell_render_cache[cache_key] = lines
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        # DataTable asks for its own style once a line, and Textual works it out afresh
        # from every ancestor each time: once a frame is enough.
        self._frame_style = self.rich_style  # worked out afresh: it is None between frames
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    @property
    def rich_style(self) -> Style:
        return self._frame_style or super().rich_style

    def _append_rows(self, rows: list[tuple[str, tuple[str | Text, ...]]]) -> None:
        """DataTable.add_row for many rows at once: what it does for each row (the cursor
        checked again, the table told it changed) once for them all. `End` adds thousands
        of rows, and add_row took 80 us a row for those two."""
        if not rows:
            return
        was_empty = not self.rows
        keys = [column.key for column in self.ordered_columns]
        blank = ("",) * len(keys)
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = len(self.rows)
            self._data[row_key] = dict(zip(keys, cells + blank[len(cells) :], strict=True))
            self.rows[row_key] = Row(row_key, 1)
            self._new_rows.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does for the first row
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Column widths from the new rows, as DataTable works them out, without Rich's
        measuring: every cell here is one line of text a row high (0.2 ms a row that way,
        seconds for `End`). Anything else is measured as DataTable does."""
        columns = self.ordered_columns
        for row_key in new_rows:
            data = self._data.get(row_key)
            if data is None:
                continue  # removed before the table was idle
            for column in columns:
                cell = data.get(column.key, "")
                if isinstance(cell, Text) and "\n" not in cell.plain:
                    width = cell.cell_len
                elif isinstance(cell, str) and not any(c in cell for c in "[\n"):
                    width = cell_len(cell)  # no markup in it: drawn as it is
                else:
                    width = measure(self.app.console, self._cell_renderable(cell), 1)
                if width > column.content_width:
                    column.content_width = width
        width = sum(column.get_render_width(self) for column in self.columns.values())
        height = self._total_row_height + (self.header_height if self.show_header else 0)
        self.virtual_size = Size(width + self._row_label_column_width, height)

    def _cell_renderable(self, cell: object) -> RenderableType:
        return default_cell_formatter(cell) or Text()


def _one_line(
    console: Console, text: Text, width: int, padding: int, pre_style: Style, post_style: Style
) -> list[Segment]:
    """One line of `text` in a cell `width` wide: padded each side, cut at the edge, with
    the styles under and over it, as Rich renders a one-line DataTable cell."""
    inner = max(width - 2 * padding, 0)
    line = text.split("\n", allow_blank=True)[0] if "\n" in text.plain else text.copy()
    if "\t" in line.plain:
        line.expand_tabs(text.tab_size or console.tab_size or 8)
    line.truncate(inner, overflow=line.overflow or "fold")
    segments = [Segment(" " * padding)] if padding else []
    segments.extend(line.render(console, end=""))
    fill = inner - line.cell_len
    if fill > 0:
        segments.append(Segment(" " * fill))
    if padding:
        segments.append(Segment(" " * padding))
    return list(Segment.apply_style(segments, pre_style, post_style))
