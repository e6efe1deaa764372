"""Parties: the list, one party with its guests, and booking a new one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from followup_tui.clock import DateError, parse_date
from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind
from followup_tui.screens.base import FollowupScreen, add_plain_row
from followup_tui.screens.orders import record_order_for
from followup_tui.screens.prompt import PromptScreen, when_answered
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.services import NewContact, PartySummary


def money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


@dataclass
class NewParty:
    hostess: str
    held_on: date
    place: str | None


class NewPartyScreen(ModalScreen[NewParty | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="party-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="party-cancel"),
    ]

    def __init__(self, today: date) -> None:
        super().__init__(classes="contact-form")
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Label("Hostess (#id or name)", classes="field-label")
            yield Input(id="party-hostess")
            yield Label("Date", classes="field-label")
            yield Input(placeholder="YYYY-MM-DD, +7", id="party-on")
            yield Label("", id="party-error", classes="field-error")
            yield Label("Place", classes="field-label")
            yield Input(id="party-place")
            yield Static("[b]ctrl+s[/b] save · [b]esc[/b] cancel", id="quick-add-keys")

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "New party"
        self.query_one("#party-hostess", Input).focus()

    def action_save(self) -> None:
        error = self.query_one("#party-error", Label)
        hostess = self.query_one("#party-hostess", Input).value.strip()
        if not hostess:
            error.update("who hosts it?")
            return
        try:
            held_on = parse_date(self.query_one("#party-on", Input).value, self.today)
        except DateError as exc:
            error.update(str(exc))
            return
        place = self.query_one("#party-place", Input).value.strip() or None
        self.dismiss(NewParty(hostess, held_on, place))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PartiesScreen(FollowupScreen):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="parties-back"),
        Binding("n", "new_party", "New party", id="parties-new"),
        Binding("enter", "open", "Open", id="parties-open"),
    ]

    @dataclass
    class Loaded(Message):
        parties: list[PartySummary]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", id="parties-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#parties-table", DataTable)
        table.add_columns("Date", "", "Hostess", "Place", "Guests", "Sales", "Bookings")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui import services

        self.post_message(self.Loaded(services.parties(self.followup.database())))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        today = self.followup.today
        table = self.query_one("#parties-table", DataTable)
        table.clear()
        upcoming = sum(1 for p in event.parties if p.held_on >= today)
        table.border_title = f"Parties · {upcoming} upcoming · {len(event.parties)} in all"
        for p in sorted(
            event.parties, key=lambda p: (p.held_on < today, abs((p.held_on - today).days))
        ):
            add_plain_row(
                table,
                f"{p.held_on:%a %d %b %Y}",
                Text("upcoming", "bold") if p.held_on >= today else "past",
                p.hostess,
                p.place or "",
                str(len(p.guests)),
                money(p.sales_cents),
                ", ".join(p.bookings),
                key=str(p.id),
            )

    def action_open(self) -> None:
        table = self.query_one("#parties-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.app.push_screen(PartyScreen(int(key)))

    @on(DataTable.RowSelected)
    def open_row(self) -> None:
        self.action_open()

    def action_new_party(self) -> None:
        def save(new: NewParty | None) -> None:
            if new is not None:
                self.create(new)

        self.app.push_screen(NewPartyScreen(self.followup.today), save)

    @work(thread=True, exit_on_error=False)
    def create(self, new: NewParty) -> None:
        from followup_tui import services

        db, today = self.followup.database(), self.followup.today
        hostess_id = find_one(db, new.hostess)
        services.new_party(db, hostess_id, new.held_on, today, place=new.place)
        self.app.call_from_thread(self.notify, "Party booked: the hostess's calls are planned.")
        self.app.call_from_thread(self.load)

    def action_back(self) -> None:
        self.app.pop_screen()


def find_one(db: Database, text: str) -> int:
    """#12, 12, or a name that matches one contact exactly: its id."""
    from followup_tui import services
    from followup_tui.validation import InputError

    cleaned = text.strip().lstrip("#")
    if cleaned.isdigit():
        return int(cleaned)
    found = [
        c for c in services.find_contacts(db, search=cleaned) if c.name.lower() == cleaned.lower()
    ]
    if len(found) != 1:
        raise InputError(
            f"{'no one' if not found else 'several people'} called {cleaned!r}: use #id"
        )
    return found[0].id


