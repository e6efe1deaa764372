"""What every full screen of the app shares: the typed app, and failures as one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from followup_tui.errors import StorageError
from followup_tui.words import failure_words

if TYPE_CHECKING:
    from followup_tui.app import FollowupApp


class FollowupScreen(Screen[None]):
    # Textual repaints the whole screen when the focus moves (20 ms on the desk), though
    # the widgets that gain and lose it restyle and repaint themselves.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    @property
    def followup(self) -> FollowupApp:
        """The app, typed: its database, today and settings."""
        from followup_tui.app import FollowupApp

        assert isinstance(self.app, FollowupApp)
        return self.app

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed becomes a one-line notice, never a traceback."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            show_failure(self.app, event.worker.error)


def show_failure(app: App[Any], error: BaseException) -> None:
    # A database that cannot be used stays on screen: an empty desk must not look normal.
    timeout = 3600 if isinstance(error, StorageError) else 8
    app.notify(failure_words(error), severity="error", timeout=timeout)


def add_plain_row(table: DataTable[object], *cells: object, key: str) -> None:
    """A row whose text shows as typed: a DataTable reads a str as markup, and a name
    like "Ann [/b]" must not break the screen."""
    table.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells), key=key)
