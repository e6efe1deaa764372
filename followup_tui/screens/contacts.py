"""Find anyone by what she remembers: a name (typos forgiven), phone digits, email, where
they met, a fact, a note, with the words that matched; filter by kind; open the contact."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Input, Select

from followup_tui.domain.model import Kind
from followup_tui.messages import OpenContact
from followup_tui.screens.base import FollowupScreen
from followup_tui.screens.contact_rows import BookWindow, FoundRows, Known, columns
from followup_tui.validation import MAX_SEARCH
from followup_tui.widgets.footer import Footer
from followup_tui.widgets.search_field import SearchField
from followup_tui.widgets.window_table import WindowTable

if TYPE_CHECKING:
    from textual.timer import Timer

    from followup_tui.context import AppContext
    from followup_tui.services.contact_views import SearchBook

SHOWN = 80
"""A search's results, best first: typing on narrows the rest. Ranking more costs
each key more (a letter or two reads the book until this many are found)."""
ALL_KINDS = "all"
PLACEHOLDER = "search: name, phone, email, where met, facts, notes"
HOLD = 0.025
"""Seconds a key's frame waits for its results at most: slower results come after."""


class ContactsScreen(FollowupScreen):
    CSS_PATH = "contacts.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="contacts-back"),
        Binding("slash", "focus_search", "Search", id="contacts-search", key_display="/"),
        Binding("down", "to_results", "Results", id="contacts-results", show=False),
        Binding("enter", "open", "Open", id="contacts-open", show=True),
    ]

    @dataclass
    class Found(Message):
        """Rows for what was typed (nothing: the book by name), fetched in a worker."""

        query: str
        kind: str | None
        rows: BookWindow | FoundRows
        total: int
        """Contacts of the kind in the book."""

    @dataclass
    class Ready(Message):
        """The book read for a search (or kept from the last open)."""

        book: SearchBook

    def __init__(self) -> None:
        super().__init__()
        self.book: SearchBook | None = None
        self.kind: str | None = None
        """The kind chosen in the filter (None: all)."""
        self.longest: dict[str, int] = {}
        """The book's longest name, phone and email: the columns' widths."""
        self.shown_query: str | None = None
        """What the rows on screen were found for ("" for the book by name)."""
        self.shown_kind: str | None = None
        self.known = Known()
        """What was read and drawn of each contact so far (shared by the row sources)."""
        self.reading = False
        """The book for a search is being read (or kept from the last open)."""
        self._held: AbstractContextManager[None] | None = None
        """The frame held for a key's results (hold_frame)."""
        self._hold_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contacts-bar"):
            yield SearchField(placeholder=PLACEHOLDER, id="contacts-query")
            yield Select(
                [("all kinds", ALL_KINDS), *((k.value, k.value) for k in Kind)],
                value=ALL_KINDS,
                allow_blank=False,
                id="contacts-kind",
            )
        yield WindowTable(columns({}, 0), id="contacts-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(WindowTable).border_title = "Contacts"
        field = self.query_one("#contacts-query", Input)
        field.focus()
        # Held from the moment a key changes the text, before the field draws it.
        self.watch(field, "value", self.typed_on, init=False)
        # Discreet mode names a fact or a note in "Found in" instead of showing it.
        self.watch(self.app, "discreet", self.search_again, init=False)
        self.load()

    def typed(self) -> str:
        return self.query_one("#contacts-query", Input).value

    def search_again(self) -> None:
        self.search(self.typed(), self.kind)

    @work(thread=True, exclusive=True, group="contacts-load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import contact_views

        # The first window of names at once, from the index on the name (no read of
        # the whole book); what a search looks through comes after (read_book).
        db = self.ctx.database()
        kept = self.ctx.search_book
        if isinstance(kept, contact_views.SearchBook) and kept.is_current():
            # The widths as the last open found them: no pass over every contact.
            first = contact_views.contact_window(db, None, 0, BookWindow.FIRST)
            self.longest = kept.longest
        else:
            first = contact_views.contact_window(db, None, 0, BookWindow.FIRST, longest=True)
            self.longest = first.longest
        window = BookWindow(self.ctx, None, self.phone_region(), self.longest, self.known)
        window.take(first.lines)
        self.post_message(self.Found("", None, window, first.total))

    @work(thread=True, exclusive=True, group="contacts-book", exit_on_error=False)
    def read_book(self) -> None:
        self.post_message(self.Ready(kept_book(self.ctx)))

    def phone_region(self) -> str:
        from followup_tui.context import phone_region

        return phone_region(self.app)

    @on(Ready)
    def ready(self, event: Ready) -> None:
        import gc

        self.book = event.book
        # What is alive now lives long (the book, the app): the collector's full passes
        # looked through all of it again and again, 75-220 ms each, every few keys.
        # Looked through again once she leaves (on_unmount).
        gc.freeze()
        if (self.shown_query, self.shown_kind) != (self.typed(), self.kind):
            self.search_again()  # typed or filtered while the book was read

    @on(Select.Changed, "#contacts-kind")
    def filter_kind(self, event: Select.Changed) -> None:
        kind = None if event.value == ALL_KINDS else str(event.value)
        if kind != self.kind:
            self.kind = kind
            self.search_again()

    @on(Input.Changed, "#contacts-query")
    def query_changed(self, event: Input.Changed) -> None:
        if len(event.value) > MAX_SEARCH:
            # A paste of a whole page is cut, not refused (max_length drops the paste
            # whole); the cut value fires Changed again and that is searched.
            event.input.value = event.value[:MAX_SEARCH]
            return
        self.search(event.value, self.kind)

    def typed_on(self) -> None:
        if self.book is not None:
            self.book.index.give_way()  # a search ahead of this key stops where it is
        self.hold_frame()

    def hold_frame(self) -> None:
        """No frame until this key's results are in (at most HOLD): the key's letter and
        its results in one frame, not the letter and then, a frame later (~16 ms at 60
        fps, plus drawing it), the results."""
        if self._held is None:
            self._held = self.app.batch_update()
            self._held.__enter__()
            # On the app: a timer of the screen's own stops when the screen goes.
            self._hold_timer = self.app.set_timer(HOLD, self.release_frame)

    def release_frame(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self.check_idle()  # the frame held is drawn now, not at the screen's next message

    def on_screen_suspend(self) -> None:
        self.release_frame()

    def on_unmount(self) -> None:
        import gc

        self.release_frame()
        gc.unfreeze()  # what was alive at ready() may be collected again

    @on(Input.Submitted, "#contacts-query")
    def to_results(self) -> None:
        self.query_one(WindowTable).focus()

    def action_to_results(self) -> None:
        # Down in the search box goes into the results, as Enter does; in the table and
        # the kind list, down is theirs.
        self.to_results()

    @work(thread=True, exclusive=True, group="contacts-search", exit_on_error=False)
    def search(self, query: str, kind: str | None) -> None:
        from followup_tui.domain.search import typed_words
        from followup_tui.services import contact_views

        db = self.ctx.database()
        if not self.longest:
            return  # the first window is on its way; it brings the widths
        if not typed_words(query):
            first = contact_views.contact_window(db, kind, 0, BookWindow.FIRST)
            window = BookWindow(self.ctx, kind, self.phone_region(), self.longest, self.known)
            window.take(first.lines)
            self.post_message(self.Found(query, kind, window, first.total))
            return
        book = self.book
        if book is None:
            return  # still reading: the search runs once the book is in
        rows = book.index.rank(query, SHOWN, kind=kind)
        region, longest = self.phone_region(), self.longest
        found = FoundRows.of(
            self.ctx, book, rows, query, region, longest, self.discreet, self.known
        )
        self.post_message(self.Found(query, kind, found, len(book.index.rows(kind))))

    @work(thread=True, exclusive=True, group="contacts-ahead", exit_on_error=False)
    def look_ahead(self, query: str, kind: str | None) -> None:
        book = self.book
        if book is not None and (query, kind) == (self.shown_query, self.shown_kind):
            book.index.look_ahead(query, kind)

    @on(Found)
    def show(self, event: Found) -> None:
        if event.query != self.typed() or event.kind != self.kind:
            return  # typed on since: a newer search is coming
        table = self.query_one(WindowTable)
        wanted = event.rows.columns
        if [c.title for c in wanted] != [c.title for c in table.columns] or any(
            c.width != d.width for c, d in zip(wanted, table.columns, strict=True)
        ):
            table.columns = wanted
        # A new search starts at its best match. Not by clear(): its empty table and
        # then the rows change the table's size twice, and that lays out the whole
        # screen again (~15 ms a key at 100,000) even when the size comes back the same.
        table.show(event.rows, event.rows.count(), event.rows.first(), keep=False)
        table.border_title = f"Contacts · {event.rows.count():,} of {event.total:,}"
        self.shown_query, self.shown_kind = event.query, event.kind
        # Released once the table has asked for its repaint (at its next idle, after
        # this): a frame before would show the field's letter and not the results.
        self.hold_frame()
        table.call_later(self.release_frame)
        if isinstance(event.rows, FoundRows):
            # While she reads: which texts hold these words, for the next key to narrow.
            self.call_after_refresh(self.look_ahead, event.query, event.kind)
        if not self.reading:
            # After the names' frame: reading the book holds the interpreter a second.
            self.reading = True
            self.call_after_refresh(self.read_book)

    def action_focus_search(self) -> None:
        field = self.query_one("#contacts-query", Input)
        field.focus()
        # Held from the moment a key changes the text, before the field draws it.
        self.watch(field, "value", self.typed_on, init=False)

    def action_open(self) -> None:
        key = self.query_one(WindowTable).cursor_key
        if key is not None:
            self.post_message(OpenContact(int(key)))

    def on_window_table_row_selected(self, event: WindowTable.RowSelected) -> None:
        event.stop()
        self.post_message(OpenContact(int(event.key)))


def kept_book(ctx: AppContext) -> SearchBook:
    """What a search looks through: the one read at the last open while the book has
    not changed since (db/watch.py's data_version), else read now and kept in place of
    it. One is kept, ~35 MB at 100,000 contacts: reading it again takes ~1 s."""
    from followup_tui.services.contact_views import SearchBook, searchable

    kept = ctx.search_book
    if isinstance(kept, SearchBook):
        if kept.is_current():
            return kept
        kept.close()
        ctx.search_book = None  # dropped before the new one is read: never two held
    # The names as a typo is compared (~6 MB) are made at the first typo, not here.
    book = searchable(ctx.database(), ctx.change_probe())
    ctx.search_book = book
    return book
