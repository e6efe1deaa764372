"""Find anyone: filter by kind, fuzzy search as you type, open the contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Select

from followup_tui.domain.model import Kind
from followup_tui.domain.search import NameIndex
from followup_tui.messages import OpenContact
from followup_tui.screens.base import FollowupScreen, add_plain_row
from followup_tui.widgets.fit import fit_column

if TYPE_CHECKING:
    from followup_tui.services.contact_views import ContactLine

SHOWN = 200
"""Rows handed to the table: a window, never the whole book (MEASURED.md)."""
ALL_KINDS = "all"
COLUMNS = {"name": "Name", "kind": "Kind", "phone": "Phone", "email": "Email", "next": "Next"}
NEXT_WIDTH = len("03 Dec 2026")
WIDEST = {"name": 32, "phone": 20, "email": 36}
"""A longer name, phone or email is cut rather than pushing the next dates off screen."""


def column_widths(lines: list[ContactLine]) -> dict[str, int]:
    """Every column's width, fixed before its rows arrive: the dates come after the rows,
    and a DataTable measures its columns when idle, so a width left to it depends on
    timing (a first open showed "03 D")."""
    widths = {
        "name": max((cell_len(line.name) for line in lines), default=0),
        "phone": max((cell_len(line.phone or "") for line in lines), default=0),
        "email": max((cell_len(line.email or "") for line in lines), default=0),
    }
    widths = {key: min(width, WIDEST[key]) for key, width in widths.items()}
    widths["kind"] = max(len(kind.value) for kind in Kind)
    widths["next"] = NEXT_WIDTH
    return widths


class ContactsScreen(FollowupScreen):
    CSS_PATH = "contacts.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="contacts-back"),
        Binding("slash", "focus_search", "Search", id="contacts-search", key_display="/"),
        Binding("enter", "open", "Open", id="contacts-open", show=True),
    ]

    @dataclass
    class Loaded(Message):
        lines: list[ContactLine]
        index: NameIndex
        widths: dict[str, int]

    @dataclass
    class Found(Message):
        query: str
        rows: list[int]

    @dataclass
    class Dues(Message):
        dues: dict[int, date | None]

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[ContactLine] = []
        self.index = NameIndex([])
        self.dues: dict[int, date | None] = {}
        """Next due dates fetched so far, by contact (None: nothing scheduled)."""
        self.widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contacts-bar"):
            yield Input(placeholder="search: a few letters of a name", id="contacts-query")
            yield Select(
                [("all kinds", ALL_KINDS), *((k.value, k.value) for k in Kind)],
                value=ALL_KINDS,
                allow_blank=False,
                id="contacts-kind",
            )
        yield DataTable(cursor_type="row", id="contacts-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#contacts-table", DataTable)
        self.set_columns(column_widths([]))
        table.border_title = "Contacts"
        self.query_one("#contacts-query", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="contacts-load", exit_on_error=False)
    def load(self, kind: Kind | None = None) -> None:
        from followup_tui.services import contact_views

        # Without next dates: at 100,000 contacts the dates of all took 1 s of 1.3 s;
        # those of the rows shown come after.
        lines = contact_views.contact_lines(self.ctx.database(), kind, with_due=False)
        index = NameIndex([line.name for line in lines])
        self.post_message(self.Loaded(lines, index, column_widths(lines)))

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        self.lines, self.index = event.lines, event.index
        self.set_columns(event.widths)
        self.search(self.query_one("#contacts-query", Input).value)

    def set_columns(self, widths: dict[str, int]) -> None:
        """The columns at these widths (at least their titles'); the rows go with them."""
        if widths == self.widths:
            return
        self.widths = widths
        table = self.query_one("#contacts-table", DataTable)
        table.clear(columns=True)
        for key, title in COLUMNS.items():
            table.add_column(title, key=key, width=max(widths[key], len(title)))
        fit_column(table, "email")

    @on(Select.Changed, "#contacts-kind")
    def filter_kind(self, event: Select.Changed) -> None:
        self.load(None if event.value == ALL_KINDS else Kind(str(event.value)))

    @on(Input.Changed, "#contacts-query")
    def query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#contacts-query")
    def to_results(self) -> None:
        self.query_one("#contacts-table", DataTable).focus()

    @work(thread=True, exclusive=True, group="contacts-search", exit_on_error=False)
    def search(self, query: str) -> None:
        self.post_message(self.Found(query, self.index.rank(query, SHOWN)))

    @on(Found)
    def show(self, event: Found) -> None:
        if event.query != self.query_one("#contacts-query", Input).value:
            return  # typed on since: a newer search is coming
        table = self.query_one("#contacts-table", DataTable)
        table.clear()
        missing = []
        for row in event.rows:
            line = self.lines[row]
            if line.id not in self.dues:
                missing.append(line.id)
            due = _day(self.dues.get(line.id))
            add_plain_row(
                table,
                line.name,
                line.kind,
                line.phone or "",
                line.email or "",
                due,
                key=str(line.id),
            )
        total = len(self.lines)
        table.border_title = f"Contacts · {len(event.rows)} of {total:,}"
        if missing:
            self.load_dues(missing)

    @work(thread=True, group="contacts-dues", exit_on_error=False)
    def load_dues(self, contact_ids: list[int]) -> None:
        from followup_tui.services import contact_views

        dues = contact_views.next_due_dates(self.ctx.database(), contact_ids)
        self.post_message(self.Dues({cid: dues.get(cid) for cid in contact_ids}))

    @on(Dues)
    def show_dues(self, event: Dues) -> None:
        self.dues.update(event.dues)
        table = self.query_one("#contacts-table", DataTable)
        for contact_id, due in event.dues.items():
            if str(contact_id) in table.rows:
                table.update_cell(str(contact_id), "next", Text(_day(due)))

    def action_focus_search(self) -> None:
        self.query_one("#contacts-query", Input).focus()

    def action_open(self) -> None:
        table = self.query_one("#contacts-table", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.post_message(OpenContact(int(key)))

    @on(DataTable.RowSelected, "#contacts-table")
    def open_row(self) -> None:
        self.action_open()


def _day(due: date | None) -> str:
    return f"{due:%d %b %Y}" if due else ""
