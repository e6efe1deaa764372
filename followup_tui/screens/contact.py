"""One contact in full: the card, what is next, and the keys to change it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from followup_tui.screens.edit_contact import EditContactScreen
from followup_tui.screens.prompt import PromptScreen
from followup_tui.widgets.contact_card import ContactCard

if TYPE_CHECKING:
    from followup_tui.app import FollowupApp
    from followup_tui.services import ContactChanges, ContactDetail


class ContactScreen(Screen[None]):
    CSS_PATH = "contact.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="contact-back"),
        Binding("e", "edit", "Edit", id="contact-edit"),
        Binding("n", "note", "Note", id="contact-note"),
        Binding("f", "fact", "Fact", id="contact-fact"),
    ]

    @dataclass
    class Loaded(Message):
        detail: ContactDetail

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.detail: ContactDetail | None = None

    @property
    def desk_app(self) -> FollowupApp:
        from followup_tui.app import FollowupApp

        assert isinstance(self.app, FollowupApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contact-panes"):
            yield ContactCard(id="contact-full")
            yield Static(id="contact-next")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#contact-full").border_title = "Contact"
        self.query_one("#contact-next").border_title = "Next"
        self.watch(self.app, "discreet", self.show_discreet)
        self.load()

    def show_discreet(self, discreet: bool) -> None:
        self.query_one(ContactCard).discreet = discreet

    @work(thread=True, exclusive=True, group="contact", exit_on_error=False)
    def load(self) -> None:
        from followup_tui import services

        detail = services.contact_detail(
            self.desk_app.database(), self.contact_id, self.desk_app.today
        )
        self.post_message(self.Loaded(detail))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.detail = event.detail
        self.query_one(ContactCard).detail = event.detail
        lines = Text()
        if not event.detail.pending:
            lines.append("Nothing scheduled.", "dim")
        for item in event.detail.pending:
            lines.append(f"{item.touch.due:%a %d %b %Y}  ", "bold")
            lines.append(f"{item.touch.channel.value}  {item.title}\n")
        self.query_one("#contact-next", Static).update(lines)

    def action_edit(self) -> None:
        if self.detail is None:
            return

        def save(changes: ContactChanges | None) -> None:
            if changes is not None:
                self.save_changes(changes)

        self.app.push_screen(
            EditContactScreen(
                self.detail.contact, phone_region=self.desk_app.settings.phone_region
            ),
            save,
        )

    @work(thread=True, group="save", exit_on_error=False)
    def save_changes(self, changes: ContactChanges) -> None:
        from followup_tui import services

        services.update_contact(
            self.desk_app.database(), self.contact_id, changes, self.desk_app.today
        )
        self.app.call_from_thread(self.notify, "Saved.")
        self.load()

    def action_note(self) -> None:
        def save(text: str | None) -> None:
            if text:
                self.save_note(text)

        self.app.push_screen(
            PromptScreen(
                "Note",
                "What happened, what you learned:",
                check=lambda t: None if t.strip() else "the note is empty",
            ),
            save,
        )

    @work(thread=True, group="save", exit_on_error=False)
    def save_note(self, text: str) -> None:
        from followup_tui import services

        services.add_note(self.desk_app.database(), self.contact_id, text, self.desk_app.today)
        self.load()

    def action_fact(self) -> None:
        from followup_tui.validation import InputError, parse_facts_line

        def check(text: str) -> str | None:
            try:
                parse_facts_line(text)
            except InputError as exc:
                return str(exc)
            return None

        def save(text: str | None) -> None:
            if text:
                self.save_facts(text)

        self.app.push_screen(
            PromptScreen("Facts", "key: value, several split by commas", check=check), save
        )

    @work(thread=True, group="save", exit_on_error=False)
    def save_facts(self, text: str) -> None:
        from followup_tui import services
        from followup_tui.validation import parse_facts_line

        for key, value in parse_facts_line(text):
            services.set_fact(
                self.desk_app.database(), self.contact_id, key, value, self.desk_app.today
            )
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.notify(f"Not saved: {event.worker.error}", severity="error")
