"""One party: its guests with their flags and sales; add guests, orders, flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from followup_tui.domain.model import Kind, NewContact
from followup_tui.safe_text import shown, shown_line
from followup_tui.screens.base import FollowupScreen, contact_loader, fill_table
from followup_tui.screens.guest_picker import GuestChoice, GuestPickerScreen
from followup_tui.screens.orders import record_order_for
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.widgets.footer import Footer
from followup_tui.words import counted, failure_words, money

if TYPE_CHECKING:
    from followup_tui.services.parties import PartySummary

GUEST_COLUMNS = ("Guest", "Wants to book", "Wants info", "Ordered")


class PartyScreen(FollowupScreen):
    """One party: its guests with their flags and sales; add guests, orders, flags."""

    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="party-back"),
        Binding("g", "add_guest", "Add guest", id="party-add-guest"),
        Binding("b", "flag('wants_to_book')", "Booking", id="party-book"),
        Binding("i", "flag('wants_info')", "Info", id="party-info"),
        Binding("r", "order", "Order", id="party-order"),
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
        table.add_columns(*GUEST_COLUMNS)
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import parties

        self.post_message(self.Loaded(parties.party(self.ctx.database(), self.party_id)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        p = self.party = event.party
        head = self.query_one("#party-head", Static)
        head.border_title = escape(shown_line(f"{p.hostess}'s party"))
        head.update(
            Text(
                shown(
                    f"{p.held_on:%A %d %B %Y}"
                    + (f" at {p.place}" if p.place else "")
                    + f"\nSales {money(p.sales_cents)} · {counted(len(p.guests), 'guest')}"
                    + (f" · bookings: {', '.join(p.bookings)}" if p.bookings else "")
                )
            )
        )
        table = self.query_one("#party-guests", DataTable)
        row = table.cursor_row
        rows = [
            (
                str(g.contact_id),
                [
                    g.name,
                    "yes" if g.wants_to_book else "",
                    "yes" if g.wants_info else "",
                    money(g.sales_cents),
                ],
            )
            for g in p.guests
        ]
        fill_table(table, GUEST_COLUMNS, rows)
        if p.guests:
            table.move_cursor(row=min(row, len(p.guests) - 1))

    def _guest_id(self) -> int | None:
        table = self.query_one("#party-guests", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def party_day(self) -> date:
        """The day a guest was met and her order taken: the party's, unless it is still
        to come (an order cannot be dated in the future)."""
        today = self.ctx.today
        return min(self.party.held_on, today) if self.party else today

    def action_add_guest(self) -> None:
        if self.party is None:
            return
        taken = {g.contact_id: "already a guest" for g in self.party.guests}
        taken.setdefault(self.party.hostess_id, "the hostess")
        screen = GuestPickerScreen(
            shown_line(f"{self.party.hostess}'s party"), contact_loader(self.ctx), taken
        )

        def picked(choice: GuestChoice | None) -> None:
            if choice is None:
                return
            if choice.contact_id is not None:
                self.add_guest(choice.contact_id)
            else:
                self._quick_add_guest(choice.name)

        self.app.push_screen(screen, picked)

    @work(thread=True, exit_on_error=False)
    def add_guest(self, contact_id: int) -> None:
        from followup_tui.services import parties

        db, today = self.ctx.database(), self.ctx.today
        parties.add_guest(db, self.party_id, contact_id, today)
        self.app.call_from_thread(self.load)

    def _quick_add_guest(self, name: str, typed: NewContact | None = None) -> None:
        # `typed`: everything she typed, back after a refused save.
        region = self.ctx.settings.phone_region
        # Her name as typed, the cursor after it to go on typing (not selected: the first
        # key would replace it).
        screen = QuickAddScreen(
            phone_region=region, kind=Kind.LEAD, name=name, typed=typed, select_name=False
        )

        def save(new: NewContact | None) -> None:
            if new is not None:
                self.save_new_guest(new)

        self.app.push_screen(screen, save)

    @work(thread=True, exit_on_error=False)
    def save_new_guest(self, new: NewContact) -> None:
        from followup_tui.services import parties

        db, today = self.ctx.database(), self.ctx.today
        try:
            parties.add_new_guest(db, self.party_id, new, today)
        except Exception as exc:
            # Nothing was written: say why, and open the form again with all she typed.
            self.app.call_from_thread(
                self.notify, f"Not saved: {failure_words(exc)}", severity="error"
            )
            self.app.call_from_thread(self._quick_add_guest, new.name, new)
            return
        self.app.call_from_thread(self.load)

    def action_flag(self, flag: str) -> None:
        guest_id = self._guest_id()
        if guest_id is not None:
            self.toggle_flag(guest_id, flag)

    @work(thread=True, exit_on_error=False)
    def toggle_flag(self, guest_id: int, flag: str) -> None:
        from followup_tui.services import parties

        parties.toggle_guest_flag(
            self.ctx.database(), self.party_id, guest_id, flag, self.ctx.today
        )
        self.app.call_from_thread(self.load)

    def action_order(self) -> None:
        guest_id = self._guest_id()
        if guest_id is None or self.party is None:
            return
        name = next(g.name for g in self.party.guests if g.contact_id == guest_id)
        record_order_for(
            self, guest_id, name, self.ordered, party_id=self.party_id, ordered_on=self.party_day()
        )

    def ordered(self, said: str) -> None:
        self.notify(shown_line(said))
        self.load()
