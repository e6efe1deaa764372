"""Reads that need no mapped objects: the book's contacts by name and the calls due by a
day, straight from the driver, for the command line's lists and JSON.

Mapping 100,000 contacts to ORM rows and then to domain objects was most of the 5.6 s of
`followup contacts --json`; this module imports no models, so a read pays for neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from followup_tui.domain import roles
from followup_tui.domain.model import Kind

if TYPE_CHECKING:
    # Playbooks and schedules only for `today`: an export's reads do without them.
    from followup_tui.db.plain import RowSource
    from followup_tui.domain.playbooks import Library
    from followup_tui.domain.today import DueTouch


def driver_rows(
    db: RowSource, *queries: tuple[str, Sequence[object]]
) -> list[list[tuple[Any, ...]]]:
    """Each query's rows as the sqlite3 driver gives them: no Row objects either, which
    cost a microsecond a row."""
    with db.driver() as connection:
        cursor = connection.cursor()
        try:
            return [cursor.execute(sql, tuple(params)).fetchall() for sql, params in queries]
        finally:
            cursor.close()


class ListedContact(NamedTuple):
    """A contact as a list of the book shows her: values as the book stores them."""

    id: int
    name: str
    kind: str
    level: str | None
    phone: str | None
    email: str | None
    do_not_contact: bool
    is_me: bool


def listed_contacts(db: RowSource, kind: Kind | None = None) -> list[ListedContact]:
    """Every contact (of a kind) by name, then by number."""
    where = " WHERE kind = ?" if kind is not None else ""
    [rows] = driver_rows(
        db,
        (
            "SELECT id, name, kind, team_level, phone, email, do_not_contact, is_me"
            f" FROM contacts{where} ORDER BY name, id",
            (kind.value,) if kind is not None else (),
        ),
    )
    return [
        ListedContact(cid, name, kind_value, level, phone, email, bool(dnc), bool(me))
        for cid, name, kind_value, level, phone, email, dnc, me in rows
    ]


def calls_due(db: RowSource, until: date, library: Library) -> list[DueTouch]:
    """Every pending touch due by `until` with her name, kind and discretion, soonest
    first: what services._runs.due_calls reads, without the ORM."""
    from followup_tui.db.first_look import DUE_BY, due_from_row

    [rows] = driver_rows(db, (DUE_BY, (until.isoformat(),)))
    return [due_from_row(row, library) for row in rows]


def welcome_calls_to_fold(db: RowSource, today: date) -> bool:
    """Whether a reorder call has come with welcome calls of its order still waiting
    before it (orders.fold_welcome_calls ends them): most days none, and then `today`
    needs no write and no ORM."""
    [found] = driver_rows(
        db,
        (
            "SELECT 1 FROM touches w JOIN touches r"
            " ON r.contact_id = w.contact_id AND r.order_id = w.order_id"
            " WHERE r.status = 'pending' AND r.due_on <= ? AND r.step = ?"
            " AND w.status = 'pending' AND w.playbook = ? AND NOT w.is_issue"
            " AND w.due_on <= r.due_on LIMIT 1",
            (today.isoformat(), roles.REORDER_STEP, roles.NEW_CUSTOMER),
        ),
    )
    return bool(found)
