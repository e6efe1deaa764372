"""A one-line question in a modal: the answer is checked before the modal closes."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

Check = Callable[[str], str | None]
"""Returns an error message, or None when the text is fine."""


class PromptScreen(ModalScreen[str | None]):
    CSS_PATH = "prompt.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt-cancel")]

    def __init__(
        self,
        title: str,
        question: str,
        *,
        placeholder: str = "",
        check: Check | None = None,
        value: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.placeholder = placeholder
        self.check = check
        self.initial = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.question, id="prompt-question")
            yield Input(value=self.initial, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error")

    def on_mount(self) -> None:
        self.query_one("#prompt-box").border_title = self.title_text
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Changed)
    def clear_error(self) -> None:
        self.query_one("#prompt-error", Label).update("")

    @on(Input.Submitted)
    def answer(self, event: Input.Submitted) -> None:
        error = self.check(event.value) if self.check else None
        if error:
            self.query_one("#prompt-error", Label).update(error)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
