"""What a contact's card shows: who they are, what she knows of them, what happened.

Read two ways, equal by test: through the ORM once the book is open
(services.contact_views.contact_detail), and with the sqlite3 driver alone for the
desk's first calls, before SQLAlchemy is imported (db/cards.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from followup_tui.domain.model import Contact, Order, Reach, Said, Touch, TouchStatus

LEAD_DECISION_TOUCHES = 7
CLOSED_UNWORKED = (TouchStatus.SKIPPED.value, TouchStatus.ENDED.value)


@dataclass(frozen=True)
class HistoryEntry:
    """A worked touch (its outcome: reach, said, note) or one closed unworked (closed,
    reason): nothing is silently dropped, so both are her history."""

    occurred_on: date
    title: str
    reach: Reach | None
    """How it went; None for a touch closed without being worked."""
    said: Said | None
    note: str | None
    said_date: date | None = None
    """The date said with not-started (starts on), call-on (call then) or meeting."""
    said_time: str | None = None
    """"18:00" when a time was said with that date."""
    closed: TouchStatus | None = None
    """SKIPPED or ENDED for a touch closed without being worked; None for an outcome."""
    reason: str | None = None
    """Why it was closed: typed by her for a skip, the app's words for an end."""


@dataclass(frozen=True)
class Note:
    written_on: date
    body: str


@dataclass(frozen=True)
class PendingTouch:
    touch: Touch
    title: str


@dataclass(frozen=True)
class ContactDetail:
    contact: Contact
    facts: dict[str, str]
    notes: list[Note]
    pending: list[PendingTouch]
    history: list[HistoryEntry]
    orders: list[Order]
    kind_history: list[tuple[date, str, str]]
    referred_by: str | None
    derived: str | None
    touches_had: int
    decision_touches: int = LEAD_DECISION_TOUCHES
    deadlines: dict[int, date] = field(default_factory=dict)
    """order id -> backorder deadline, for orders with a backordered line still open."""
    today: date | None = None

    @property
    def outcomes(self) -> list[HistoryEntry]:
        """The history's worked touches alone, newest first."""
        return [h for h in self.history if h.closed is None]

    def days_left(self, deadline: date) -> int:
        return (deadline - (self.today or deadline)).days


def with_closed(outcomes: list[HistoryEntry], closed: list[HistoryEntry]) -> list[HistoryEntry]:
    """Both lists newest first, merged by date. A closed touch has no time of day, so on
    one day the calls worked come first: they are what she wants on top of the card."""
    merged: list[HistoryEntry] = []
    i = j = 0
    while i < len(outcomes) and j < len(closed):
        if closed[j].occurred_on > outcomes[i].occurred_on:
            merged.append(closed[j])
            j += 1
        else:
            merged.append(outcomes[i])
            i += 1
    return merged + outcomes[i:] + closed[j:]


def touches_had(history: Iterable[HistoryEntry]) -> int:
    """The calls that got an answer of some kind (a lead's decision counts these)."""
    return sum(1 for h in history if h.reach is not None and h.reach is not Reach.NO_ANSWER)
