"""What a WindowTable draws from: a row, the source that hands rows out, a column; and
a cell drawn straight from Text to segments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rich.cells import set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

NARROWEST = 8
"""A fitted column keeps at least this many characters (or its title): widgets/fit.py."""
PADDING = 1
"""Blank cells each side of a cell, as DataTable's default."""


@dataclass(frozen=True)
class Row:
    """One row: its key (stable across reloads, e.g. a database id) and its cells."""

    key: str
    cells: tuple[Text, ...]


def shows(row: Row) -> tuple[object, ...]:
    """What a row's line shows (text and styles of each cell): a line drawn for it
    serves any row that shows the same, in a later search too."""
    return tuple((cell.plain, str(cell.style), *cell.spans) for cell in row.cells)


class RowSource(Protocol):
    """Where the rows come from. Called from a thread worker: it must not touch widgets."""

    def count(self) -> int:
        """How many rows there are."""
        ...

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        """The rows from index `start` up to (not including) `stop`, in order."""
        ...

    def index_of(self, key: str) -> int | None:
        """Where the row with `key` is now, or None when it is gone."""
        ...


@dataclass
class WindowColumn:
    """A column: its title, and the width of its text (cells widen it, never narrow it).
    `fit`: this column narrows, its text cut, so the table fits its width."""

    title: str
    width: int = 0
    fit: bool = False
    drawn: int = field(default=0, init=False)
    """The width it is drawn at, padding included: worked out from the table's width."""


def beyond(index: int) -> Style:
    """The blank after the last column, as DataTable marks it."""
    return Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})


def draw_cell(console: Console, text: Text, width: int, pre: Style, post: Style) -> list[Segment]:
    """One line of `text` in a cell `width` wide: padded each side, cut at the edge, with
    the styles under and over it, as Rich draws a one-line DataTable cell."""
    inner = max(width - 2 * PADDING, 0)
    if not text.spans and text.overflow in (None, "fold", "crop"):
        # Plain text (a row's cells, as typed): one segment, ~10x quicker than Rich's
        # way below, which gives the same cells once the strip is simplified.
        plain = set_cell_size(text.plain.split("\n", 1)[0], inner)
        style = pre + post if post else pre
        return [Segment(f"{' ' * PADDING}{plain}{' ' * PADDING}", style)]
    line = text.split("\n", allow_blank=True)[0] if "\n" in text.plain else text.copy()
    line.truncate(inner, overflow=line.overflow or "fold")
    segments = [Segment(" " * PADDING)]
    segments.extend(line.render(console, end=""))
    fill = inner - line.cell_len
    if fill > 0:
        segments.append(Segment(" " * fill))
    segments.append(Segment(" " * PADDING))
    return list(Segment.apply_style(segments, pre, post))


def row_segments(
    console: Console,
    columns: Sequence[WindowColumn],
    row: Row,
    index: int,
    base: Style,
    cursor: Style | None,
    after: int,
) -> list[Segment]:
    """A row's line: each cell with DataTable's metadata (its row and column: a click
    finds its row by it, and a screenshot is a DataTable's), the cursor's look when it
    is on it, `after` blanks."""
    look, post = cursor or Style(), Style()
    if cursor is not None:
        post = Style.from_color(color=cursor.color)  # DataTable: the css colour wins
    segments: list[Segment] = []
    for number, (column, cell) in enumerate(zip(columns, row.cells, strict=False)):
        pre = base + Style.from_meta({"row": index, "column": number}) + look
        segments += draw_cell(console, cell, column.drawn, pre, post)
    segments.append(Segment(" " * after, base + look + beyond(index)))
    return segments
