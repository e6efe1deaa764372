"""What every command needs: the database (opened on first use), today, and where to print."""

from __future__ import annotations

import argparse
import json
import shlex
from contextlib import ExitStack
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from followup_tui import clock
from followup_tui.domain.when import needs_library
from followup_tui.errors import InputError
from followup_tui.safe_text import escaped, shown

if TYPE_CHECKING:
    from collections.abc import Iterable

    from followup_tui.db.engine import Database
    from followup_tui.db.plain import RowSource
    from followup_tui.services._runs import Scheduled

Choice = TypeVar("Choice", bound=StrEnum)


class Context:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.opened: Database | None = None
        self._plain: ExitStack | None = None
        self._reader: RowSource | None = None
        self._day_first: bool | None = None
        self.today = clock.today(getattr(args, "today", None), day_first=lambda: self.day_first)

    @property
    def db(self) -> Database:
        if self.opened is None:
            from followup_tui.db.engine import NoBook, open_database
            from followup_tui.paths import database_url

            url = database_url(getattr(self.args, "db", None))
            try:
                self.opened = open_database(
                    url, create=makes_a_book(self.args), writes=not reads_only(self.args)
                )
            except NoBook as missing:
                raise InputError(no_book_words(missing.path, self.args)) from None
        return self.opened

    @property
    def reader(self) -> RowSource:
        """The book to read plain rows from: a current SQLite book is read with the
        driver alone (db/plain.py), never importing SQLAlchemy; any other through `db`."""
        if self._reader is None:
            self._reader = self._plain_book() or self.db
        return self._reader

    def _plain_book(self) -> RowSource | None:
        if self.opened is not None or not reads_only(self.args):
            return None
        from followup_tui.db.plain import plain_book
        from followup_tui.paths import database_url, sqlite_file

        path = sqlite_file(database_url(getattr(self.args, "db", None)))
        if path is None:
            return None
        self._plain = ExitStack()
        return self._plain.enter_context(plain_book(path.expanduser()))

    @property
    def phone_region(self) -> str:
        """Her phone region: numbers print in her national format."""
        from followup_tui.services.settings import load_settings

        return load_settings(self.db).phone_region

    @property
    def day_first(self) -> bool:
        """Whether "8/12" is 8 December: her phone region's way, read once when a typed
        date needs it (an ISO date or "tue" never opens the settings)."""
        if self._day_first is None:
            from followup_tui.domain.when import day_first
            from followup_tui.services import settings

            self._day_first = day_first(settings.load_settings(self.db).phone_region)
        return self._day_first

    def parse_when(self, text: str | None, *, past: bool = False) -> clock.When | None:
        """A typed date and maybe its time ("tue 6pm"), or None when nothing was typed.
        `past`: a day that has happened, so "dec 8" is the last one, not the next."""
        if not text:
            return None
        # ISO, +3, tomorrow are read without her settings; words and 8/12 need her region.
        first = self.day_first if needs_library(text) else True
        return clock.parse_when(text, self.today, day_first=first, past=past)

    def parse_date(self, text: str | None, *, past: bool = False) -> date | None:
        when = self.parse_when(text, past=past)
        return when.day if when else None

    def required_when(self, text: str | None, flag: str) -> clock.When:
        when = self.parse_when(text) if text and text.strip() else None
        if when is None:
            raise InputError(f"{flag} needs a date: {clock.FORMS}")
        return when

    def required_date(self, text: str | None, flag: str) -> date:
        return self.required_when(text, flag).day

    def print(self, text: str = "") -> None:
        # A note may hold an escape sequence: drawn as the app draws it, never obeyed.
        print(shown(text), file=self.out)

    def print_lines(self, lines: list[str]) -> None:
        for line in lines:
            self.print(line)

    def json(self, value: object) -> None:
        text = json_text(value)
        # json escapes C0 controls only: ESC is \u001b already; C1, DEL and bidi
        # overrides are escaped here, so `| cat` shows them and obeys none.
        self.out.write(escaped(text) + "\n")

    def dispose(self) -> None:
        if self._plain is not None:
            self._plain.close()
        if self.opened is not None:
            self.opened.dispose()


READS = frozenset(
    {"today", "show", "contacts", "parties", "team", "backorders", "export", "backup"}
)
"""Commands whose opening writes nothing (no journal mode set, no catalogue stored, no
book made for a missing file). All of them then only read, except `today`: on a reorder
day it ends welcome calls (orders.fold_welcome_calls), her schedule moving on, in a
transaction of its own. `products` is not here: it shows her catalogue file as it is
now, so it syncs it."""


def reads_only(args: argparse.Namespace) -> bool:
    """True when opening the book for the command writes nothing into it (READS: all
    but `today` then only read)."""
    command = args.command
    if command == "settings":
        return args.value is None
    if command == "me":
        return args.name is None
    if command == "import":
        return bool(args.dry_run)
    return command in READS


def makes_a_book(args: argparse.Namespace) -> bool:
    """Whether a missing (or empty) file becomes a new book: only for a command that puts
    something in it. A read, or a change to a contact that cannot be there yet, says
    there is no book instead of leaving an empty one behind."""
    if args.command in ("add", "demo", "restore"):
        return True
    if args.command in ("import", "settings", "me"):
        return not reads_only(args)
    return False


def no_book_words(path: Path, args: argparse.Namespace) -> str:
    given = getattr(args, "db", None)
    db = f" --db {shlex.quote(given)}" if given else ""
    return f"no book at {path}: `followup demo{db}` makes one, or `followup{db}` opens a new one"


def parse_choice(enum: type[Choice], text: str, what: str) -> Choice:
    """One of an enum's values as typed ("Reached " is reached), or InputError naming them."""
    try:
        return enum(text.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InputError(f"unknown {what} {text!r}: use one of {choices}") from None


FLAT = frozenset({str, int, bool, float, type(None)})
"""The values a row of a list may hold for the fast JSON path."""
_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))
"""One flat row with json's C encoder (`indent` would take the pure-Python one), its
items already on the lines and at the depth `indent=2` puts them."""


def json_text(value: object) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte; a list of flat
    rows (100,000 contacts) written at some five times its speed."""
    if (
        isinstance(value, list)
        and value
        and all(type(row) is dict for row in value)
        and all(type(v) in FLAT for row in value for v in row.values())
    ):
        encode = _ROW.encode
        rows = ("  {\n    " + encode(row)[1:-1] + "\n  }" if row else "  {}" for row in value)
        return "[\n" + ",\n".join(rows) + "\n]"
    return json.dumps(value, indent=2, ensure_ascii=False, default=_jsonable)


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(value) if isinstance(value, frozenset | set) else list(value)
    return str(value)


def print_next(ctx: Context, scheduled: Iterable[Scheduled]) -> None:
    """What comes next, a touch a line, with the call's number to log it by."""
    for item in scheduled:
        at = f" at {item.time}" if item.time else ""
        ctx.print(
            f"Next: call {item.touch_id} · {item.name}: {item.title} on {item.due.isoformat()}{at}"
        )
