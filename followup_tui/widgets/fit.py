"""A table that fits its width: one column gives up room, its text cut, so that no
horizontal scrollbar hides the columns after it (an 80-column terminal)."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets._data_table import Column, ColumnKey

NARROWEST = 8
"""A fitted column keeps at least this many characters (or its title)."""


class FitColumn(Column):
    def get_render_width(self, data_table: DataTable[Any]) -> int:
        natural = super().get_render_width(data_table)
        room = data_table.scrollable_content_region.width
        if room <= 0:
            return natural  # not laid out yet
        others = sum(
            Column.get_render_width(column, data_table)
            for column in data_table.columns.values()
            if column is not self
        )
        padding = 2 * data_table.cell_padding
        least = padding + max(NARROWEST, self.label.cell_len)
        return max(min(natural, room - others), min(least, natural))


def fit_column(table: DataTable[Any], key: ColumnKey | str) -> None:
    """Column `key` narrows to what the others leave of the table's width. Its table
    must hide horizontal overflow in its CSS (`overflow-x: hidden`): the width it measured
    before a resize is not measured again until its rows change."""
    column = table.columns[ColumnKey(key) if isinstance(key, str) else key]
    table.columns[column.key] = FitColumn(
        column.key, column.label, column.width, column.content_width, column.auto_width
    )
