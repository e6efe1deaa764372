"""Parties: the list, newest and soonest first; a new one booked from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header

from followup_tui.safe_text import shown_line
from followup_tui.screens.base import FollowupScreen, contact_loader, fill_table
from followup_tui.screens.new_party import NewParty, NewPartyScreen
from followup_tui.widgets.footer import Footer
from followup_tui.words import money

if TYPE_CHECKING:
    from followup_tui.services.parties import PartySummary

PARTY_COLUMNS = ("Date", "", "Hostess", "Place", "Guests", "Sales", "Bookings")


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
        table.add_columns(*PARTY_COLUMNS)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import parties

        self.post_message(self.Loaded(parties.parties(self.ctx.database())))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        today = self.ctx.today
        table = self.query_one("#parties-table", DataTable)
        upcoming = sum(1 for p in event.parties if p.held_on >= today)
        table.border_title = f"Parties · {upcoming} upcoming · {len(event.parties)} in all"
        soonest = sorted(
            event.parties, key=lambda p: (p.held_on < today, abs((p.held_on - today).days))
        )
        rows = [
            (
                str(p.id),
                [
                    f"{p.held_on:%a %d %b %Y}",
                    Text("upcoming", "bold") if p.held_on >= today else "past",
                    p.hostess,
                    p.place or "",
                    str(len(p.guests)),
                    money(p.sales_cents),
                    ", ".join(p.bookings),
                ],
            )
            for p in soonest
        ]
        fill_table(table, PARTY_COLUMNS, rows, fit="Place")

    def action_open(self) -> None:
        table = self.query_one("#parties-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                from followup_tui.screens.party import PartyScreen

                self.app.push_screen(PartyScreen(int(key)))

    @on(DataTable.RowSelected)
    def open_row(self) -> None:
        self.action_open()

    def action_new_party(self) -> None:
        def booked(new: NewParty | None) -> None:
            if new is not None:
                self.notify(shown_line(f"Party booked: {new.hostess}'s calls are planned."))
                self.load()

        screen = NewPartyScreen(self.ctx.today, contact_loader(self.ctx), self.book)
        self.app.push_screen(screen, booked)

    def book(self, new: NewParty) -> int:
        """Run by the form in a thread: the form stays open if this refuses."""
        from followup_tui.services import parties

        db, today = self.ctx.database(), self.ctx.today
        return parties.new_party(db, new.hostess_id, new.held_on, today, place=new.place)
