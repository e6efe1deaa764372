"""A one-line question in a modal: the answer is checked before the modal closes."""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
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
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.question, id="prompt-question")
            yield Input(value=self.initial, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error")

    def on_mount(self) -> None:
        self.query_one("#prompt-box").border_title = escape(self.title_text)
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Changed)
    def clear_error(self) -> None:
        self.warned = False
        self.query_one("#prompt-error", Label).update("")

    @on(Input.Submitted)
    def answer(self, event: Input.Submitted) -> None:
        error = self.check(event.value) if self.check else None
        if error:
            self.query_one("#prompt-error", Label).update(error)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        typed = self.query_one("#prompt-input", Input).value.strip()
        if typed and typed != self.initial.strip() and not self.warned:
            # Never lose a note to a stray key: the second escape discards.
            self.warned = True
            self.query_one("#prompt-error", Label).update(
                "esc again to discard what you typed; enter saves it"
            )
            return
        self.dismiss(None)


def when_answered(save: Callable[[str], object]) -> Callable[[str | None], None]:
    """A push_screen callback that saves a non-empty answer and ignores a cancel."""

    def answered(text: str | None) -> None:
        if text:
            save(text)

    return answered


def note_prompt(about: str) -> PromptScreen:
    return PromptScreen(
        f"Note about {about}",
        "What happened, what you learned:",
        check=lambda text: None if text.strip() else "the note is empty",
    )


def facts_prompt(about: str) -> PromptScreen:
    """Facts on one line, checked before the prompt closes."""
    from followup_tui.validation import InputError, parse_facts_line

    def check(text: str) -> str | None:
        try:
            parse_facts_line(text)
        except InputError as exc:
            return str(exc)
        return None

    return PromptScreen(
        f"Facts about {about}",
        "key: value, several split by commas",
        placeholder="perfume: Chanel No 5, kids: 2 (Emma 6)",
        check=check,
    )
