"""A form that saves itself: closes only once its save has landed; a refusal is said in
the form, on its own line, and everything typed stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Label
from textual.worker import Worker, WorkerState

from followup_tui.words import failure_words

Answer = TypeVar("Answer")

SAVE_GROUP = "form-save"


class SavingForm(ModalScreen[Answer | None], Generic[Answer]):
    """Subclasses name the line a refusal shows on (REFUSAL_LINE), check what was typed,
    and call `save_in_worker` with the save to run; its answer is what the form gives back.
    """

    REFUSAL_LINE: ClassVar[str] = "#form-error"
    HIDE_EMPTY_REFUSAL: ClassVar[bool] = True
    """The refusal line takes no room while there is nothing to say."""

    saving = False
    """A save is on its way: a second ctrl+s must not save twice, nor escape drop it."""

    def say_refusal(self, message: str) -> None:
        line = self.query_one(self.REFUSAL_LINE, Label)
        line.update(message)
        if self.HIDE_EMPTY_REFUSAL:
            line.display = bool(message)

    def save_in_worker(self, save: Callable[[], Answer]) -> None:
        self.saving = True
        self.run_worker(save, thread=True, group=SAVE_GROUP, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != SAVE_GROUP:
            return
        if event.state is WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state is WorkerState.ERROR:
            # Every failure is said in the form; nothing typed is lost.
            self.saving = False
            self.say_refusal(failure_words(event.worker.error or RuntimeError()))

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)
