"""The floors: Textual apps with no data, run as `python -m benchmarks.bare_apps NAME`.

`five`: a header, two tables, two statics and a footer (the issue's floor).
`desk`: the desk's widgets, nested as the desk nests them, with Textual's own styles.
Each shows one row, FIRST_ROW, in its first table: the marker of its first frame.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Label, ProgressBar, Static

FIRST_ROW = "Bare First-Row"


class FiveWidgets(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="today")
            yield DataTable()
        yield Static("card")
        yield Static("script")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#today", DataTable)
        table.add_columns("Who", "When", "By", "Why")
        table.add_row(FIRST_ROW, "today", "call", "why")


class DeskWidgets(App[None]):
    BINDINGS = [(key, "bell", key) for key in "ounfsrl?"]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="today")
            with Vertical():
                with VerticalScroll():
                    yield Static()
                with VerticalScroll():
                    yield Static()
        with Vertical():
            yield Static()
            yield Static()
            yield Static()
            yield Static()
            yield Input()
            yield Input()
            yield Label()
        yield ProgressBar()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#today", DataTable)
        table.add_columns("Who", "When", "By", "Why")
        table.add_row(FIRST_ROW, "today", "call", "why")


APPS: dict[str, type[App[None]]] = {"five": FiveWidgets, "desk": DeskWidgets}

if __name__ == "__main__":
    APPS[sys.argv[1]]().run()
