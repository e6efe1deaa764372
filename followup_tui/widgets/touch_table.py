"""Today's list: one row a touch, in DOMAIN.md's order, overdue ones marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from followup_tui.domain.today import DueTouch

CHANNEL_MARK = {"call": "call", "text": "text", "email": "mail", "card": "card"}
WINDOW = 200
"""Rows handed to the DataTable at a time: it takes seconds to take 4,000 at once here,
and nobody reads past the first screens before working some calls."""
FIRST_ROWS = 80
"""Rows in the first frame: a tall terminal's worth."""
AHEAD = 50
"""When the cursor comes this close to the last row shown, the next window is added."""


class TouchTable(DataTable[str | Text]):
    """The due and overdue touches; highlighting a row chooses it."""

    # In a list of calls, home and end mean the first and the last call (DataTable
    # scrolls sideways with them).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first_call", "First call", show=False),
        Binding("end", "last_call", "Last call", show=False),
    ]

    @dataclass
    class TouchChosen(Message):
        touch_id: int
        contact_id: int

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self.items: list[DueTouch] = []
        self.today: date | None = None

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        # Also from show(): the desk may fill the list before this table's own mount.
        if not self.columns:
            self.add_column("Who", key="who")
            self.add_column("When", key="when")
            self.add_column("By", key="by")
            self.add_column("Why", key="why")

    def show(self, items: list[DueTouch], today: date, keep: int | None = None) -> None:
        """Replace the rows; keep the cursor on touch `keep` when it is still listed."""
        self._add_columns()
        self.items, self.today = items, today
        self.clear()
        if not items:
            return
        ids = [item.touch.id for item in items]
        row = min(ids.index(keep) if keep in ids else 0, len(items) - 1)
        # What fills a tall terminal now; the rest of the window once that is on screen.
        self._add_rows(max(FIRST_ROWS, row + AHEAD))
        self.move_cursor(row=row)
        self.call_after_refresh(self._add_rows, max(WINDOW, row + AHEAD))

    def _add_rows(self, until: int) -> None:
        """Rows up to `until` (of all the items), after those already shown."""
        assert self.today is not None
        for item in self.items[self.row_count : until]:
            late = item.overdue_days(self.today)
            who = Text(item.name)
            if item.is_referral:
                who.stylize("bold")
            when = Text(f"{late}d late" if late else "today")
            if late:
                when.stylize("bold")
            self.add_row(
                who,
                when,
                CHANNEL_MARK.get(item.touch.channel.value, item.touch.channel.value),
                Text(item.title),
                key=str(item.touch.id),
            )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row >= self.row_count - AHEAD and self.row_count < len(self.items):
            self._add_rows(self.row_count + WINDOW)
        # An empty list still posts a highlight (row -1, no key) on up or page down.
        if event.row_key is None or event.row_key.value is None:
            return
        touch_id = int(event.row_key.value)
        item = next((i for i in self.items if i.touch.id == touch_id), None)
        if item is not None:
            self.post_message(self.TouchChosen(touch_id, item.touch.contact_id))

    def action_first_call(self) -> None:
        if self.items:
            self.move_cursor(row=0)

    def action_last_call(self) -> None:
        # The one place every row is handed over: she asked for the end of the list.
        if self.items:
            self._add_rows(len(self.items))
            self.move_cursor(row=len(self.items) - 1)

    @property
    def chosen(self) -> DueTouch | None:
        if not self.items or self.cursor_row < 0 or self.cursor_row >= len(self.items):
            return None
        return self.items[self.cursor_row]
