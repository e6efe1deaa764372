"""Today's list: one row a touch, in DOMAIN.md's order, under a header line for each
part of it (referrals, corporate backorders, overdue, today)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widget import PseudoClasses
from textual.widgets import DataTable

from followup_tui.domain.today import DueTouch, order_key
from followup_tui.domain.when import time_words
from followup_tui.safe_text import shown_line
from followup_tui.widgets.contact_card import discreet_badge
from followup_tui.widgets.fast_table import FastTable

CHANNEL_MARK = {"call": "call", "text": "text", "email": "mail", "card": "card"}
WINDOW = 200
"""Calls handed to the DataTable at a time: it takes seconds to take 4,000 at once here,
and nobody reads past the first screens before working some calls."""
FIRST_ROWS = 80
"""Calls in the first frame: a tall terminal's worth."""
AHEAD = 50
"""When the cursor comes this close to the last call shown, the next window is added."""
END_CHUNK = 1_000
"""Calls added a frame while `End` runs the list to its end."""
SECTION_NAMES = ("Referrals", "Backorders", "Overdue", "Today")
"""The parts of the list, by the first element of domain.today.order_key."""
SECTION_KEY = "section-"
"""Row keys of header lines; a call's row key is its touch id (digits only)."""


class TouchTable(FastTable, inherit_bindings=False):
    """The due and overdue touches; highlighting a row chooses it.

    Rows are calls and the header line above each part of the list. The cursor never
    rests on a header, so `cursor_row` is a row of the table, not an index into
    `items`: `chosen_index` is that index.
    """

    # Only the keys that mean something in a list of calls (not inherited: no column
    # cursor here, and each line of the `?` panel is one a small terminal may not show).
    # Home and end mean the first and the last call, with or without ctrl.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open contact", show=False),
        Binding("up", "cursor_up", "Call above", show=False),
        Binding("down", "cursor_down", "Call below", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_call", "First call", show=False),
        Binding("end,ctrl+end", "last_call", "Last call", show=False),
        Binding("left", "cursor_left", "Scroll left", show=False),
        Binding("right", "cursor_right", "Scroll right", show=False),
    ]

    @dataclass
    class TouchChosen(Message):
        touch_id: int
        contact_id: int

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self.items: list[DueTouch] = []
        self.today: date | None = None
        self._shown = 0
        """How many of `items` have rows so far."""
        self._starts: list[int] = []
        """The index in `items` where each part of the list starts."""
        self._counts: list[int] = []
        self._sections: list[int] = []
        """Which of SECTION_NAMES each part is."""
        self._header_rows: list[int] = []
        """The row of every part's header (those not added yet too), in order."""
        self._index: dict[int, int] = {}
        """touch id -> index in `items`."""

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        # Also from show(): the desk may fill the list before this table's own mount.
        if not self.columns:
            self.add_column("Who", key="who")
            self.add_column("When", key="when")
            self.add_column("By", key="by")
            self.add_column("Why", key="why")

    def get_pseudo_class_state(self) -> PseudoClasses:
        # DataTable keys its cached lines on focus; while a call is logged the list keeps
        # its focused look (touch_table.tcss), so its lines need not be drawn again.
        state = super().get_pseudo_class_state()
        return state._replace(focus=True) if self.has_class("-logging") else state

    # --- rows and items ------------------------------------------------------------------

    def row_of(self, index: int) -> int:
        """The table row of items[index]: the index plus the headers above it."""
        return index + bisect_right(self._starts, index)

    def index_of(self, row: int) -> int | None:
        """The index in `items` of the call on a table row; None for a header."""
        above = bisect_left(self._header_rows, row)
        if above < len(self._header_rows) and self._header_rows[above] == row:
            return None
        return row - above

    @property
    def calls_shown(self) -> int:
        """How many of `items` have rows so far (the list is handed over in windows)."""
        return self._shown

    @property
    def chosen_index(self) -> int | None:
        """The index in `items` of the call the cursor is on, or None."""
        row = self.cursor_row
        if not self.items or row < 0 or row >= self.row_count:
            return None
        index = self.index_of(row)
        return index if index is not None and index < len(self.items) else None

    @property
    def chosen(self) -> DueTouch | None:
        index = self.chosen_index
        return None if index is None else self.items[index]

    def show(self, items: list[DueTouch], today: date, keep: int | None = None) -> None:
        """Replace the rows; keep the cursor on touch `keep` when it is still listed."""
        self._add_columns()
        if items == self.items and today == self.today and items:
            # The reload after a call was worked usually finds what remove_call() left: the
            # rows stay, and so does every line already drawn.
            self._go_to(self._index.get(keep, 0) if keep is not None else 0)
            return
        if self._grown(items, today, keep):
            return
        self.items, self.today = list(items), today
        self._plan_sections()
        self._shown = 0
        self.clear()
        if not items:
            return
        index = self._index.get(keep, 0) if keep is not None else 0
        # What fills a tall terminal now; the rest of the window once that is on screen.
        self._add_rows(max(FIRST_ROWS, index + AHEAD))
        self.move_cursor(row=self.row_of(index))
        self.call_after_refresh(self._add_rows, max(WINDOW, index + AHEAD))

    def _grown(self, items: list[DueTouch], today: date, keep: int | None) -> bool:
        """The whole list following the first frame's window, which it begins with: the
        rows and the cursor stay (no clear and no 200 rows added again in the first second,
        when her first key comes); only the headers' counts change."""
        shown = self.items
        if not shown or today != self.today or len(items) <= len(shown):
            return False
        if items[: len(shown)] != shown:
            return False
        self.items = list(items)
        self._plan_sections()
        for part, start in enumerate(self._starts):
            if start < self._shown:
                self.update_cell(f"{SECTION_KEY}{self._sections[part]}", "who", self._header(part))
        chosen = self.chosen
        if keep is not None and keep in self._index and (chosen is None or chosen.touch.id != keep):
            self._go_to(self._index[keep])
        return True

    def remove_call(self, touch_id: int) -> int | None:
        """Take one call off the list (worked, skipped or moved to another day): its row
        goes and the others stay, so only the lines below it are drawn again. The cursor
        stays on its call, or goes on to the next one when its own call went. Answers the
        touch the cursor is on."""
        index = self._index.get(touch_id)
        chosen = self.chosen
        if index is None or self.today is None:
            return chosen.touch.id if chosen else None
        part = bisect_right(self._starts, index) - 1
        header_key = f"{SECTION_KEY}{self._sections[part]}"
        header_shown = self._starts[part] < self._shown
        if index < self._shown:
            self.remove_row(str(touch_id))
            self._shown -= 1
        del self.items[index]
        self._counts[part] -= 1
        later = part + 1
        if not self._counts[part]:
            if header_shown:
                self.remove_row(header_key)
            del self._starts[part], self._counts[part], self._sections[part]
            later = part
        elif header_shown:
            self.update_cell(header_key, "who", self._header(part))
        for after in range(later, len(self._starts)):
            self._starts[after] -= 1
        self._header_rows = [start + n for n, start in enumerate(self._starts)]
        self._index = {item.touch.id: i for i, item in enumerate(self.items)}
        if not self.items:
            return None
        if chosen is not None and chosen.touch.id != touch_id:
            self._go_to(self._index[chosen.touch.id])
        else:
            self._go_to(min(index, len(self.items) - 1))
        now = self.chosen
        return now.touch.id if now else None

    def _go_to(self, index: int) -> None:
        """The cursor on items[index], its row added first if need be; the call is chosen
        again even when the cursor's row number is the same (another call is on it)."""
        self._add_rows(index + AHEAD)
        row = self.row_of(index)
        moved = row != self.cursor_row
        self.move_cursor(row=row)
        if not moved:
            item = self.items[index]
            self.post_message(self.TouchChosen(item.touch.id, item.touch.contact_id))

    def _plan_sections(self) -> None:
        """Where each part of the list starts and how many calls it has: every header's
        row is known before the rows are, so a window never moves a row."""
        assert self.today is not None
        self._starts, self._counts, self._sections = [], [], []
        self._index = {}
        for index, item in enumerate(self.items):
            self._index[item.touch.id] = index
            section = order_key(item, self.today)[0]
            if not self._sections or self._sections[-1] != section:
                self._starts.append(index)
                self._counts.append(0)
                self._sections.append(section)
            self._counts[-1] += 1
        self._header_rows = [start + n for n, start in enumerate(self._starts)]

    def _header(self, part: int) -> Text:
        name, count = SECTION_NAMES[self._sections[part]], self._counts[part]
        return Text.assemble((name, "bold underline"), (f" · {count}", "bold"))

    def _add_rows(self, until: int) -> None:
        """Rows for the calls up to `until` (of all the items), after those already shown,
        each part's header before its first call."""
        assert self.today is not None
        rows: list[tuple[str, tuple[str | Text, ...]]] = []
        for index in range(self._shown, min(until, len(self.items))):
            part = bisect_right(self._starts, index) - 1
            if self._starts[part] == index:
                rows.append((f"{SECTION_KEY}{self._sections[part]}", (self._header(part),)))
            item = self.items[index]
            rows.append((str(item.touch.id), self._cells(item, self.today)))
            self._shown = index + 1
        self._append_rows(rows)

    @staticmethod
    def _cells(item: DueTouch, today: date) -> tuple[str | Text, ...]:
        late = item.overdue_days(today)
        # A name stored before names refused control characters is drawn, not obeyed.
        who = Text(shown_line(item.name))
        if item.is_referral:
            who.stylize("bold")
        if item.discreet:
            who.append(" ").append_text(discreet_badge())
        when = Text(f"{late}d late" if late else "today")
        if late:
            when.stylize("bold")
        if item.touch.time:  # she asked to be called at a time: "today 6pm"
            when.append(f" {time_words(item.touch.time)}")
        channel = CHANNEL_MARK.get(item.touch.channel.value, item.touch.channel.value)
        return who, when, channel, Text(shown_line(item.title))

    # --- the cursor ----------------------------------------------------------------------

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        """A header is stepped over in the direction the cursor was going (down when it
        cannot go up), so no key or click leaves the cursor on one."""
        coordinate = super().validate_cursor_coordinate(value)
        row = coordinate.row
        if not 0 <= row < self.row_count or self.index_of(row) is not None:
            return coordinate
        target = row - 1 if row < self.cursor_coordinate.row else row + 1
        if target < 0:
            target = row + 1
        if target >= self.row_count:
            # The header's first call is not added yet (only while rows are added).
            target = row - 1 if row > 0 else row
        return Coordinate(target, coordinate.column)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        # The first call of a part brings its header into view too (every row is one
        # line, so a row's offset is its index).
        above = new.row - 1
        if above >= 0 and self.index_of(above) is None and self.scroll_y > above:
            self.call_after_refresh(self.scroll_to, y=above, animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        # An empty list still posts a highlight (row -1, no key) on up or page down; a
        # header is highlighted for a moment while the first rows are added.
        key = event.row_key.value if event.row_key is not None else None
        if key is None or key.startswith(SECTION_KEY):
            return
        touch_id = int(key)
        index = self._index.get(touch_id)
        if index is None:
            return
        # A call `End` passes on its way is not chosen (its card not read).
        passed = self._hushed and self._shown < len(self.items)
        if index >= self._shown - AHEAD and self._shown < len(self.items):
            self._add_rows(self._shown + WINDOW)
        if passed:
            return
        self.post_message(self.TouchChosen(touch_id, self.items[index].touch.contact_id))

    def on_resize(self) -> None:
        # The Outcome pane opens (or shows a two-line result) under the list: the call
        # she is on stays in sight.
        self.call_after_refresh(self._cursor_in_sight)

    def _cursor_in_sight(self) -> None:
        # The row as it is then: the list may have been filled again meanwhile.
        if self.row_count:
            self.move_cursor(row=self.cursor_row)

    def action_first_call(self) -> None:
        if self.items:
            self.move_cursor(row=self.row_of(0))
            self.scroll_to(y=0, animate=False)  # and the first header above it

    keys_seen = 0
    """Keys that came to the list (its own and those it passes on to the desk's)."""

    _hushed = False
    """`End` is adding rows: the calls the cursor passes are not chosen, only the last
    (each chosen loaded a card, and the last waited as for a key held down)."""

    def on_key(self, event: events.Key) -> None:
        self.keys_seen += 1
        self._hushed = False  # her key's own move chooses its call

    def action_last_call(self) -> None:
        # The one place every row is handed over: she asked for the end of the list.
        if self.items:
            self._run_to_end()

    def _run_to_end(self, after: int | None = None, keys: int | None = None) -> None:
        """Rows added up to the last call, END_CHUNK of them a frame, the cursor on the
        last added: each frame comes at once, and keys pressed meanwhile are answered
        (thousands at once held the desk for half a second). A key meanwhile (or a
        click that moves the cursor) stops the run where it is: `o` then logs the call
        on screen, not one the run has moved away from."""
        if after is not None and (after != self.cursor_row or keys != self.keys_seen):
            # Stopped where it is (a key that did not move the cursor, or a click): the
            # call it is on is chosen, as the rest of the run passed it unchosen.
            if self._hushed or after == self.cursor_row:
                self._hushed = False
                self._choose_row()
            return
        self._hushed = True
        self._add_rows(self._shown + END_CHUNK)
        self.move_cursor(row=self.row_count - 1)
        if self._shown < len(self.items):
            self.call_after_refresh(self._run_to_end, self.row_count - 1, self.keys_seen)
        else:
            self._hushed = False  # the last call, highlighted now, is chosen

    def _choose_row(self) -> None:
        item = self.chosen
        if item is not None:
            self.post_message(self.TouchChosen(item.touch.id, item.touch.contact_id))
