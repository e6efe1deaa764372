"""A question in a modal: the answer is checked before the modal closes.

Most questions take one line; a note takes several, so a pasted note keeps its lines.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from followup_tui.safe_text import shown_line
from followup_tui.widgets.date_field import DateHint
from followup_tui.widgets.fields import LineInput, NoteInput, plain_breaks

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
        lines: bool = False,
        date_from: date | None = None,
    ) -> None:
        """`date_from`: the answer is a date from that day (the day it means shows as
        it is typed); `check` then sees only text that reads as a date."""
        super().__init__()
        self.title_text = title
        self.question = question
        self.placeholder = placeholder
        self.check = check
        self.initial = value
        self.lines = lines
        self.date_from = date_from
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.question, id="prompt-question")
            if self.lines:
                yield NoteInput(
                    plain_breaks(self.initial), placeholder=self.placeholder, id="prompt-input"
                )
                yield Static(
                    "[b]enter[/b] save · [b]ctrl+j[/b] new line · [b]esc[/b] cancel",
                    id="prompt-keys",
                )
            else:
                yield LineInput(value=self.initial, placeholder=self.placeholder, id="prompt-input")
            if self.date_from is not None:
                yield DateHint(
                    "prompt-input", self.date_from, required=True, keeps_time=True, id="prompt-when"
                )
            yield Label("", id="prompt-error")

    def on_mount(self) -> None:
        self.query_one("#prompt-box").border_title = escape(shown_line(self.title_text))
        field = self.query_one("#prompt-input")
        if isinstance(field, NoteInput):
            field.move_cursor(field.document.end)  # typing goes on after what is there
        field.focus()

    def typed(self) -> str:
        field = self.query_one("#prompt-input")
        if isinstance(field, TextArea):
            return field.text
        assert isinstance(field, Input)
        return field.value

    @on(Input.Changed)
    @on(TextArea.Changed)
    def clear_error(self) -> None:
        self.warned = False
        self.query_one("#prompt-error", Label).update("")

    @on(Input.Submitted)
    @on(NoteInput.Submitted)
    def answer(self, event: Input.Submitted | NoteInput.Submitted) -> None:
        text = event.value if isinstance(event, Input.Submitted) else event.text
        if self.date_from is not None and not self._reads_as_date():
            return
        error = self.check(text) if self.check else None
        if error:
            self.query_one("#prompt-error", Label).update(error)
            return
        self.dismiss(text)

    def _reads_as_date(self) -> bool:
        from followup_tui.clock import DateError

        try:
            self.query_one(DateHint).parse()  # what is wrong shows under the field
        except DateError:
            return False
        return True

    def action_cancel(self) -> None:
        typed = self.typed().strip()
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
    """A note is kept as given, line breaks included (each one stored as "\\n")."""
    return PromptScreen(
        f"Note about {about}",
        "What happened, what you learned:",
        check=lambda text: None if text.strip() else "the note is empty",
        lines=True,
    )


def facts_prompt(about: str) -> PromptScreen:
    """Facts on one line, checked before the prompt closes."""
    from followup_tui.errors import InputError
    from followup_tui.validation import parse_facts_line

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
