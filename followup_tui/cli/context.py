"""What every command needs: the database (opened on first use), today, and where to print."""

from __future__ import annotations

import argparse
import json
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, TextIO, TypeVar

from followup_tui import clock
from followup_tui.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from followup_tui.db.engine import Database
    from followup_tui.services._runs import Scheduled

Choice = TypeVar("Choice", bound=StrEnum)


class Context:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.today = clock.today(getattr(args, "today", None))
        self.opened: Database | None = None

    @property
    def db(self) -> Database:
        if self.opened is None:
            from followup_tui.db.engine import open_database
            from followup_tui.paths import database_url

            self.opened = open_database(database_url(getattr(self.args, "db", None)))
        return self.opened

    @property
    def phone_region(self) -> str:
        """Her phone region: numbers print in her national format."""
        from followup_tui.services.settings import load_settings

        return load_settings(self.db).phone_region

    def parse_date(self, text: str | None) -> date | None:
        return clock.parse_date(text, self.today) if text else None

    def required_date(self, text: str | None, flag: str) -> date:
        if not text or not text.strip():
            raise InputError(f"{flag} needs a date: YYYY-MM-DD")
        return clock.parse_date(text, self.today)

    def print(self, text: str = "") -> None:
        # A note may hold an escape sequence: shown, never obeyed by the terminal.
        shown = "".join(
            ch if ch.isprintable() or ch == "\n" else ch.encode("unicode_escape").decode()
            for ch in text
        )
        print(shown, file=self.out)

    def print_lines(self, lines: list[str]) -> None:
        for line in lines:
            self.print(line)

    def json(self, value: object) -> None:
        json.dump(value, self.out, indent=2, ensure_ascii=False, default=_jsonable)
        self.out.write("\n")

    def dispose(self) -> None:
        if self.opened is not None:
            self.opened.dispose()


def parse_choice(enum: type[Choice], text: str, what: str) -> Choice:
    """One of an enum's values as typed ("Reached " is reached), or InputError naming them."""
    try:
        return enum(text.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InputError(f"unknown {what} {text!r}: use one of {choices}") from None


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(value) if isinstance(value, frozenset | set) else list(value)
    return str(value)


def print_next(ctx: Context, scheduled: Iterable[Scheduled]) -> None:
    """What comes next, a touch a line, with the call's number to log it by."""
    for item in scheduled:
        ctx.print(
            f"Next: call {item.touch_id} · {item.name}: {item.title} on {item.due.isoformat()}"
        )