class PartyScreen(FollowupScreen):
    """One party: its guests with their flags and sales; add guests, orders, flags."""

    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="party-back"),
        Binding("g", "add_guest", "Add guest", id="party-add-guest"),
        Binding("b", "flag('wants_to_book')", "Wants to book", id="party-book"),
        Binding("i", "flag('wants_info')", "Wants info", id="party-info"),
        Binding("r", "order", "Record order", id="party-order"),
    ]

    @dataclass
    class Loaded(Message):
        party: PartySummary

    def __init__(self, party_id: int) -> None:
        super().__init__()
        self.party_id = party_id
        self.party: PartySummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="party-head")
        yield DataTable(cursor_type="row", id="party-guests")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#party-guests", DataTable)
        table.add_columns("Guest", "Wants to book", "Wants info", "Ordered")
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui import services

        self.post_message(self.Loaded(services.party(self.followup.database(), self.party_id)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        p = self.party = event.party
        head = self.query_one("#party-head", Static)
        head.border_title = escape(f"{p.hostess}'s party")
        head.update(
            Text(
                f"{p.held_on:%A %d %B %Y}"
                + (f" at {p.place}" if p.place else "")
                + f"\nSales {money(p.sales_cents)} · {len(p.guests)} guests"
                + (f" · bookings: {', '.join(p.bookings)}" if p.bookings else "")
            )
        )
        table = self.query_one("#party-guests", DataTable)
        row = table.cursor_row
        table.clear()
        for g in p.guests:
            add_plain_row(
                table,
                g.name,
                "yes" if g.wants_to_book else "",
                "yes" if g.wants_info else "",
                money(g.sales_cents),
                key=str(g.contact_id),
            )
        if p.guests:
            table.move_cursor(row=min(row, len(p.guests) - 1))

    def _guest_id(self) -> int | None:
        table = self.query_one("#party-guests", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def action_add_guest(self) -> None:
        self.app.push_screen(
            PromptScreen(
                "Add a guest",
                "#id or full name of someone you know; a new name opens quick-add",
                placeholder="Carmen Silva",
            ),
            when_answered(self.add_guest),
        )

    @work(thread=True, exit_on_error=False)
    def add_guest(self, text: str) -> None:
        from followup_tui import services
        from followup_tui.validation import InputError

        db, today = self.followup.database(), self.followup.today
        try:
            contact_id = find_one(db, text)
        except InputError:
            self.app.call_from_thread(self._quick_add_guest, text.strip())
            return
        services.add_guest(db, self.party_id, contact_id, today)
        self.app.call_from_thread(self.load)

    def _quick_add_guest(self, name: str) -> None:
        screen = QuickAddScreen(
            phone_region=self.followup.settings.phone_region, kind=Kind.LEAD, name=name
        )

        def save(new: NewContact | None) -> None:
            if new is not None:
                self.save_new_guest(new)

        self.app.push_screen(screen, save)

    @work(thread=True, exit_on_error=False)
    def save_new_guest(self, new: NewContact) -> None:
        from dataclasses import replace

        from followup_tui import services

        db, today = self.followup.database(), self.followup.today
        where = f"{self.party.hostess}'s party" if self.party else "a party"
        contact_id = services.add_contact(
            db, replace(new, met_at=new.met_at or where, met_on=today), today
        )
        services.add_guest(db, self.party_id, contact_id, today)
        self.app.call_from_thread(self.load)

    def action_flag(self, flag: str) -> None:
        guest_id = self._guest_id()
        if guest_id is not None:
            self.toggle_flag(guest_id, flag)

    @work(thread=True, exit_on_error=False)
    def toggle_flag(self, guest_id: int, flag: str) -> None:
        from followup_tui import services

        services.toggle_guest_flag(
            self.followup.database(), self.party_id, guest_id, flag, self.followup.today
        )
        self.app.call_from_thread(self.load)

    def action_order(self) -> None:
        guest_id = self._guest_id()
        if guest_id is None or self.party is None:
            return
        name = next(g.name for g in self.party.guests if g.contact_id == guest_id)
        record_order_for(self, guest_id, name, self.ordered, party_id=self.party_id)

    def ordered(self, said: str) -> None:
        self.notify(said)
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
