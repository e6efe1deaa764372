"""The contacts screen's rows, a window at a time: the book by name from SQL (the index
of migration 0008), or a search's results; each row with its next call's date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from followup_tui.domain.model import Kind
from followup_tui.domain.phones import phone_shown
from followup_tui.safe_text import shown_line
from followup_tui.widgets.window_table import PAGE, Row, WindowColumn
from followup_tui.words import HIDDEN

if TYPE_CHECKING:
    from followup_tui.context import AppContext
    from followup_tui.domain.finding import Match
    from followup_tui.services.contact_views import ContactLine, SearchBook

COLUMNS = {
    "name": "Name",
    "found": "Found in",
    "kind": "Kind",
    "phone": "Phone",
    "email": "Email",
    "next": "Next",
}
NEXT_WIDTH = len("03 Dec 2026")
KIND_WIDTH = max(len(kind.value) for kind in Kind)


@dataclass
class Known:
    """What the screen has read and drawn of each contact so far, shared by its row
    sources (in their workers, one at a time): typing on shows many of the same people
    again, and a number formatted as she dials it costs ~0.1 ms."""

    dues: dict[int, date | None] = field(default_factory=dict)
    """Next call dates by contact (None: nothing scheduled)."""
    lines: dict[int, ContactLine] = field(default_factory=dict)
    cells: dict[int, tuple[Text, ...]] = field(default_factory=dict)
    """Name, kind, phone, email and next date, cut to their columns."""


WIDEST = {"name": 32, "found": 48, "phone": 20, "email": 36}
"""A longer name, match, phone or email is cut rather than pushing the dates off screen."""


def columns(longest: dict[str, int], found: int) -> list[WindowColumn]:
    """The columns at the widths the book's longest name, phone and email need (from
    SQL: no row measured), at most WIDEST; "Found in" only when a row says something."""
    widths = {
        "name": longest.get("name", 0),
        # As she dials it, a number is a few marks longer than stored ("(202) 555-0102"
        # for +12025550102): formatting all of them to measure would cost seconds.
        "phone": longest.get("phone", 0) + 2,
        "email": longest.get("email", 0),
        "found": found,
    }
    widths = {key: min(width, WIDEST[key]) for key, width in widths.items()}
    widths |= {"kind": KIND_WIDTH, "next": NEXT_WIDTH}
    return [
        WindowColumn(title, widths[key], fit=key == "email")
        for key, title in COLUMNS.items()
        if key != "found" or found
    ]


def match_words(match: Match | None, discreet: bool) -> str:
    """What the "Found in" column says: nothing for her name; in discreet mode a fact
    or a note is named, not shown."""
    from followup_tui.domain.finding import Field

    if match is None:
        return ""
    if discreet and match.field in (Field.FACT, Field.NOTE):
        return f"{match.field.name.lower()} {HIDDEN}"
    return match.words


class _Rows:
    """Rows made from contact lines: cells as typed (no markup), cut to their column."""

    def __init__(
        self, ctx: AppContext, region: str, cols: list[WindowColumn], known: Known
    ) -> None:
        self.ctx = ctx
        self.region = region
        self.columns = cols
        self.known = known
        self._first: list[Row] = []
        self._keys: dict[str, int] = {}

    def first(self) -> list[Row]:
        """The rows fetched with the source (its first page)."""
        return self._first

    def made(self, lines: Sequence[ContactLine], words: dict[int, str] | None) -> list[Row]:
        from followup_tui.services.contact_views import next_due_dates

        known = self.known
        missing = [line.id for line in lines if line.id not in known.dues]
        if missing:
            found = next_due_dates(self.ctx.database(), missing)
            known.dues.update({cid: found.get(cid) for cid in missing})
        found_in = [c for c in self.columns if c.title == COLUMNS["found"]]
        plain = [c for c in self.columns if c.title != COLUMNS["found"]]
        rows = []
        for line in lines:
            cells = known.cells.get(line.id)
            if cells is None:
                values = [
                    line.name,
                    line.kind,
                    phone_shown(line.phone, self.region) if line.phone else "",
                    line.email or "",
                    _day(known.dues.get(line.id)),
                ]
                cells = tuple(_cell(v, c.width) for v, c in zip(values, plain, strict=True))
                known.cells[line.id] = cells
            if found_in and words is not None:
                cells = (cells[0], _cell(words[line.id], found_in[0].width), *cells[1:])
            rows.append(Row(str(line.id), cells))
        return rows


class BookWindow(_Rows):
    """The book (of a kind) by name, a window at a time from SQL."""

    FIRST = PAGE

    def __init__(
        self, ctx: AppContext, kind: str | None, region: str, longest: dict[str, int], known: Known
    ) -> None:
        super().__init__(ctx, region, columns(longest, 0), known)
        self.kind = kind

    def take(self, lines: Sequence[ContactLine]) -> None:
        """The first window, read with the count (in the worker that made this)."""
        self._first = self.made(lines, None)

    def count(self) -> int:
        from followup_tui.services.contact_views import count_contacts

        return count_contacts(self.ctx.database(), self.kind)

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        from followup_tui.services.contact_views import contact_window

        window = contact_window(self.ctx.database(), self.kind, start, stop - start, total=False)
        return self.made(window.lines, None)

    def index_of(self, key: str) -> int | None:
        from followup_tui.services.contact_views import place_by_name

        return place_by_name(self.ctx.database(), self.kind, int(key))


class FoundRows(_Rows):
    """A search's results, best first, with the words that matched: all made at once."""

    @classmethod
    def of(
        cls,
        ctx: AppContext,
        book: SearchBook,
        rows: Sequence[int],
        query: str,
        region: str,
        longest: dict[str, int],
        discreet: bool,
        known: Known,
    ) -> FoundRows:
        from followup_tui.services.contact_views import lines_by_id

        ids = [book.ids[row] for row in rows]
        matches = book.index.matches(rows, query)
        words = {cid: match_words(m, discreet) for cid, m in zip(ids, matches, strict=True)}
        found = max((cell_len(w) for w in words.values()), default=0)
        made = cls(ctx, region, columns(longest, found), known)
        missing = [cid for cid in ids if cid not in known.lines]
        if missing:
            known.lines.update((line.id, line) for line in lines_by_id(ctx.database(), missing))
        lines = [known.lines[cid] for cid in ids if cid in known.lines]
        made._first = made.made(lines, words if found else None)
        made._keys = {row.key: at for at, row in enumerate(made._first)}
        return made

    def count(self) -> int:
        return len(self._first)

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        return self._first[start:stop]

    def index_of(self, key: str) -> int | None:
        return self._keys.get(key)


def _cell(value: str, width: int) -> Text:
    text = Text(shown_line(value))
    if text.cell_len > width:
        text.truncate(width)
    return text


def _day(due: date | None) -> str:
    return f"{due:%d %b %Y}" if due else ""
