"""`followup capture`: straight into quick-add, and out again once saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from followup_tui.screens.base import FollowupScreen
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.words import added_words, failure_words

if TYPE_CHECKING:
    from followup_tui.domain.model import NewContact


class CaptureScreen(FollowupScreen):
    def compose(self) -> ComposeResult:
        yield Static(id="capture-status")

    typed: NewContact | None = None
    """What was typed, kept until it is saved."""

    def on_mount(self) -> None:
        self.ask()

    def ask(self) -> None:
        region = self.ctx.settings.phone_region
        self.app.push_screen(QuickAddScreen(phone_region=region, typed=self.typed), self.answered)

    def answered(self, new: NewContact | None) -> None:
        if new is None:
            self.app.exit(message="Nothing added.")
        else:
            self.query_one("#capture-status", Static).update("Saving...")
            self.typed = new
            self.save(new)

    @work(thread=True, exit_on_error=False)
    def save(self, new: NewContact) -> None:
        from followup_tui.services import contacts

        added = contacts.quick_add(self.ctx.database(), new, self.ctx.today)
        said = added_words(added.name, added.contact_id, added.first_title, added.first_due)
        self.app.call_from_thread(self.app.exit, message=said)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            # Never lose what was typed: say why, and open the form again.
            self.notify(f"Not saved: {failure_words(event.worker.error)}", severity="error")
            self.ask()
