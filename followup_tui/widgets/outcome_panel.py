"""The desk's Outcome pane: log how a touch went in a few keys (reach, then what was
said, then an optional note), and say what was logged and what comes next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label, Static

from followup_tui.clock import DateError
from followup_tui.domain.model import Outcome, Product, Reach, Said
from followup_tui.domain.outcomes import SUBSTITUTE
from followup_tui.domain.when import time_words
from followup_tui.errors import InputError
from followup_tui.safe_text import shown
from followup_tui.widgets.date_field import DateHint, warm_parser

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
    "m": Said.MEETING,
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
    Said.RESOLVED: "resolved",
    Said.NOT_STARTED: "not started (date)",
    Said.CALL_ON: "call on (date)",
    Said.MEETING: "meeting on (date)",
    Said.WANTS_TO_HOST: "wants to host",
    Said.WANTS_TO_JOIN: "wants to join",
    Said.REFERRAL: "referral (name)",
    Said.REORDER: "reorder",
    Said.NOT_INTERESTED: "not interested",
    Said.DO_NOT_CONTACT: "do not contact",
}


def _menu(choices: dict[str, str], width: int) -> Text:
    """Key and words for each choice, packed into lines without cutting a choice."""
    lines: list[Text] = []
    for key, words in choices.items():
        item = Text.assemble((key, "bold"), f" {words}")
        if lines and lines[-1].cell_len + 3 + item.cell_len <= width:
            lines[-1].append("   ")
            lines[-1].append_text(item)
        else:
            lines.append(item)
    return Text("\n").join(lines)


def _plain(words: str) -> str:
    return words.replace(" (date)", "").replace(" (name)", "")


def find_product(products: list[Product], text: str) -> Product | str:
    """The product named by its sku, its whole name, or words only it has; else what is
    wrong, in one line."""
    wanted = text.strip().lower()
    if not wanted:
        return "type the replacement's name or sku"
    exact = [p for p in products if wanted in (p.sku.lower(), p.name.lower())]
    if exact:
        return exact[0]
    words = wanted.split()
    found = [p for p in products if all(w in f"{p.name} {p.sku}".lower() for w in words)]
    if len(found) == 1:
        return found[0]
    if not found:
        return f"no product matches {text.strip()!r}"
    names = ", ".join(p.name for p in found[:3])
    return f"{len(found)} products match: {names}{', ...' if len(found) > 3 else ''}"


IDLE_HINT = "o  log how it went · ? every key"


class OutcomePanel(Vertical):
    """Always on the desk, so logging changes only this pane: the desk around it keeps
    its size and is not drawn again (a modal screen re-rendered and tinted the whole
    desk, 35-50 ms a key). The single-key questions are answered through `take_key`
    while the list keeps the focus: moving it would redraw the list and the footer."""

    BINDINGS = [Binding("escape", "cancel", "Cancel log", id="log-cancel")]

    active: reactive[bool] = reactive(False)
    """A log is being answered: the pane holds the keys until it is saved or cancelled."""

    def watch_active(self) -> None:
        # Open at once, so the question has its room in the frame that shows it.
        self.set_class(self.active, "-open")
        # The pane's highlight follows a frame later: restyling the pane and its fields
        # takes 3 ms, and the question (or the list moving on) is what must show first.
        self.call_after_refresh(lambda: self.set_class(self.active, "-active"))

    @dataclass
    class Chosen(Message):
        outcome: Outcome

    class Cancelled(Message):
        pass

    class StateChanged(Message):
        """Logging started or ended: the desk's keys change with it."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.today = date.min
        self.ask_choice = False
        self.offer_meeting = False
        self.phase = "idle"
        self.reach: Reach | None = None
        self.said: Said | None = None
        self.value: date | None = None
        self.at: str | None = None
        """The time said with the date ("tue after 6": "18:00")."""
        self.referral_name: str | None = None
        self.referral_phone: str | None = None
        self.referral_email: str | None = None
        self.referral_about: str | None = None
        self.choice: str | None = None
        self.replacement: Product | None = None
        self.warned = False
        self.who_why = ""
        self.phone_region = "US"
        self.products: list[Product] = []
        """The catalogue, for a substitute's replacement (given by the desk)."""

    def compose(self) -> ComposeResult:
        yield Static(id="outcome")
        yield Static(Text(IDLE_HINT, "dim"), id="log-hint")
        yield Static(id="log-title")
        yield Static(id="log-prompt")
        yield Input(id="log-value", compact=True)
        yield DateHint("log-value", required=True, keeps_time=True, lazy=True, id="log-when")
        yield Input(placeholder="note (optional), Enter to save", id="log-note", compact=True)
        yield Label("", id="log-error")

    def on_mount(self) -> None:
        self.border_title = "Outcome"
        self._show_idle()

    def _show(self, *ids: str) -> None:
        for child in self.children:
            child.display = child.id in ids

    def _show_idle(self) -> None:
        """One line: what the last action did, or, before any, the key that logs a call."""
        said = bool(self.query_one("#outcome", Static).content)
        self._show("outcome" if said else "log-hint")

    # --- the desk's side ---------------------------------------------------------------

    def say(self, text: Text | str) -> None:
        """What the last action did, shown until the next one. Names and notes in it
        are drawn, never obeyed (an older book may hold an ESC in a name)."""
        if isinstance(text, Text):
            # One character for one: the styles' spans still fit.
            text = text.copy()
            text.plain = shown(text.plain)
        else:
            text = shown(text)
        self.query_one("#outcome", Static).update(text)
        if self.phase == "idle":
            self._show_idle()

    def start(
        self,
        who: str,
        why: str,
        today: date,
        *,
        ask_choice: bool = False,
        offer_meeting: bool = False,
    ) -> None:
        """Ask how the call went. `ask_choice`: a corporate backorder's wait, substitute
        or refund; `offer_meeting`: the next meeting's date (a prospect's calls)."""
        self.today, self.ask_choice, self.offer_meeting = today, ask_choice, offer_meeting
        self.reach = self.said = self.value = self.at = None
        self.referral_name = self.referral_phone = self.referral_email = None
        self.referral_about = self.choice = self.replacement = None
        self.warned = False
        self.query_one("#log-value", Input).value = ""
        self.query_one("#log-note", Input).value = ""
        self.query_one("#log-error", Label).update("")
        self.who_why = f"{who}: {why}"
        self.phase = "reach"
        self._ask("How did it go?", {k: r.value.replace("-", " ") for k, r in REACH_KEYS.items()})
        self.active = True
        self.post_message(self.StateChanged())

    def resume(self, outcome: Outcome, why_not: str) -> None:
        """A log that was not saved comes back as it was answered, at its note, with the
        reason under it: nothing typed is lost, Enter tries again, esc gives it up."""
        self.reach, self.said, self.value = outcome.reach, outcome.said, outcome.on
        self.at = outcome.at
        self.referral_name, self.choice = outcome.referral_name, outcome.choice
        self.referral_phone, self.referral_email = outcome.referral_phone, outcome.referral_email
        self.referral_about = outcome.referral_about
        self.warned = False
        self.query_one("#log-note", Input).value = outcome.note or ""
        self._ask_note()
        self.query_one("#log-error", Label).update(why_not)
        self.active = True
        self.post_message(self.StateChanged())

    def _finish(self) -> None:
        self.phase = "idle"
        self._show_idle()
        self.active = False
        self.post_message(self.StateChanged())

    # --- the questions -----------------------------------------------------------------

    def _ask(self, question: str, choices: dict[str, str] | None = None) -> None:
        """The question first on its line (a long title is cut, never the question),
        then the keys that answer it, or the field that does."""
        self.query_one("#log-title", Static).update(
            Text.assemble((question, "bold"), "  ", self.who_why, ("  · esc cancels", "dim"))
        )
        if choices is not None:
            width = self.query_one("#log-prompt").size.width or self.size.width
            self.query_one("#log-prompt", Static).update(_menu(choices, width))
            self._show("log-title", "log-prompt")

    def _show_choices(self) -> None:
        self.phase = "choice"
        self._ask("What did she choose?", dict(CHOICE_KEYS))

    def _show_said(self) -> None:
        self.phase = "said"
        warm_parser()  # a date may be asked next: the library loads while she chooses
        self._ask("What was said?", {k: SAID_WORDS[s] for k, s in self._said_keys().items()})

    def _said_keys(self) -> dict[str, Said]:
        if self.offer_meeting:
            return SAID_KEYS
        return {key: said for key, said in SAID_KEYS.items() if said is not Said.MEETING}

    def _ask_value(self, phase: str = "value") -> None:
        """One line of text: a date, a referral's name (then her phone or email, then a
        line about her), or a substitute's product. The one field serves each in turn,
        so the pane keeps its size."""
        self.phase = phase
        field = self.query_one("#log-value", Input)
        field.value = ""
        field.suggester = None
        if phase == "reach-her":
            prompt, field.placeholder = "Her phone or email?", "optional: Enter skips"
        elif phase == "about":
            prompt, field.placeholder = "A line about her, for her card?", "optional"
        elif phase == "product":
            from textual.suggester import SuggestFromList

            prompt, field.placeholder = "Which product instead?", "its name or sku (→ completes)"
            field.suggester = SuggestFromList([p.name for p in self.products])
        elif self.said is Said.REFERRAL:
            prompt, field.placeholder = "Who did they refer?", "their name"
        else:
            prompt, field.placeholder = "Which date?", "tue, next friday 6pm, dec 8, in 2 weeks, +3"
        self._ask(f"{self.summary()}: {prompt}")
        self.query_one("#log-error", Label).update("")
        hint = self.query_one(DateHint)
        hint.today = self.today
        hint.clear()
        # A date's day shows as it is typed, in the error line's place.
        self._show("log-title", "log-value", "log-when" if phase == "date" else "log-error")
        field.focus()

    def summary(self) -> str:
        """The answers so far, in words: "reached, call me on Mon 30 Nov"."""
        words = self.reach.value if self.reach else ""
        if self.said:
            words += ", " + _plain(SAID_WORDS[self.said])
        if self.choice:
            words += f", chose to {self.choice}"
        if self.replacement:
            words += f" ({self.replacement.name})"
        if self.value:
            words += f" {self.value:%a %d %b}"
        if self.value and self.at:
            words += f" at {time_words(self.at)}"
        if self.referral_name:
            words += f" {self.referral_name}"
        return words

    def _ask_note(self) -> None:
        self.phase = "note"
        self._ask(f"{self.summary()}: a note?")
        self.query_one("#log-error", Label).update("")
        self._show("log-title", "log-note", "log-error")
        self.query_one("#log-note", Input).focus()

    @property
    def asking_keys(self) -> bool:
        """A single-key question is open: every key is an answer (or nothing)."""
        return self.phase in {"reach", "choice", "said"}

    def on_key(self, event: events.Key) -> None:
        if self.phase in {"value", "date", "note"} and event.key in {"tab", "shift+tab"}:
            event.stop()  # the answers so far stay until saved or cancelled

    def take_key(self, event: events.Key) -> None:
        """A key pressed while a single-key question is open. No other key reaches the
        desk meanwhile: u would undo an earlier log, down would move the list."""
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.action_cancel()
        elif self.phase == "reach" and event.character in REACH_KEYS:
            self.reach = REACH_KEYS[event.character]
            if self.reach is Reach.REACHED and self.ask_choice:
                self._show_choices()
            elif self.reach is Reach.REACHED:
                self._show_said()
            else:
                self._ask_note()
        elif self.phase == "choice" and event.character in CHOICE_KEYS:
            self.choice = CHOICE_KEYS[event.character]
            if self.choice == SUBSTITUTE:
                self._ask_value("product")
            else:
                self._ask_note()
        elif self.phase == "said" and event.character in self._said_keys():
            self.said = SAID_KEYS[event.character]
            if self.said.needs_date:
                self._ask_value("date")
            elif self.said is Said.REFERRAL:
                self._ask_value()
            else:
                self._ask_note()

    @on(Input.Submitted, "#log-value")
    def take_value(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#log-error", Label)
        text = event.value.strip()
        if self.phase == "product":
            found = find_product(self.products, text)
            if isinstance(found, str):
                error.update(found)
                return
            self.replacement = found
        elif self.phase == "reach-her":
            try:
                self._take_reach(text)
            except InputError as exc:
                error.update(str(exc))
                return
            self._ask_value("about")
            return
        elif self.phase == "about":
            self.referral_about = text or None
        elif self.said is Said.REFERRAL:
            if not text:
                error.update("a name is needed")
                return
            self.referral_name = text
            self._ask_value("reach-her")
            return
        else:
            hint = self.query_one(DateHint)
            try:
                when = hint.parse()  # what it means, or the forms that work, shows under it
            except DateError:
                return
            assert when is not None  # required: empty is a DateError
            if when.day < self.today:
                hint.refuse("pick today or a later date")
                return
            self.value, self.at = when.day, when.time
        error.update("")
        self._ask_note()

    @on(Input.Submitted, "#log-note")
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        assert self.reach is not None
        note = event.value.strip() or None
        outcome = Outcome(
            self.reach,
            self.said,
            self.value,
            note,
            self.referral_name,
            self.choice,
            skus=(self.replacement.sku,) if self.replacement else (),
            referral_phone=self.referral_phone,
            referral_email=self.referral_email,
            referral_about=self.referral_about,
            at=self.at,
        )
        self._finish()
        self.post_message(self.Chosen(outcome))

    def _take_reach(self, text: str) -> None:
        """Her phone or her email, told apart by the @; checked as quick add checks them."""
        from followup_tui.validation import normalise_email, normalise_phone

        self.referral_phone = self.referral_email = None
        if "@" in text:
            self.referral_email = normalise_email(text)
        elif text:
            self.referral_phone = normalise_phone(text, self.phone_region)

    def action_cancel(self) -> None:
        if self.phase == "idle":
            return
        note = self.query_one("#log-note", Input)
        if self.phase == "note" and note.value.strip() and not self.warned:
            # The note is typed by hand: the second escape discards it.
            self.warned = True
            self.query_one("#log-error", Label).update(
                "esc again to discard this log and its note; enter saves it"
            )
            return
        self._finish()
        self.post_message(self.Cancelled())
