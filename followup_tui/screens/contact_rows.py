"""The contacts screen's rows, a window at a time: the book by name from SQL (the index
of migration 0008), or a search's results; each row with its next call's date."""

from __future__ import annotations

from collections.abc import Sequence
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
Dues = dict[int, date | None]
"""Next call dates read so far, by contact (None: nothing scheduled)."""
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

    def __init__(self, ctx: AppContext, region: str, cols: list[WindowColumn], dues: Dues) -> None:
        self.ctx = ctx
        self.region = region
        self.columns = cols
        self.dues = dues
        self._first: list[Row] = []
        self._keys: dict[str, int] = {}

    def first(self) -> list[Row]:
        """The rows fetched with the source (its first page)."""
        return self._first

    def made(self, lines: Sequence[ContactLine], words: dict[int, str] | None) -> list[Row]:
        from followup_tui.services.contact_views import next_due_dates

        # Typing on shows many of the same people again: their dates are known.
        dues = self.dues
        missing = [line.id for line in lines if line.id not in dues]
        if missing:
            found = next_due_dates(self.ctx.database(), missing)
            dues.update({cid: found.get(cid) for cid in missing})
        rows = []
        for line in lines:
            values = [
                line.name,
                *([words[line.id]] if words is not None else []),
                line.kind,
                phone_shown(line.phone, self.region) if line.phone else "",
                line.email or "",
                _day(dues.get(line.id)),
            ]
            cells = tuple(_cell(v, c.width) for v, c in zip(values, self.columns, strict=True))
            rows.append(Row(str(line.id), cells))
        return rows


class BookWindow(_Rows):
    """The book (of a kind) by name, a window at a time from SQL."""

    FIRST = PAGE

    def __init__(
        self, ctx: AppContext, kind: str | None, region: str, longest: dict[str, int], dues: Dues
    ) -> None:
        super().__init__(ctx, region, columns(longest, 0), dues)
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
        dues: Dues,
    ) -> FoundRows:
        from followup_tui.services.contact_views import lines_by_id

        ids = [book.ids[row] for row in rows]
        matches = book.index.matches(rows, query)
        words = {cid: match_words(m, discreet) for cid, m in zip(ids, matches, strict=True)}
        found = max((cell_len(w) for w in words.values()), default=0)
        made = cls(ctx, region, columns(longest, found), dues)
        lines = lines_by_id(ctx.database(), ids)
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
