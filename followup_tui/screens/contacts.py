"""Find anyone by what she remembers: a name (typos forgiven), phone digits, email, where
they met, a fact, a note, with the words that matched; filter by kind; open the contact."""

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

from followup_tui.context import phone_region
from followup_tui.domain.model import Kind
from followup_tui.domain.phones import phone_shown
from followup_tui.messages import OpenContact
from followup_tui.screens.base import FollowupScreen, add_plain_row
from followup_tui.validation import MAX_SEARCH
from followup_tui.widgets.fit import fit_column
from followup_tui.words import HIDDEN

if TYPE_CHECKING:
    from followup_tui.domain.finding import Match
    from followup_tui.services.contact_views import ContactLine, SearchBook

SHOWN = 80
"""Rows handed to the table: a window, never the whole book (MEASURED.md). Two screens'
worth: each key refills the table, and at 100,000 contacts in a real terminal 200 rows
made a key 50 ms (median; p90 121), 80 rows 39 ms (p90 70). Typing on narrows the rest."""
ALL_KINDS = "all"
COLUMNS = {
    "name": "Name",
    "found": "Found in",
    "kind": "Kind",
    "phone": "Phone",
    "email": "Email",
    "next": "Next",
}
NEXT_WIDTH = len("03 Dec 2026")
WIDEST = {"name": 32, "found": 48, "phone": 20, "email": 36}
"""A longer name, match, phone or email is cut rather than pushing the dates off screen."""
PLACEHOLDER = "search: name, phone, email, where met, facts, notes"


def column_widths(people: list[ContactLine] | SearchBook) -> dict[str, int]:
    """Every column's width, fixed before its rows arrive: the dates come after the rows,
    and a DataTable measures its columns when idle, so a width left to it depends on
    timing (a first open showed "03 D"). "Found in" is as wide as the rows shown need."""
    if isinstance(people, list):
        rows = [(line.name, line.phone, line.email) for line in people]
    else:
        rows = [(c[1], c[4], c[5]) for c in people.contacts]
    widths = {
        "name": max((cell_len(name) for name, _, _ in rows), default=0),
        "found": 0,
        # As she dials it, a number is a few marks longer than stored ("(202) 555-0102"
        # for +12025550102): formatting all of them to measure would cost seconds.
        "phone": max((cell_len(phone or "") + 2 for _, phone, _ in rows), default=0),
        "email": max((cell_len(email or "") for _, _, email in rows), default=0),
    }
    widths = {key: min(width, WIDEST[key]) for key, width in widths.items()}
    widths["kind"] = max(len(kind.value) for kind in Kind)
    widths["next"] = NEXT_WIDTH
    return widths


def match_words(match: Match | None, discreet: bool) -> str:
    """What the "Found in" column says: nothing for her name; in discreet mode a fact
    or a note is named, not shown."""
    from followup_tui.domain.finding import Field

    if match is None:
        return ""
    if discreet and match.field in (Field.FACT, Field.NOTE):
        return f"{match.field.name.lower()} {HIDDEN}"
    return match.words


