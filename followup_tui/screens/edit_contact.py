"""Edit a contact's fields, each checked as you type; nothing saved while one is wrong."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select

from followup_tui.domain.model import Contact, ContactChanges, Kind, Level
from followup_tui.domain.phones import phone_shown
from followup_tui.screens.quick_add import KIND_CHOICES, LEVEL_CHOICES, checked
from followup_tui.validation import clean_name, normalise_email, normalise_phone
from followup_tui.widgets.date_field import DateHint

TEXT_FIELDS = ("name", "phone", "email", "met-on")


class EditContactScreen(ModalScreen[ContactChanges | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="edit-cancel"),
    ]

    def __init__(self, contact: Contact, *, phone_region: str = "US") -> None:
        super().__init__(classes="contact-form")
        self.contact = contact
        self.phone_region = phone_region

    def compose(self) -> ComposeResult:
        c = self.contact
        with VerticalScroll(id="quick-add-box"):
            yield Label("Name", classes="field-label")
            yield Input(c.name, id="name")
            yield Label("", id="name-error", classes="field-error")
            with Horizontal(id="kind-row"):
                yield Select(KIND_CHOICES, value=c.kind, allow_blank=False, id="kind")
                yield Select(
                    LEVEL_CHOICES,
                    value=c.level or Level.NEW_PARTNER,
                    allow_blank=False,
                    id="level",
                )
            yield Label("Phone", classes="field-label")
            yield Input(phone_shown(c.phone, self.phone_region) if c.phone else "", id="phone")
            yield Label("", id="phone-error", classes="field-error")
            yield Label("Email", classes="field-label")
            yield Input(c.email or "", id="email")
            yield Label("", id="email-error", classes="field-error")
            yield Label("Where you met", classes="field-label")
            yield Input(c.met_at or "", id="met-at")
            yield Label(
                "When you met (dec 8, 8 dec, last friday, 2026-12-08)", classes="field-label"
            )
            yield Input(c.met_on.isoformat() if c.met_on else "", id="met-on")
            yield DateHint("met-on", past=True, id="met-on-error")
            yield Checkbox(
                "Discreet: call only, no product names in anything sent", c.discreet, id="discreet"
            )
            yield Checkbox("Do not contact", c.do_not_contact, id="do-not-contact")
            yield Label("[b]ctrl+s[/b] save · [b]esc[/b] cancel", id="quick-add-keys")

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = f"Edit #{self.contact.id}"
        self.query_one("#level").display = self.contact.kind is Kind.TEAM
        self.query_one("#name", Input).focus()

    def _checks(self) -> dict[str, Callable[[str], object]]:
        return {
            "name": clean_name,
            "phone": lambda text: normalise_phone(text, self.phone_region),
            "email": normalise_email,
            "met-on": lambda text: self.query_one(DateHint).read(text),
        }

    def _check(self, field: str) -> str:
        value = self.query_one(f"#{field}", Input).value
        error = checked(self._checks()[field], value)
        if field == "name" and not value.strip():
            error = "a name is needed"
        line = self.query_one(f"#{field}-error")
        if isinstance(line, DateHint):
            line.show_for(value)  # the day it means, or the forms that work
        else:
            assert isinstance(line, Label)
            line.update(error)
        return error

    @on(Input.Changed)
    def check_as_typed(self, event: Input.Changed) -> None:
        if event.input.id in TEXT_FIELDS:
            self._check(event.input.id)

    @on(Select.Changed, "#kind")
    def show_level(self, event: Select.Changed) -> None:
        self.query_one("#level").display = event.value is Kind.TEAM

    def action_save(self) -> None:
        bad = [field for field in TEXT_FIELDS if self._check(field)]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return

        def text(field: str) -> str:
            return self.query_one(f"#{field}", Input).value.strip()

        kind = self.query_one("#kind", Select).value
        level = self.query_one("#level", Select).value
        assert isinstance(kind, Kind)
        self.dismiss(
            ContactChanges(
                name=clean_name(text("name")),
                kind=kind,
                level=level if kind is Kind.TEAM and isinstance(level, Level) else None,
                phone=normalise_phone(text("phone"), self.phone_region) if text("phone") else None,
                email=normalise_email(text("email")) if text("email") else None,
                met_at=text("met-at") or None,
                met_on=met.day if (met := self.query_one(DateHint).read(text("met-on"))) else None,
                discreet=self.query_one("#discreet", Checkbox).value,
                do_not_contact=self.query_one("#do-not-contact", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
