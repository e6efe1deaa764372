"""Log how a touch went in a few keys: reach, then what was said, then an optional note."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from followup_tui.clock import DateError, parse_date
from followup_tui.domain.model import Outcome, Reach, Said

REACH_KEYS: dict[str, Reach] = {
    "r": Reach.REACHED,
    "v": Reach.VOICEMAIL,
    "n": Reach.NO_ANSWER,
    "t": Reach.TEXTED,
    "e": Reach.EMAILED,
    "c": Reach.CARD_SENT,
}
SAID_KEYS: dict[str, Said] = {
    "g": Said.ALL_GOOD,
    "i": Said.ISSUE,
    "s": Said.RESOLVED,
    "l": Said.NOT_STARTED,
    "c": Said.CALL_ON,
    "h": Said.WANTS_TO_HOST,
    "j": Said.WANTS_TO_JOIN,
    "f": Said.REFERRAL,
    "o": Said.REORDER,
    "x": Said.NOT_INTERESTED,
    "d": Said.DO_NOT_CONTACT,
}
CHOICE_KEYS = {"w": "wait", "s": "substitute", "r": "refund"}
"""A corporate backorder's call: what she chose."""
SAID_WORDS = {
    Said.ALL_GOOD: "all good",
    Said.ISSUE: "an issue",
    Said.RESOLVED: "issue resolved",
    Said.NOT_STARTED: "not started yet (date)",
    Said.CALL_ON: "call me on (date)",
    Said.WANTS_TO_HOST: "wants to host",
    Said.WANTS_TO_JOIN: "wants to join",
    Said.REFERRAL: "gave a referral (name)",
    Said.REORDER: "wants to reorder",
    Said.NOT_INTERESTED: "not interested",
    Said.DO_NOT_CONTACT: "do not contact",
}


def _menu(keys: dict[str, Reach] | dict[str, Said], words: dict[str, str]) -> str:
    return "\n".join(f"[b]{key}[/b]  {words[key]}" for key in keys)


class LogOutcomeScreen(ModalScreen[Outcome | None]):
    """Answers the Outcome to log, or None when cancelled."""

    CSS_PATH = "log_outcome.tcss"
    # Single keys answer the first questions: no input may take them first.
    AUTO_FOCUS = ""
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="log-cancel")]

    def __init__(self, who: str, why: str, today: date, *, ask_choice: bool = False) -> None:
        super().__init__()
        self.who = who
        self.why = why
        self.today = today
        self.phase = "reach"
        self.reach: Reach | None = None
        self.said: Said | None = None
        self.value: date | None = None
        self.referral_name: str | None = None
        self.ask_choice = ask_choice
        self.choice: str | None = None
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="log-box"):
            yield Static(Text.assemble((self.who, "bold"), f": {self.why}"), id="log-title")
            yield Static(id="log-prompt")
            yield Input(id="log-value")
            yield Label("", id="log-error")
            yield Input(placeholder="note (optional), Enter to save", id="log-note")

    def on_mount(self) -> None:
        self.query_one("#log-box").border_title = "Log outcome"
        self._show_reach()

    def _show_reach(self) -> None:
        words = {k: r.value.replace("-", " ") for k, r in REACH_KEYS.items()}
        self.query_one("#log-prompt", Static).update("How did it go?\n" + _menu(REACH_KEYS, words))
        self.query_one("#log-value").display = False
        self.query_one("#log-note").display = False

    def _show_choices(self) -> None:
        self.phase = "choice"
        menu = "\n".join(f"[b]{key}[/b]  {choice}" for key, choice in CHOICE_KEYS.items())
        self.query_one("#log-prompt", Static).update("What did she choose?\n" + menu)

    def _show_said(self) -> None:
        self.phase = "said"
        words = {k: SAID_WORDS[s] for k, s in SAID_KEYS.items()}
        self.query_one("#log-prompt", Static).update("What was said?\n" + _menu(SAID_KEYS, words))

    def _ask_value(self) -> None:
        self.phase = "value"
        field = self.query_one("#log-value", Input)
        if self.said is Said.REFERRAL:
            prompt, field.placeholder = "Who did they refer?", "their name"
        else:
            prompt, field.placeholder = "Which date?", "YYYY-MM-DD, tomorrow, +3"
        self.query_one("#log-prompt", Static).update(
            f"{SAID_WORDS[self.said or Said.ALL_GOOD]}: {prompt}"
        )
        field.display = True
        field.focus()

    def _ask_note(self) -> None:
        self.phase = "note"
        summary = (self.reach.value if self.reach else "") + (
            f", {SAID_WORDS[self.said]}" if self.said else ""
        )
        if self.choice:
            summary += f", chose to {self.choice}"
        if self.value:
            summary += f" {self.value:%a %d %b}"
        if self.referral_name:
            summary += f" {self.referral_name}"
        self.query_one("#log-prompt", Static).update(Text(summary, style="bold"))
        self.query_one("#log-value").display = False
        note = self.query_one("#log-note", Input)
        note.display = True
        note.focus()

    def on_key(self, event: events.Key) -> None:
        if self.phase == "reach" and event.character in REACH_KEYS:
            event.stop()
            self.reach = REACH_KEYS[event.character]
            if self.reach is Reach.REACHED and self.ask_choice:
                self._show_choices()
            elif self.reach is Reach.REACHED:
                self._show_said()
            else:
                self._ask_note()
        elif self.phase == "choice" and event.character in CHOICE_KEYS:
            event.stop()
            self.choice = CHOICE_KEYS[event.character]
            self._ask_note()
        elif self.phase == "said" and event.character in SAID_KEYS:
            event.stop()
            self.said = SAID_KEYS[event.character]
            if self.said.needs_date or self.said is Said.REFERRAL:
                self._ask_value()
            else:
                self._ask_note()

    @on(Input.Submitted, "#log-value")
    def take_value(self, event: Input.Submitted) -> None:
        error = self.query_one("#log-error", Label)
        text = event.value.strip()
        if self.said is Said.REFERRAL:
            if not text:
                error.update("a name is needed")
                return
            self.referral_name = text
        else:
            try:
                when = parse_date(text, self.today)
            except DateError as exc:
                error.update(str(exc))
                return
            if when < self.today:
                error.update("pick today or a later date")
                return
            self.value = when
        error.update("")
        self._ask_note()

    @on(Input.Submitted, "#log-note")
    def save(self, event: Input.Submitted) -> None:
        assert self.reach is not None
        note = event.value.strip() or None
        self.dismiss(
            Outcome(self.reach, self.said, self.value, note, self.referral_name, self.choice)
        )

    def action_cancel(self) -> None:
        note = self.query_one("#log-note", Input)
        if note.display and note.value.strip() and not self.warned:
            # The note is typed by hand: the second escape discards it.
            self.warned = True
            self.query_one("#log-error", Label).update(
                "esc again to discard this log and its note; enter saves it"
            )
            return
        self.dismiss(None)
