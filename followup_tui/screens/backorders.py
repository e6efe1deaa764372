"""The open backorders, soonest deadline first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header

from followup_tui.screens.base import FollowupScreen, fill_table
from followup_tui.widgets.footer import Footer
from followup_tui.words import HIDDEN

if TYPE_CHECKING:
    from followup_tui.services.backorders import Backorder


BACKORDER_COLUMNS = ("Who", "Product", "Kind", "Ordered", "Deadline", "Days left", "Choice")


class BackordersScreen(FollowupScreen):
    """Every open backorder, soonest deadline first; d marks its order delivered."""

    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="backorders-back"),
        Binding("d", "delivered", "Delivered today", id="backorders-delivered"),
    ]

    @dataclass
    class Loaded(Message):
        backorders: list[Backorder]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", id="backorders-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#backorders-table", DataTable)
        table.add_columns(*BACKORDER_COLUMNS)
        # Discreet mode switched on here hides the products at once, not at the next visit.
        self.watch(self.app, "discreet", self.reload_for_discreet, init=False)
        self.load()

    def reload_for_discreet(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import backorders

        self.post_message(self.Loaded(backorders.open_backorders(self.ctx.database())))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        from rich.text import Text

        today = self.ctx.today
        table = self.query_one("#backorders-table", DataTable)
        table.border_title = f"Open backorders · {len(event.backorders)}"
        rows = []
        for b in event.backorders:
            left = b.days_left(today)
            days = Text(str(left), style="bold red" if left <= 2 else "")
            product = HIDDEN if self.discreet else b.product
            cells = [
                b.name,
                product,
                "corporate" if b.corporate else "local",
                f"{b.ordered_on:%d %b}",
                f"{b.deadline:%a %d %b}",
                days,
                b.choice or "",
            ]
            rows.append((str(b.order_id), cells))
        fill_table(table, BACKORDER_COLUMNS, rows, fit="Product")

    def action_delivered(self) -> None:
        table = self.query_one("#backorders-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.deliver(int(key))

    @work(thread=True, exit_on_error=False)
    def deliver(self, order_id: int) -> None:
        from followup_tui.services import orders

        today = self.ctx.today
        orders.mark_delivered(self.ctx.database(), order_id, today, today)
        self.app.call_from_thread(self.notify, "Marked delivered: its backorder calls end.")
        self.app.call_from_thread(self.load)
