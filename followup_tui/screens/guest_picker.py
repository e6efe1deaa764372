"""Who came: a contact she has, or a new person by this name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from followup_tui.widgets.contact_search import ContactSearch, Loader


@dataclass(frozen=True)
class GuestChoice:
    """Who she picked: someone she knows (contact_id), or a new person by this name."""

    name: str
    contact_id: int | None = None


class GuestPickerScreen(ModalScreen[GuestChoice | None]):
    """Existing contacts first, so "Amy" finds Amy Miller instead of adding a second Amy;
    a new person only when "new contact" is picked."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="guest-cancel")]

    def __init__(self, party: str, load: Loader, taken: Mapping[int, str]) -> None:
        super().__init__(classes="contact-form")
        self.party = party
        self.load = load
        self.taken = taken

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Label("Who? A few letters of her name, or #id", classes="field-label")
            yield ContactSearch(
                self.load,
                field_id="guest-name",
                placeholder="Carmen Silva",
                taken=self.taken,
                offer_new=True,
            )
            yield Label("", id="guest-error", classes="field-error")
            yield Static(
                "[b]↑↓[/b] choose · [b]enter[/b] add her · [b]esc[/b] cancel", id="quick-add-keys"
            )

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = escape(f"Add a guest to {self.party}")
        self.query_one("#guest-name", Input).focus()

    @on(Input.Changed, "#guest-name")
    def clear_error(self) -> None:
        self.query_one("#guest-error", Label).update("")

    @on(Input.Submitted, "#guest-name")
    @on(OptionList.OptionSelected, "#guest-name-matches")
    def pick(self) -> None:
        search = self.query_one(ContactSearch)
        guest = search.picked()
        if guest is not None:
            self.dismiss(GuestChoice(guest.name, guest.id))
        elif search.wants_new():
            self.dismiss(GuestChoice(search.text))
        else:
            self.query_one("#guest-error", Label).update(search.refusal())

    def action_cancel(self) -> None:
        self.dismiss(None)
