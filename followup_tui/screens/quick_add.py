"""Quick-add: a new contact with notes in seconds, checked as you type, and never a
second Dana without a word."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from followup_tui.context import app_context
from followup_tui.domain.model import Kind, Level, NewContact
from followup_tui.messages import OpenContact
from followup_tui.validation import (
    FactsLine,
    clean_name,
    normalise_email,
    normalise_phone,
    read_facts_line,
)
from followup_tui.widgets.fields import LineInput, NoteInput
from followup_tui.words import failure_words

if TYPE_CHECKING:
    from followup_tui.transfer.plan import Match

KIND_CHOICES = [(kind.value, kind) for kind in Kind]
LEVEL_CHOICES = [(level.value, level) for level in Level]
LINES = ("name", "phone", "email", "met-at", "facts")
"""The one-line fields, in the order enter walks them; then kind, level, the note."""
KEYS = "[b]enter[/b] next field, saves on the last · [b]ctrl+s[/b] save · [b]esc[/b] cancel"


def facts_text(line: FactsLine) -> Text:
    """The facts as they will be stored, and what goes in the note; plain Text, so
    brackets typed stay brackets."""
    text = Text()
    for key, value in line.facts:
        text.append(key, "bold").append(f": {value}  ")
    if line.note:
        text.append("note", "bold").append(f": {line.note}")
    return text


def duplicate_text(match: Match) -> Text:
    """The line under the name: who is there already, and the two ways on."""
    from followup_tui.services.adding import duplicate_words

    text = Text(duplicate_words(match))
    text.append("\n").append("ctrl+o", "bold").append(" open her · ")
    return text.append("ctrl+s", "bold").append(" add anyway")


def checked(check: Callable[[str], object], text: str) -> str:
    """The error for `text`, or "" when it is fine (an empty optional field is fine)."""
    if not text.strip():
        return ""
    try:
        check(text)
    except ValueError as exc:  # InputError and DateError both
        return str(exc)
    return ""


class FieldSelect(Select[Any]):
    """A choice in a form that enter walks: enter goes on to the next field, as in the
    one-line fields; space, up or down opens the list."""

    inherit_bindings = False
    BINDINGS = [
        Binding("down,space,up", "show_overlay", "Choose", show=False),
        Binding("enter", "leave", "Next field", show=False),
    ]

    class Left(Message):
        """Enter was pressed on the closed choice."""

        def __init__(self, select: FieldSelect) -> None:
            super().__init__()
            self.select = select

    def action_leave(self) -> None:
        self.post_message(self.Left(self))


class QuickAddScreen(ModalScreen[NewContact | None]):
    """Answers the contact to add, or None when cancelled. Nothing typed is lost on a
    bad field: the form stays open with the message next to it. Before it answers, it
    looks for her in the book (the import's rule): found, it names her under the name
    and waits for ctrl+o (open her instead) or ctrl+s again (add anyway)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="quick-add-save", priority=True),
        Binding(
            "ctrl+o",
            "open_duplicate",
            "Open her",
            id="quick-add-open-duplicate",
            priority=True,
            show=False,
        ),
        Binding("escape", "cancel", "Cancel", id="quick-add-cancel"),
    ]

    def __init__(
        self,
        *,
        phone_region: str = "US",
        kind: Kind = Kind.LEAD,
        name: str = "",
        typed: NewContact | None = None,
        select_name: bool = True,
        ask_duplicates: bool = True,
    ) -> None:
        super().__init__(classes="contact-form")
        self.select_name = select_name
        """The name given is selected when the form opens (typing replaces it)."""
        self.phone_region = phone_region
        self.kind = typed.kind if typed else kind
        self.name_given = typed.name if typed else name
        self.typed = typed
        self.warned = False
        self.ask_duplicates = ask_duplicates
        """Look for her in the book before answering (capture --on-duplicate merge or
        add says what to do instead)."""
        self.duplicate: Match | None = None
        """The contact she is already, shown under the name until a field of hers changes."""
        self.opened: int | None = None
        """The contact opened instead (ctrl+o), when that is how the form closed."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield self._row(
                "Name", LineInput(self.name_given, placeholder="first and last name", id="name")
            )
            yield Label("", id="name-error", classes="field-error -empty")
            yield Static("", id="name-duplicate", classes="-empty")
            yield self._row("Phone", LineInput(placeholder="202-555-0143", id="phone"))
            yield Label("", id="phone-error", classes="field-error -empty")
            yield self._row("Email", LineInput(placeholder="name@example.com", id="email"))
            yield Label("", id="email-error", classes="field-error -empty")
            yield self._row(
                "Where met", LineInput(placeholder="the grocery store checkout", id="met-at")
            )
            yield self._row(
                "Facts",
                LineInput(placeholder="job: nurse, kids: 2 (Emma 6), perfume: Chanel", id="facts"),
            )
            yield Static("", id="facts-preview", classes="-empty")
            with Horizontal(id="kind-row", classes="field-row"):
                yield Label("Kind", classes="field-label")
                yield FieldSelect(
                    KIND_CHOICES, value=self.kind, allow_blank=False, compact=True, id="kind"
                )
                yield Label("Level", id="level-label", classes="field-label")
                yield FieldSelect(
                    LEVEL_CHOICES,
                    value=self.typed.level
                    if self.typed and self.typed.level
                    else Level.NEW_PARTNER,
                    allow_blank=False,
                    compact=True,
                    id="level",
                )
            # A pasted note keeps its lines; enter goes on (saves: it is the last field).
            yield self._row(
                "Note", NoteInput(id="note", compact=True, placeholder="ctrl+j new line")
            )
            yield Static(KEYS, id="quick-add-keys")

    @staticmethod
    def _row(label: str, field: Input | TextArea) -> Horizontal:
        return Horizontal(Label(label, classes="field-label"), field, classes="field-row")

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "New contact"
        if self.typed is not None:
            # Back after a failed save: everything typed is still here.
            t = self.typed
            for field, value in (("phone", t.phone), ("email", t.email), ("met-at", t.met_at)):
                self.query_one(f"#{field}", Input).value = value or ""
            facts = ", ".join(f"{key}: {value}" for key, value in t.facts)
            self.query_one("#facts", Input).value = facts
            self.query_one("#note", TextArea).text = t.note or ""
        self._show_level(self.kind is Kind.TEAM)
        name = self.query_one("#name", Input)
        name.select_on_focus = self.select_name
        name.focus()

    def _say(self, selector: str, words: str | Text) -> None:
        """A line under a field, hidden when it has nothing to say."""
        line = self.query_one(selector, Static)
        line.update(words)
        line.set_class(not words, "-empty")

    # --- checking as you type --------------------------------------------------------

    def _check_field(self, field: str) -> str:
        value = self.query_one(f"#{field}", Input).value
        checks: dict[str, Callable[[str], object]] = {
            "name": clean_name,
            "phone": lambda text: normalise_phone(text, self.phone_region),
            "email": normalise_email,
        }
        error = checked(checks[field], value)
        self._say(f"#{field}-error", error)
        return error

    @on(Input.Changed, "#name, #phone, #email")
    def check_as_typed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        if self.duplicate is not None:
            # She is someone else now, or has a new number: look again on save.
            self.duplicate = None
            self._say("#name-duplicate", "")
        if field == "name" and not event.value:
            self._say("#name-error", "")
            return
        self._check_field(field)

    @on(Input.Changed, "#facts")
    def show_facts(self, event: Input.Changed) -> None:
        """How the facts will be kept: nothing typed is refused, what names no fact
        goes in the note."""
        self._say("#facts-preview", facts_text(read_facts_line(event.value)))

    @on(Select.Changed, "#kind")
    def kind_chosen(self, event: Select.Changed) -> None:
        self._show_level(event.value is Kind.TEAM)

    def _show_level(self, shown: bool) -> None:
        self.query_one("#level").display = shown
        self.query_one("#level-label").display = shown

    # --- enter walks the form --------------------------------------------------------

    @on(Input.Submitted)
    def next_line(self, event: Input.Submitted) -> None:
        """Enter walks name, phone, email, where met, facts, then kind."""
        here = event.input.id
        if here in LINES and here != LINES[-1]:
            self.query_one(f"#{LINES[LINES.index(here) + 1]}", Input).focus()
        else:
            self.query_one("#kind").focus()

    @on(FieldSelect.Left)
    def next_after_choice(self, event: FieldSelect.Left) -> None:
        """Kind, then the level for a team member, then the note."""
        level = self.query_one("#level", FieldSelect)
        if event.select.id == "kind" and level.display:
            level.focus()
        else:
            self.query_one("#note", NoteInput).focus()

    @on(NoteInput.Submitted)
    def save_on_the_last(self, event: NoteInput.Submitted) -> None:
        event.stop()
        if self.duplicate is not None:
            # Named under the name: only the keys shown there go on (a stray enter
            # must not add a second Dana).
            self.app.bell()
            return
        self.action_save()

    # --- answering -------------------------------------------------------------------

    def action_save(self) -> None:
        errors = {field: self._check_field(field) for field in ("name", "phone", "email")}
        if not self.query_one("#name", Input).value.strip():
            errors["name"] = "a name is needed"
            self._say("#name-error", errors["name"])
        bad = [field for field, error in errors.items() if error]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return
        new = self._contact()
        if not self.ask_duplicates or self.duplicate is not None:
            # Asked, and saved again: she is added anyway.
            self.dismiss(new)
            return
        self.look_for_duplicate(new)

    @work(thread=True, exclusive=True, group="quick-add-duplicate", exit_on_error=False)
    def look_for_duplicate(self, new: NewContact) -> None:
        from followup_tui.services import adding

        found = adding.duplicate_of(app_context(self.app).database(), new)
        self.app.call_from_thread(self._answer, new, found)

    def _answer(self, new: NewContact, found: Match | None) -> None:
        if not self.is_current:
            return  # cancelled while the book was read
        if found is None:
            self.dismiss(new)
            return
        self.duplicate = found
        self._say("#name-duplicate", duplicate_text(found))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            # Nothing saved, everything typed still here.
            self.notify(f"Not saved: {failure_words(event.worker.error)}", severity="error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_duplicate":
            return self.duplicate is not None
        return True

    def action_open_duplicate(self) -> None:
        if self.duplicate is None or self.duplicate.contact_id is None:
            return
        self.opened = self.duplicate.contact_id
        self.dismiss(None)
        self.app.post_message(OpenContact(self.opened))

    def _contact(self) -> NewContact:
        def text(field: str) -> str:
            return self.query_one(f"#{field}", Input).value.strip()

        kind = self.query_one("#kind", Select).value
        assert isinstance(kind, Kind)
        level = self.query_one("#level", Select).value if kind is Kind.TEAM else None
        facts = read_facts_line(text("facts"))
        typed = self.query_one("#note", TextArea).text
        notes = [note for note in (typed if typed.strip() else None, facts.note) if note]
        return NewContact(
            name=clean_name(text("name")),
            kind=kind,
            level=level if isinstance(level, Level) else None,
            phone=normalise_phone(text("phone"), self.phone_region) if text("phone") else None,
            email=normalise_email(text("email")) if text("email") else None,
            met_at=text("met-at") or None,
            facts=facts.facts,
            note="\n".join(notes) or None,
        )

    def action_cancel(self) -> None:
        typed = (
            any(i.value.strip() for i in self.query(Input))
            or self.query_one("#note", TextArea).text.strip()
        )
        if typed and not self.warned:
            # Never lose a note to a stray key: the second escape discards.
            self.warned = True
            self.query_one("#quick-add-keys", Static).update(
                "[b]esc[/b] again to discard what you typed · [b]ctrl+s[/b] save"
            )
            return
        self.dismiss(None)
