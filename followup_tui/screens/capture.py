"""`followup capture`: straight into quick-add, and out again once saved.

`--on-duplicate` says what happens to someone already there (the import's words): skip
(the default) lets the form name her and wait (ctrl+o opens her, ctrl+s again adds
anyway); leaving without adding her then exits 2 with that one line. merge folds what was
typed into her; add adds anyway. Either way, without asking.
"""

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

EXIT_ALREADY_THERE = 2
"""As the shell's bad input: nothing was added."""


class CaptureScreen(FollowupScreen):
    def __init__(self, on_duplicate: str = "skip") -> None:
        super().__init__()
        self.on_duplicate = on_duplicate
        """skip, merge or add (checked by the command line)."""

    def compose(self) -> ComposeResult:
        yield Static(id="capture-status")

    typed: NewContact | None = None
    """What was typed, kept until it is saved."""
    form: QuickAddScreen | None = None
    already_there: str | None = None
    """The form's "already there: #202 Dana Kim (same phone)", once she left it unadded."""

    def on_mount(self) -> None:
        self.ask()

    def ask(self) -> None:
        region = self.ctx.settings.phone_region
        self.form = QuickAddScreen(
            phone_region=region, typed=self.typed, ask_duplicates=self.on_duplicate == "skip"
        )
        self.app.push_screen(self.form, self.answered)

    def answered(self, new: NewContact | None) -> None:
        if new is not None:
            self.query_one("#capture-status", Static).update("Saving...")
            self.typed = new
            self.save(new)
            return
        duplicate = self.form.duplicate if self.form else None
        if duplicate is None:
            self.app.exit(message="Nothing added.")
            return
        from followup_tui.services.adding import duplicate_words

        self.already_there = duplicate_words(duplicate)
        if self.form is None or self.form.opened is None:
            self._leave_unadded()
        # else her card opens over this screen, and leaving it leaves the app

    card_shown = False
    """Her card (ctrl+o in the form) went over this screen."""

    def on_screen_suspend(self) -> None:
        self.card_shown = self.already_there is not None

    def on_screen_resume(self) -> None:
        if self.card_shown:
            self._leave_unadded()

    def _leave_unadded(self) -> None:
        self.app.exit(return_code=EXIT_ALREADY_THERE, message=self.already_there)

    @work(thread=True, exit_on_error=False)
    def save(self, new: NewContact) -> None:
        from followup_tui.services import contacts
        from followup_tui.transfer.plan import OnDuplicate

        # The form has asked already (skip), or was told not to: merge, or add anyway.
        on_duplicate = OnDuplicate.MERGE if self.on_duplicate == "merge" else OnDuplicate.ADD
        added = contacts.quick_add(self.ctx.database(), new, self.ctx.today, None, on_duplicate)
        said = added.merged or added_words(
            added.name, added.contact_id, added.first_title, added.first_due
        )
        self.app.call_from_thread(self.app.exit, message=said)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            # Never lose what was typed: say why, and open the form again.
            self.notify(f"Not saved: {failure_words(event.worker.error)}", severity="error")
            self.ask()
