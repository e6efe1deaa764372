"""A list's columns are as wide as their cells from the moment the rows go in."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from followup_tui.screens.base import fill_table

TITLES = ("Date", "Hostess", "Sales")


class Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()


def widths(table: DataTable[object]) -> list[int]:
    """Each column's width as drawn, padding left out."""
    padding = 2 * table.cell_padding
    return [column.get_render_width(table) - padding for column in table.ordered_columns]


async def test_columns_fit_their_cells_before_the_table_is_idle() -> None:
    async with Lists().run_test() as pilot:
        table = pilot.app.query_one(DataTable)
        table.add_columns(*TITLES)
        # WHEN rows are filled in, and no idle has come for DataTable to measure them
        fill_table(table, TITLES, [("1", ["Sun 22 Nov 2026", "Holly Rossi", Text("134.00")])])
        # THEN each column is already as wide as its widest cell (or its title)
        assert widths(table) == [15, 11, 6]
        assert table.get_row("1")[1] == Text("Holly Rossi")  # plain text, never markup


async def test_columns_grow_and_never_shrink_on_a_reload() -> None:
    async with Lists().run_test() as pilot:
        table = pilot.app.query_one(DataTable)
        table.add_columns(*TITLES)
        fill_table(table, TITLES, [("1", ["Sun 22 Nov 2026", "Holly Rossi", "134.00"])])
        # WHEN the list is shown again with shorter cells (discreet mode, fewer rows)
        fill_table(table, TITLES, [("2", ["Mon", "Amy [b]Lee", "1.00"])])
        # THEN the columns keep their widths, as DataTable's own do, so nothing shifts
        assert widths(table) == [15, 11, 6]
        assert list(table.rows) == ["2"]
        assert table.get_row("2")[1] == Text("Amy [b]Lee")
