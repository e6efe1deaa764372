"""The week ahead: every touch due in the next 7 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from followup_tui.domain.when import time_words
from followup_tui.messages import OpenContact
from followup_tui.screens.base import FollowupScreen, fill_table

if TYPE_CHECKING:
    from followup_tui.domain.today import DueTouch


AHEAD_COLUMNS = ("Day", "Who", "By", "Why")


class WeekAheadScreen(FollowupScreen):
    """The next 7 days' touches; enter opens the contact, as on the desk."""

    CSS_PATH = "week_ahead.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="ahead-back"),
        # Priority: the table's own enter would hide this one from the footer.
        Binding("enter", "open", "Open", id="ahead-open", priority=True),
    ]

    @dataclass
    class Loaded(Message):
        items: list[DueTouch]

    def __init__(self) -> None:
        super().__init__()
        self._contacts: dict[str, int] = {}  # row key (the touch id) -> its contact

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", id="ahead")
        yield Static("Nothing due in the next 7 days.", id="ahead-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ahead", DataTable)
        table.border_title = "The next 7 days"
        table.add_columns(*AHEAD_COLUMNS)

    def on_screen_resume(self) -> None:
        # Also on coming back from a contact: a call may have been moved meanwhile.
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import calls

        items = calls.upcoming(self.ctx.database(), self.ctx.today)
        self.post_message(self.Loaded(items))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        table = self.query_one("#ahead", DataTable)
        was_on = self._cursor_key()
        self._contacts = {str(item.touch.id): item.touch.contact_id for item in event.items}
        rows = []
        last_day: date | None = None
        for item in event.items:
            day, at = item.touch.due, item.touch.time
            cells = [
                f"{day:%a %d %b}" if day != last_day else "",
                item.name,
                item.touch.channel.value + (f" {time_words(at)}" if at else ""),
                item.title,
            ]
            rows.append((str(item.touch.id), cells))
            last_day = day
        fill_table(table, AHEAD_COLUMNS, rows, fit="Why")
        if was_on in self._contacts:
            table.move_cursor(row=table.get_row_index(was_on))
        table.border_title = f"The next 7 days · {len(event.items)}"
        table.display = bool(event.items)
        self.query_one("#ahead-empty").display = not event.items

    def _cursor_key(self) -> str | None:
        table = self.query_one("#ahead", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_open(self) -> None:
        key = self._cursor_key()
        if key is not None:
            self.post_message(OpenContact(self._contacts[key]))

    @on(DataTable.RowSelected, "#ahead")
    def open_row(self) -> None:
        self.action_open()
