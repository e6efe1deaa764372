"""Booking a party: the hostess found as she is typed, the date, the place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, Static

from followup_tui.clock import DateError
from followup_tui.screens.forms import SavingForm
from followup_tui.widgets.contact_search import ContactSearch, Loader
from followup_tui.widgets.date_field import DateHint

if TYPE_CHECKING:
    from followup_tui.services.contact_views import ContactLine


@dataclass
class NewParty:
    hostess_id: int
    hostess: str
    held_on: date
    place: str | None
    party_id: int | None = None
    """Set once the party is booked."""


Book = Callable[[NewParty], int]
"""Books the party and answers its id; raises InputError when it cannot."""


class NewPartyScreen(SavingForm[NewParty]):
    """Closes only once the party is booked: a refusal shows next to its field."""

    REFUSAL_LINE = "#party-save-error"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="party-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="party-cancel"),
    ]

    def __init__(self, today: date, load: Loader, book: Book | None = None) -> None:
        super().__init__(classes="contact-form")
        self.today = today
        self.load = load
        self.book = book

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Label("Hostess (a few letters of her name, or #id)", classes="field-label")
            yield ContactSearch(self.load, field_id="party-hostess", placeholder="Jenna")
            yield Label("", id="party-hostess-error", classes="field-error")
            yield Label("Date", classes="field-label")
            yield Input(placeholder="sat, dec 19, in 2 weeks, +7", id="party-on")
            yield DateHint("party-on", self.today, required=True, id="party-error")
            yield Label("Place", classes="field-label")
            yield Input(id="party-place")
            yield Label("", id="party-save-error", classes="field-error")
            yield Static(
                "[b]↑↓[/b] choose her · [b]enter[/b] next field · [b]ctrl+s[/b] save · "
                "[b]esc[/b] cancel",
                id="quick-add-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "New party"
        self.say_refusal("")
        self.query_one("#party-hostess", Input).focus()

    @on(Input.Changed, "#party-hostess")
    def clear_hostess_error(self) -> None:
        self.query_one("#party-hostess-error", Label).update("")

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter picks the highlighted hostess, then walks date and place; saves on the last."""
        if event.input.id == "party-hostess":
            if self._hostess() is not None:
                self.query_one("#party-on", Input).focus()
        elif event.input.id == "party-on":
            self.query_one("#party-place", Input).focus()
        else:
            self.action_save()

    @on(OptionList.OptionSelected, "#party-hostess-matches")
    def clicked(self) -> None:
        if self._hostess() is not None:
            self.query_one("#party-on", Input).focus()

    def _hostess(self) -> ContactLine | None:
        """The hostess picked (her name now in the field), or None with why beside it."""
        search = self.query_one(ContactSearch)
        hostess = search.picked()
        if hostess is None:
            self.query_one("#party-hostess-error", Label).update(
                "who hosts it?" if not search.text else search.refusal()
            )
            return None
        search.choose(hostess)
        return hostess

    def action_save(self) -> None:
        if self.saving:
            return  # a second ctrl+s must not book it twice
        self.say_refusal("")
        hostess = self._hostess()
        try:
            # The day it means, or the forms that work, shows under the field.
            when = self.query_one("#party-error", DateHint).parse()
            held_on = when.day if when else None
        except DateError:
            held_on = None
        if hostess is None or held_on is None:
            bad = "#party-hostess" if hostess is None else "#party-on"
            self.query_one(bad, Input).focus()
            return
        place = self.query_one("#party-place", Input).value.strip() or None
        new = NewParty(hostess.id, hostess.name, held_on, place)
        if self.book is None:
            self.dismiss(new)
            return
        book = self.book
        self.save_in_worker(lambda: replace(new, party_id=book(new)))
