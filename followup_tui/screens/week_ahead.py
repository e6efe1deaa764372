"""The week ahead: every touch due in the next 7 days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from followup_tui.domain.when import time_words
from followup_tui.messages import OpenContact
from followup_tui.safe_text import shown_line
from followup_tui.screens.base import FollowupScreen
from followup_tui.widgets.footer import Footer
from followup_tui.widgets.window_table import Row, WindowColumn, WindowTable

if TYPE_CHECKING:
    from followup_tui.context import AppContext
    from followup_tui.domain.today import DueTouch


AHEAD_COLUMNS = ("Day", "Who", "By", "Why")


class AheadRows:
    """The week ahead's rows, a window at a time from SQL (17,000 at 100,000 contacts).
    Called from the table's thread worker."""

    def __init__(self, ctx: AppContext) -> None:
        self.database = ctx.database
        self.today = ctx.today
        self.contacts: dict[str, int] = {}
        """Row key (the touch id) -> its contact, for every row fetched so far."""

    def count(self) -> int:
        from followup_tui.services import due

        return due.upcoming_count(self.database(), self.today)

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        from followup_tui.services import due

        # One row more above: a day is named on its first row only.
        items = due.upcoming_window(self.database(), self.today, max(start - 1, 0), stop)
        last_day = items[0].touch.due if start > 0 and items else None
        return ahead_rows(items[1:] if start > 0 else items, last_day, self.contacts)

    def index_of(self, key: str) -> int | None:
        from followup_tui.services import due

        return due.upcoming_position(self.database(), self.today, int(key))


def ahead_rows(
    items: Sequence[DueTouch], last_day: date | None, contacts: dict[str, int]
) -> list[Row]:
    rows = []
    for item in items:
        day, at = item.touch.due, item.touch.time
        key = str(item.touch.id)
        contacts[key] = item.touch.contact_id
        cells = (
            Text(f"{day:%a %d %b}" if day != last_day else ""),
            Text(shown_line(item.name)),
            Text(item.touch.channel.value + (f" {time_words(at)}" if at else "")),
            Text(shown_line(item.title)),
        )
        rows.append(Row(key, cells))
        last_day = day
    return rows


class WeekAheadScreen(FollowupScreen):
    """The next 7 days' touches; enter opens the contact, as on the desk."""

    CSS_PATH = "week_ahead.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="ahead-back"),
        # Priority: the table's own enter would hide this one from the footer.
        Binding("enter", "open", "Open", id="ahead-open", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: AheadRows | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        columns = [WindowColumn(title, fit=title == "Why") for title in AHEAD_COLUMNS]
        yield WindowTable(columns, id="ahead")
        yield Static("Nothing due in the next 7 days.", id="ahead-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ahead", WindowTable)
        table.border_title = "The next 7 days"
        table.display = False  # until the rows are counted: no empty frame first
        self.query_one("#ahead-empty").display = False

    def on_screen_resume(self) -> None:
        # Also on coming back from a contact: a call may have been moved meanwhile.
        self._rows = AheadRows(self.ctx)
        self.query_one("#ahead", WindowTable).reload(self._rows)

    @on(WindowTable.Reloaded, "#ahead")
    def show_count(self, event: WindowTable.Reloaded) -> None:
        table = event.table
        table.border_title = f"The next 7 days · {event.row_count}"
        table.display = bool(event.row_count)
        self.query_one("#ahead-empty").display = not event.row_count

    def action_open(self) -> None:
        key = self.query_one("#ahead", WindowTable).cursor_key
        if key is not None and self._rows is not None:
            self.post_message(OpenContact(self._rows.contacts[key]))

    @on(WindowTable.RowSelected, "#ahead")
    def open_row(self) -> None:
        self.action_open()
