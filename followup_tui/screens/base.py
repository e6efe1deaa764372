"""What every full screen of the app shares: the app's context, discreet mode, back, and
failures as one line; and the lists' way of filling a table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from followup_tui.context import AppContext, app_context
from followup_tui.errors import StorageError
from followup_tui.safe_text import shown_line
from followup_tui.widgets.window_table import WindowTable
from followup_tui.words import failure_words

if TYPE_CHECKING:
    from followup_tui.services.contact_views import ContactLine


def app_discreet(app: App[Any]) -> bool:
    """The app's discreet mode: facts, notes and product names hidden."""
    return bool(getattr(app, "discreet", False))


class FollowupScreen(Screen[None]):
    # Textual repaints the whole screen when the focus moves (20 ms on the desk), though
    # the widgets that gain and lose it restyle and repaint themselves.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    @property
    def ctx(self) -> AppContext:
        """The database, today and her settings."""
        return app_context(self.app)

    @property
    def discreet(self) -> bool:
        return app_discreet(self.app)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed becomes a one-line notice, never a traceback."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            show_failure(self.app, event.worker.error)

    def on_window_table_failed(self, event: WindowTable.Failed) -> None:
        show_failure(self.app, event.error)


def show_failure(app: App[Any], error: BaseException) -> None:
    # A database that cannot be used stays on screen: an empty desk must not look normal.
    timeout = 3600 if isinstance(error, StorageError) else 8
    app.notify(failure_words(error), severity="error", timeout=timeout)


def fill_table(
    table: DataTable[Any],
    titles: Sequence[str],
    rows: Iterable[tuple[str, Sequence[str | Text]]],
    *,
    fit: str | None = None,
) -> None:
    """The table's rows, by key, each column as wide as its widest cell so far. The widths
    are set before the rows go in: DataTable measures cells when idle, and a frame drawn
    before then (a form opened at once over the list) cut every cell to its title. As
    DataTable's own, they grow and never shrink, so a reload does not shift the columns.
    `fit`: the title of the column that narrows, its text cut, so the table fits its
    width (widgets/fit.py; the table's CSS hides horizontal overflow)."""
    from textual.widgets._data_table import Column

    from followup_tui.widgets.fit import fit_column

    shown = [
        (key, [Text(shown_line(c)) if isinstance(c, str) else c for c in cells])
        for key, cells in rows
    ]
    widths = [Text(title).cell_len for title in titles]
    if len(table.ordered_columns) == len(titles):
        padding = 2 * table.cell_padding
        drawn = [Column.get_render_width(c, table) - padding for c in table.ordered_columns]
        widths = [max(width, old) for width, old in zip(widths, drawn, strict=True)]
    for _, cells in shown:
        widths = [max(width, cell.cell_len) for width, cell in zip(widths, cells, strict=True)]
    table.clear(columns=True)
    for title, width in zip(titles, widths, strict=True):
        column = table.add_column(title, width=width)
        if title == fit:
            fit_column(table, column)
    for key, cells in shown:
        table.add_row(*cells, key=key)


def add_plain_row(table: DataTable[object], *cells: object, key: str) -> None:
    """A row whose text shows as typed: a DataTable reads a str as markup, and a name
    like "Ann [/b]" must not break the screen, nor an ESC in it reach the terminal."""
    table.add_row(
        *(Text(shown_line(cell)) if isinstance(cell, str) else cell for cell in cells), key=key
    )


def contact_loader(ctx: AppContext) -> Callable[[], list[ContactLine]]:
    """Every contact, lightest columns only: what a search of names needs."""

    def load() -> list[ContactLine]:
        from followup_tui.services import contact_views

        return contact_views.contact_lines(ctx.database(), with_due=False)

    return load
