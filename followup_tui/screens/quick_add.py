"""Quick-add: a new contact with notes in seconds, checked as you type."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from followup_tui.domain.model import Kind, Level, NewContact
from followup_tui.errors import InputError
from followup_tui.validation import (
    clean_name,
    normalise_email,
    normalise_phone,
    parse_facts_line,
)
from followup_tui.widgets.fields import LineInput, NoteArea

KIND_CHOICES = [(kind.value, kind) for kind in Kind]
LEVEL_CHOICES = [(level.value, level) for level in Level]


def facts_text(facts: list[tuple[str, str]]) -> Text:
    """The facts as they will be stored; plain Text, so brackets typed stay brackets."""
    text = Text()
    for key, value in facts:
        text.append(key, "bold").append(f": {value}  ")
    return text


def checked(check: Callable[[str], object], text: str) -> str:
    """The error for `text`, or "" when it is fine (an empty optional field is fine)."""
    if not text.strip():
        return ""
    try:
        check(text)
    except ValueError as exc:  # InputError and DateError both
        return str(exc)
    return ""


class QuickAddScreen(ModalScreen[NewContact | None]):
    """Answers the contact to add, or None when cancelled. Nothing typed is lost on a
    bad field: the form stays open with the message next to it."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="quick-add-save", priority=True),
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
    ) -> None:
        super().__init__(classes="contact-form")
        self.select_name = select_name
        """The name given is selected when the form opens (typing replaces it)."""
        self.phone_region = phone_region
        self.kind = typed.kind if typed else kind
        self.name_given = typed.name if typed else name
        self.typed = typed
        self.warned = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Label("Name", classes="field-label")
            yield LineInput(self.name_given, placeholder="first and last name", id="name")
            yield Label("", id="name-error", classes="field-error")
            yield Label("Phone", classes="field-label")
            yield LineInput(placeholder="202-555-0143", id="phone")
            yield Label("", id="phone-error", classes="field-error")
            yield Label("Email", classes="field-label")
            yield LineInput(placeholder="name@example.com", id="email")
            yield Label("", id="email-error", classes="field-error")
            yield Label("Where you met", classes="field-label")
            yield LineInput(placeholder="the grocery store checkout", id="met-at")
            yield Label("Facts", classes="field-label")
            yield LineInput(
                placeholder="perfume: Chanel No 5, kids: 2 (Emma 6), job: nurse", id="facts"
            )
            yield Label("", id="facts-error", classes="field-error")
            yield Static("", id="facts-preview")
            yield Label("Kind", classes="field-label")
            with Horizontal(id="kind-row"):
                yield Select(KIND_CHOICES, value=self.kind, allow_blank=False, id="kind")
                yield Select(LEVEL_CHOICES, value=Level.NEW_PARTNER, allow_blank=False, id="level")
            yield Label("Note", classes="field-label")
            # A pasted note keeps its lines; a one-line field takes a break as a space.
            yield NoteArea(id="note")
            yield Static(
                "[b]enter[/b] next field, saves on the last · [b]ctrl+s[/b] save · "
                "[b]esc[/b] cancel",
                id="quick-add-keys",
            )

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
        self.query_one("#level").display = self.kind is Kind.TEAM
        name = self.query_one("#name", Input)
        name.select_on_focus = self.select_name
        name.focus()

    # --- checking as you type --------------------------------------------------------

    def _check_field(self, field: str) -> str:
        value = self.query_one(f"#{field}", Input).value
        checks: dict[str, Callable[[str], object]] = {
            "name": clean_name,
            "phone": lambda text: normalise_phone(text, self.phone_region),
            "email": normalise_email,
            "facts": parse_facts_line,
        }
        error = checked(checks[field], value)
        self.query_one(f"#{field}-error", Label).update(error)
        return error

    @on(Input.Changed, "#name, #phone, #email, #facts")
    def check_as_typed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        if field == "name" and not event.value:
            self.query_one("#name-error", Label).update("")
            return
        error = self._check_field(field)
        if field == "facts":
            preview = self.query_one("#facts-preview", Static)
            try:
                facts = parse_facts_line(event.value) if not error else []
            except InputError:
                facts = []  # typed on since the check: the next change redraws it
            preview.update(facts_text(facts))

    @on(Select.Changed, "#kind")
    def show_level(self, event: Select.Changed) -> None:
        self.query_one("#level").display = event.value is Kind.TEAM

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter walks name, phone, email, where met, facts; on the last it saves."""
        order = ["name", "phone", "email", "met-at", "facts"]
        here = order.index(event.input.id) if event.input.id in order else len(order) - 1
        if here == len(order) - 1:
            self.action_save()
        else:
            self.query_one(f"#{order[here + 1]}", Input).focus()

    # --- answering -------------------------------------------------------------------

    def action_save(self) -> None:
        errors = {field: self._check_field(field) for field in ("name", "phone", "email", "facts")}
        if not self.query_one("#name", Input).value.strip():
            errors["name"] = "a name is needed"
            self.query_one("#name-error", Label).update(errors["name"])
        bad = [field for field, error in errors.items() if error]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return
        self.dismiss(self._contact())

    def _contact(self) -> NewContact:
        def text(field: str) -> str:
            return self.query_one(f"#{field}", Input).value.strip()

        kind = self.query_one("#kind", Select).value
        assert isinstance(kind, Kind)
        level = self.query_one("#level", Select).value if kind is Kind.TEAM else None
        note = self.query_one("#note", TextArea).text
        return NewContact(
            name=clean_name(text("name")),
            kind=kind,
            level=level if isinstance(level, Level) else None,
            phone=normalise_phone(text("phone"), self.phone_region) if text("phone") else None,
            email=normalise_email(text("email")) if text("email") else None,
            met_at=text("met-at") or None,
            facts=tuple(parse_facts_line(text("facts"))) if text("facts") else (),
            note=note if note.strip() else None,
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
