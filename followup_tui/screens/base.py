"""What every full screen of the app shares: the typed app, and failures as one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from followup_tui.validation import InputError

if TYPE_CHECKING:
    from followup_tui.app import FollowupApp


class FollowupScreen(Screen[None]):
    @property
    def followup(self) -> FollowupApp:
        """The app, typed: its database, today and settings."""
        from followup_tui.app import FollowupApp

        assert isinstance(self.app, FollowupApp)
        return self.app

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed becomes a one-line notice, never a traceback."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.notify(failure_words(event.worker.error), severity="error")


def failure_words(error: BaseException) -> str:
    if isinstance(error, InputError):
        return str(error)
    # The type only: a message could carry a contact's data.
    return f"Could not do that ({type(error).__name__}); nothing was lost."
