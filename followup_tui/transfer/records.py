"""What a reader found in a file, before anything is checked against the database, and
what a writer is given to write out: plain values, no database and no UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple


@dataclass
class FoundContact:
    """One row or card, as the file has it (phones and emails not yet checked)."""

    where: str
    """Where she finds it in the file: "line 7" or "card 3 (line 41)"."""
    name: str = ""
    kind: str | None = None
    level: str | None = None
    phones: list[tuple[str, str]] = field(default_factory=list)
    """(label, number) in the file's order; the first becomes the contact's phone."""
    emails: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    """Categories or groups that name no kind: kept as a "tags" fact."""
    met_at: str | None = None
    met_on: str | None = None
    discreet: bool = False
    do_not_contact: bool = False


@dataclass(frozen=True)
class Unreadable:
    """A row or card the reader could not make sense of."""

    where: str
    reason: str


Found = FoundContact | Unreadable


class ExportContact(NamedTuple):
    """A contact with all that an export writes of her, as the book holds it (a tuple,
    not a dataclass: an export makes 100,000 of them)."""

    name: str
    kind: str
    level: str | None
    phone: str | None
    email: str | None
    met_at: str | None
    met_on: str | None
    """ISO date, as stored."""
    referred_by: str | None
    """The name of who referred her: an id means nothing outside this book."""
    discreet: bool
    do_not_contact: bool
    facts: list[tuple[str, str]]
    notes: list[str]


class CalendarTouch(NamedTuple):
    touch_id: int
    due: date
    """Today for an overdue touch: it goes on today's page."""
    overdue_days: int
    name: str
    why: str
    channel: str
    phone: str | None
    email: str | None
    discreet: bool