class ContactsScreen(FollowupScreen):
    CSS_PATH = "contacts.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="contacts-back"),
        Binding("slash", "focus_search", "Search", id="contacts-search", key_display="/"),
        Binding("down", "to_results", "Results", id="contacts-results", show=False),
        Binding("enter", "open", "Open", id="contacts-open", show=True),
    ]

    @dataclass
    class Loaded(Message):
        book: SearchBook
        widths: dict[str, int]

    @dataclass
    class Found(Message):
        query: str
        kind: str | None
        lines: list[ContactLine]
        matches: list[Match | None]

    @dataclass
    class Dues(Message):
        dues: dict[int, date | None]

    def __init__(self) -> None:
        super().__init__()
        self.book: SearchBook | None = None
        self.kind: str | None = None
        """The kind chosen in the filter (None: all)."""
        self.dues: dict[int, date | None] = {}
        """Next due dates fetched so far, by contact (None: nothing scheduled)."""
        self.widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contacts-bar"):
            yield Input(placeholder=PLACEHOLDER, id="contacts-query")
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
        self.set_columns({key: 0 for key in COLUMNS})
        table.border_title = "Contacts"
        self.query_one("#contacts-query", Input).focus()
        # Discreet mode names a fact or a note in "Found in" instead of showing it.
        self.watch(self.app, "discreet", self.search_again, init=False)
        self.load()

    def search_again(self) -> None:
        self.search(self.query_one("#contacts-query", Input).value, self.kind)

    @work(thread=True, exclusive=True, group="contacts-load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import contact_views

        # The first names at once (a big book takes a second to read whole); then
        # everything a search looks through, read once: each key searches in memory.
        # Without next dates: those of the rows shown come after.
        db = self.ctx.database()
        first = contact_views.first_lines(db, SHOWN)
        self.post_message(self.Found("", None, first, [None] * len(first)))
        book = contact_views.searchable(db)
        book.index.names.prepare()  # the first typo does not wait for it
        self.post_message(self.Loaded(book, column_widths(book)))

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        self.book = event.book
        self.widths = {}
        self.set_columns(event.widths)
        self.search(self.query_one("#contacts-query", Input).value, self.kind)

    def set_columns(self, widths: dict[str, int]) -> None:
        """The columns at these widths (at least their titles'; "Found in" only when
        wanted); the rows go with them."""
        if widths == self.widths:
            return
        self.widths = widths
        table = self.query_one("#contacts-table", DataTable)
        table.clear(columns=True)
        for key, title in COLUMNS.items():
            if key != "found" or widths[key]:
                table.add_column(title, key=key, width=max(widths[key], len(title)))
        fit_column(table, "email")

    @on(Select.Changed, "#contacts-kind")
    def filter_kind(self, event: Select.Changed) -> None:
        self.kind = None if event.value == ALL_KINDS else str(event.value)
        self.search(self.query_one("#contacts-query", Input).value, self.kind)

    @on(Input.Changed, "#contacts-query")
    def query_changed(self, event: Input.Changed) -> None:
        if len(event.value) > MAX_SEARCH:
            # A paste of a whole page is cut, not refused (max_length drops the paste
            # whole); the cut value fires Changed again and that is searched.
            event.input.value = event.value[:MAX_SEARCH]
            return
        self.search(event.value, self.kind)

    @on(Input.Submitted, "#contacts-query")
    def to_results(self) -> None:
        self.query_one("#contacts-table", DataTable).focus()

    def action_to_results(self) -> None:
        # Down in the search box goes into the results, as Enter does; in the table and
        # the kind list, down is theirs.
        self.to_results()

    @work(thread=True, exclusive=True, group="contacts-search", exit_on_error=False)
    def search(self, query: str, kind: str | None) -> None:
        book = self.book
        if book is None:
            return  # still reading: the search runs once the book is in
        rows = book.index.rank(query, SHOWN, kind=kind)
        lines = [book.line(row) for row in rows]
        matches = book.index.matches(rows, query)
        self.post_message(self.Found(query, kind, lines, matches))

    @on(Found)
    def show(self, event: Found) -> None:
        if event.query != self.query_one("#contacts-query", Input).value or event.kind != self.kind:
            return  # typed on since: a newer search is coming
        if self.book is None:  # the first names, before the book is read
            self.set_columns(column_widths(event.lines))
        words = [match_words(match, self.discreet) for match in event.matches]
        found = min(max((cell_len(w) for w in words), default=0), WIDEST["found"])
        self.set_columns(self.widths | {"found": found})
        table = self.query_one("#contacts-table", DataTable)
        table.clear()
        missing = []
        region = phone_region(self.app)
        for line, said in zip(event.lines, words, strict=True):
            if line.id not in self.dues:
                missing.append(line.id)
            due = _day(self.dues.get(line.id))
            cells = [line.name, said] if found else [line.name]
            add_plain_row(
                table,
                *cells,
                line.kind,
                phone_shown(line.phone, region) if line.phone else "",
                line.email or "",
                due,
                key=str(line.id),
            )
        if self.book is None:
            table.border_title = "Contacts · reading…"
        else:
            total = len(self.book.index.rows(self.kind))
            table.border_title = f"Contacts · {len(event.lines)} of {total:,}"
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
