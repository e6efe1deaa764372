"""A contact's card (domain.card.ContactDetail) read with the sqlite3 driver alone.

The desk's first calls show their cards before SQLAlchemy is imported (~0.5 s after the
first frame, longer while she presses keys): read here, with the first look, in the same
order and words as services.contact_views.contact_detail reads them through the ORM
once the book is open (tests/services/test_card.py holds the two equal).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from followup_tui.config import Settings
from followup_tui.db.plain_touch import pending_touch
from followup_tui.domain.card import (
    CLOSED_UNWORKED,
    ContactDetail,
    HistoryEntry,
    Note,
    PendingTouch,
    touches_had,
    with_closed,
)
from followup_tui.domain.model import (
    Category,
    Contact,
    Kind,
    Level,
    Order,
    OrderLine,
    Reach,
    Said,
    TouchStatus,
)
from followup_tui.domain.outcomes import CLOSED_CHOICES
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.domain.rhythm import derived_state
from followup_tui.domain.schedule import Rules, backorder_deadline, touch_title


class NoSuchContact(LookupError):
    """Asked for a contact the book does not hold (merged or deleted meanwhile)."""


@dataclass(frozen=True)
class Cards:
    settings: Settings
    """Her settings as the book holds them (the card draws numbers in her region)."""
    cards: dict[int, ContactDetail]
    """By contact id."""


def read_cards(
    connection: sqlite3.Connection,
    contact_ids: Iterable[int],
    today: date,
    *,
    with_deadlines: bool = True,
) -> Cards:
    """These contacts' cards (each once), on a connection to a book already checked
    (schema_check) and at the current schema; raises sqlite3.Error, ValueError or
    LookupError on rows it cannot read. Not `with_deadlines`: a contact with a backorder
    still open is left out (its deadline counts her country's holidays, whose import
    costs ~0.1 s: before the first frame, the first frame waited for it)."""
    settings = Settings.from_pairs(dict(connection.execute(SETTINGS).fetchall()))
    reader = _Reader(connection, today, settings.rules, with_deadlines)
    cards: dict[int, ContactDetail] = {}
    for cid in dict.fromkeys(contact_ids):
        try:
            cards[cid] = reader.card(cid)
        except _Deadline:
            continue
    return Cards(settings, cards)


class _Deadline(Exception):
    """A card with a backorder deadline, not read here (with_deadlines=False)."""


SETTINGS = "SELECT key, value FROM settings WHERE substr(key, 1, 1) != '_'"
CONTACT = """SELECT id, name, kind, team_level, phone, email, met_at, met_on, referred_by_id,
do_not_contact, discreet, is_me, created_on, said_no_on FROM contacts WHERE id = ?"""
FACTS = "SELECT key, value FROM facts WHERE contact_id = ? ORDER BY id"
NOTES = "SELECT written_on, body FROM notes WHERE contact_id = ? ORDER BY written_on DESC, id DESC"
OUTCOMES = """SELECT o.occurred_on, t.title, t.playbook, t.step, o.reach, o.said, o.note,
o.said_date, o.said_time FROM outcomes AS o JOIN touches AS t ON t.id = o.touch_id
WHERE o.contact_id = ? ORDER BY o.occurred_on DESC, o.id DESC"""
CLOSED = f"""SELECT coalesce(closed_on, due_on), title, playbook, step, status, close_reason
FROM touches WHERE contact_id = ? AND status IN {CLOSED_UNWORKED!r}
ORDER BY coalesce(closed_on, due_on) DESC, id DESC"""
KINDS = """SELECT changed_on, kind, team_level, reason FROM kind_changes
WHERE contact_id = ? ORDER BY id"""
PENDING = """SELECT id, contact_id, playbook, step, due_on, channel, priority, run_id,
attempt, is_issue, order_id, title, due_time FROM touches
WHERE contact_id = ? AND status = 'pending' ORDER BY due_on, priority, id"""
"""In first_look.DUE_BY's touch columns, for pending_touch."""
ORDERS = """SELECT id, contact_id, ordered_on, delivered_on, party_id FROM orders
WHERE contact_id = ? ORDER BY ordered_on DESC, id DESC"""
LINES = """SELECT l.order_id, l.sku, p.name, p.category, p.reorder_day, l.quantity,
l.backordered, l.corporate FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id
JOIN products AS p ON p.sku = l.sku WHERE o.contact_id = ? ORDER BY l.id"""
OPEN_BACKORDERS = f"""SELECT DISTINCT o.id, o.ordered_on FROM orders AS o
JOIN order_lines AS l ON l.order_id = o.id
WHERE o.contact_id = ? AND l.backordered = 1 AND l.delivered_on IS NULL
AND o.delivered_on IS NULL
AND (l.backorder_choice IS NULL OR l.backorder_choice NOT IN {CLOSED_CHOICES!r})"""
LAST_ORDER = "SELECT max(ordered_on) FROM orders WHERE contact_id = ?"
LAST_REACHED = """SELECT max(occurred_on) FROM outcomes WHERE contact_id = ?
AND reach IN ('reached', 'texted', 'emailed', 'card-sent')"""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Reader:
    def __init__(
        self, connection: sqlite3.Connection, today: date, rules: Rules, with_deadlines: bool
    ) -> None:
        self.connection, self.today, self.rules = connection, today, rules
        self.with_deadlines = with_deadlines
        self._library: Library | None = None

    def title(self, title: str | None, playbook: str, step: str) -> str:
        if title:
            return title
        # The playbooks' TOML (~10 ms) only for a call stored without its title.
        if self._library is None:
            self._library = default_library()
        return touch_title(self._library, playbook, step)

    def rows(self, query: str, contact_id: int) -> list[Any]:
        return self.connection.execute(query, (contact_id,)).fetchall()

    def card(self, contact_id: int) -> ContactDetail:
        found = self.rows(CONTACT, contact_id)
        if not found:
            raise NoSuchContact(contact_id)
        contact = _contact(found[0])
        history = [
            HistoryEntry(
                occurred_on=date.fromisoformat(on),
                title=self.title(title, playbook, step),
                reach=Reach(reach),
                said=Said(said) if said else None,
                note=note,
                said_date=_day(said_date),
                said_time=said_time,
            )
            for on, title, playbook, step, reach, said, note, said_date, said_time in self.rows(
                OUTCOMES, contact_id
            )
        ]
        closed = [
            HistoryEntry(
                occurred_on=date.fromisoformat(on),
                title=self.title(title, playbook, step),
                reach=None,
                said=None,
                note=None,
                closed=TouchStatus(status),
                reason=reason,
            )
            for on, title, playbook, step, status, reason in self.rows(CLOSED, contact_id)
        ]
        history = with_closed(history, closed)
        referrer = (
            self.rows("SELECT name FROM contacts WHERE id = ?", contact.referred_by_id)
            if contact.referred_by_id
            else []
        )
        pending = [pending_touch(touch_row) for touch_row in self.rows(PENDING, contact_id)]
        return ContactDetail(
            contact=contact,
            facts=dict(
                self.rows(
                    "SELECT key, value FROM facts WHERE contact_id = ? ORDER BY id", contact_id
                )
            ),
            notes=[Note(date.fromisoformat(on), body) for on, body in self.rows(NOTES, contact_id)],
            pending=[PendingTouch(t, self.title(t.title, t.playbook, t.step)) for t in pending],
            history=history,
            orders=self.orders(contact_id),
            kind_history=[
                (date.fromisoformat(on), kind + (f" ({level})" if level else ""), reason)
                for on, kind, level, reason in self.rows(KINDS, contact_id)
            ],
            referred_by=referrer[0][0] if referrer else None,
            derived=None
            if contact.is_me
            else derived_state(contact, self.last_activity(contact), self.today, self.rules),
            touches_had=touches_had(history),
            deadlines=self.deadlines(contact_id),
            today=self.today,
        )

    def deadlines(self, contact_id: int) -> dict[int, date]:
        open_orders = self.rows(OPEN_BACKORDERS, contact_id)
        if open_orders and not self.with_deadlines:
            raise _Deadline
        return {
            order_id: backorder_deadline(date.fromisoformat(on), self.rules.country)
            for order_id, on in open_orders
        }

    def orders(self, contact_id: int) -> list[Order]:
        lines: dict[int, list[OrderLine]] = {}
        for order_id, sku, name, category, reorder_day, quantity, back, corporate in self.rows(
            LINES, contact_id
        ):
            lines.setdefault(order_id, []).append(
                OrderLine(
                    sku=sku,
                    product_name=name,
                    category=Category(category),
                    reorder_day=reorder_day,
                    quantity=quantity,
                    backordered=bool(back),
                    corporate=bool(corporate),
                )
            )
        return [
            Order(
                id=order_id,
                contact_id=owner,
                ordered_on=date.fromisoformat(ordered_on),
                delivered_on=_day(delivered_on),
                party_id=party_id,
                lines=tuple(lines.get(order_id, ())),
            )
            for order_id, owner, ordered_on, delivered_on, party_id in self.rows(ORDERS, contact_id)
        ]

    def last_activity(self, contact: Contact) -> date:
        """The latest of: added, last order, last touch that got through (as
        repository.last_activity)."""
        last_order = _day(self.rows(LAST_ORDER, contact.id)[0][0])
        last_reached = _day(self.rows(LAST_REACHED, contact.id)[0][0])
        candidates = [d for d in (contact.created_on, last_order, last_reached) if d is not None]
        return max(candidates) if candidates else date.min


def _contact(row: Any) -> Contact:
    cid, name, kind, level, phone, email, met_at, met_on, referred_by_id = row[:9]
    do_not_contact, discreet, is_me, created_on, said_no_on = row[9:]
    return Contact(
        id=cid,
        name=name,
        kind=Kind(kind),
        level=Level(level) if level else None,
        phone=phone,
        email=email,
        met_at=met_at,
        met_on=_day(met_on),
        referred_by_id=referred_by_id,
        do_not_contact=bool(do_not_contact),
        discreet=bool(discreet),
        is_me=bool(is_me),
        created_on=_day(created_on),
        said_no_on=_day(said_no_on),
    )
