"""Reading contacts: one in full, a search, the list, their next dates."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, KindChangeRow, NoteRow, OutcomeRow, TouchRow
from followup_tui.domain.card import (
    CLOSED_UNWORKED,
    LEAD_DECISION_TOUCHES,
    ContactDetail,
    HistoryEntry,
    Note,
    PendingTouch,
    touches_had,
    with_closed,
)
from followup_tui.domain.model import Contact, Kind, Reach, Said, TouchStatus
from followup_tui.domain.playbooks import Library
from followup_tui.domain.rhythm import derived_state
from followup_tui.domain.schedule import touch_title
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services._runs import contact_row_by_id
from followup_tui.services.backorders import backorder_deadlines
from followup_tui.services.contact_search import SearchBook, searchable, texts_of

__all__ = [  # the search's and the card's own modules, read here too
    "LEAD_DECISION_TOUCHES",
    "ContactDetail",
    "HistoryEntry",
    "Note",
    "PendingTouch",
    "SearchBook",
    "searchable",
    "texts_of",
]


def contact_detail(
    db: Database, contact_id: int, today: date, library: Library | None = None
) -> ContactDetail:
    with unit.read(db, library) as (session, library, rules):
        row = contact_row_by_id(session, contact_id)
        contact = repo.to_contact(row)
        notes = [
            Note(n.written_on, n.body)
            for n in session.scalars(
                select(NoteRow)
                .where(NoteRow.contact_id == contact_id)
                .order_by(NoteRow.written_on.desc(), NoteRow.id.desc())
            )
        ]
        history_rows = session.execute(
            select(OutcomeRow, TouchRow)
            .join(TouchRow, TouchRow.id == OutcomeRow.touch_id)
            .where(OutcomeRow.contact_id == contact_id)
            .order_by(OutcomeRow.occurred_on.desc(), OutcomeRow.id.desc())
        )
        history = [
            HistoryEntry(
                occurred_on=o.occurred_on,
                title=t.title or touch_title(library, t.playbook, t.step),
                reach=Reach(o.reach),
                said=Said(o.said) if o.said else None,
                note=o.note,
                said_date=o.said_date,
                said_time=o.said_time,
            )
            for o, t in history_rows
        ]
        history = with_closed(history, _closed_touches(session, contact_id, library))
        kinds = [
            (k.changed_on, k.kind + (f" ({k.team_level})" if k.team_level else ""), k.reason)
            for k in session.scalars(
                select(KindChangeRow)
                .where(KindChangeRow.contact_id == contact_id)
                .order_by(KindChangeRow.id)
            )
        ]
        referrer = session.get(ContactRow, row.referred_by_id) if row.referred_by_id else None
        orders = repo.orders(session, contact_id)
        return ContactDetail(
            contact=contact,
            facts=repo.facts(session, contact_id),
            notes=notes,
            pending=[
                PendingTouch(t, t.title or touch_title(library, t.playbook, t.step))
                for t in repo.pending_touches(session, contact_id)
            ],
            history=history,
            orders=orders,
            kind_history=kinds,
            referred_by=referrer.name if referrer else None,
            derived=None
            if contact.is_me
            else derived_state(contact, repo.last_activity(session, contact), today, rules),
            touches_had=touches_had(history),
            deadlines=backorder_deadlines(session, contact_id, rules.country),
            today=today,
        )


def _closed_touches(session: Session, contact_id: int, library: Library) -> list[HistoryEntry]:
    """The contact's touches skipped or ended, newest first (ix_touches_contact_status)."""
    closed_on = func.coalesce(TouchRow.closed_on, TouchRow.due_on)
    rows = session.scalars(
        select(TouchRow)
        .where(TouchRow.contact_id == contact_id, TouchRow.status.in_(CLOSED_UNWORKED))
        .order_by(closed_on.desc(), TouchRow.id.desc())
    )
    return [
        HistoryEntry(
            occurred_on=t.closed_on or t.due_on,
            title=t.title or touch_title(library, t.playbook, t.step),
            reach=None,
            said=None,
            note=None,
            closed=TouchStatus(t.status),
            reason=t.close_reason,
        )
        for t in rows
    ]


def find_contacts(
    db: Database, *, kind: Kind | None = None, search: str | None = None, limit: int | None = None
) -> list[Contact]:
    """Contacts (of a kind) by name; with `search`, those the search finds, best first
    (search_contacts)."""
    if search and search.strip():
        return [found.contact for found in search_contacts(db, search, kind=kind, limit=limit)]
    with db.read() as session:
        query = select(ContactRow).order_by(ContactRow.name, ContactRow.id)
        if kind is not None:
            query = query.where(ContactRow.kind == kind.value)
        if limit is not None:
            query = query.limit(limit)
        return [repo.to_contact(row) for row in session.scalars(query)]


@dataclass(frozen=True)
class FoundContact:
    contact: Contact
    matched: str | None
    """The words that matched when not her name: "met at Target", "perfume: Chanel No 5"."""


def search_contacts(
    db: Database, query: str, *, kind: Kind | None = None, limit: int | None = None
) -> list[FoundContact]:
    """The contacts the app's search finds for `query` (domain.finding.BookIndex), best
    first, with the words that matched: the same index the contacts screen types into."""
    book = searchable(db)
    rows = book.index.rank(query, limit, kind=kind.value if kind else None)
    ids = [book.ids[row] for row in rows]
    with db.read() as session:
        contacts: dict[int, Contact] = {}
        for start in range(0, len(ids), ROWS_PER_QUERY):
            chunk = ids[start : start + ROWS_PER_QUERY]
            for row in session.scalars(select(ContactRow).where(ContactRow.id.in_(chunk))):
                contacts[row.id] = repo.to_contact(row)
    matches = book.index.matches(rows, query)
    return [
        FoundContact(contacts[cid], match.words if match else None)
        for cid, match in zip(ids, matches, strict=True)
    ]


ROWS_PER_QUERY = 500
"""Contacts read by id in one statement (SQLite's limit on parameters is far above)."""


def _kind_words(kind: str, level: str | None) -> str:
    return kind + (f" · {level}" if level else "")


@dataclass(frozen=True)
class ContactLine:
    """One row of the contacts list: what a search and a glance need."""

    id: int
    name: str
    kind: str
    phone: str | None
    email: str | None
    next_due: date | None


def contact_lines(
    db: Database, kind: Kind | None = None, *, with_due: bool = True
) -> list[ContactLine]:
    """Every contact (of a kind), lightest columns only; with its next due date unless
    `with_due` is False (a big book's list needs the dates of the rows shown only:
    next_due_dates)."""
    with db.read() as session:
        columns = [
            ContactRow.id,
            ContactRow.name,
            ContactRow.kind,
            ContactRow.team_level,
            ContactRow.phone,
            ContactRow.email,
        ]
        if with_due:
            next_due = (
                select(TouchRow.contact_id, func.min(TouchRow.due_on).label("due"))
                .where(TouchRow.status == repo.PENDING)
                .group_by(TouchRow.contact_id)
                .subquery()
            )
            query = select(*columns, next_due.c.due).outerjoin(
                next_due, next_due.c.contact_id == ContactRow.id
            )
        else:
            return _contact_lines_fast(session, kind)
        query = query.order_by(ContactRow.name, ContactRow.id)
        if kind is not None:
            query = query.where(ContactRow.kind == kind.value)
        return [
            ContactLine(
                id=row.id,
                name=row.name,
                kind=row.kind + (f" · {row.team_level}" if row.team_level else ""),
                phone=row.phone,
                email=row.email,
                next_due=row.due,
            )
            for row in session.execute(query)
        ]


LINE = "id, name, kind, team_level, phone, email"
"""A contacts list's columns, in ContactLine's order."""


def window_sql(kind: str | None, limit: int, offset: int) -> tuple[str, tuple[str | int, ...]]:
    """The book by name from `offset` on, `limit` contacts (of a kind): SQLite walks
    ix_contacts_name (ix_contacts_kind_name) from there and sorts nothing (migration
    0008), so a window costs the same on a book of 100 or 100,000."""
    where, parameters = ("WHERE kind = ? ", (kind,)) if kind is not None else ("", ())
    sql = f"SELECT {LINE} FROM contacts {where}ORDER BY name, id LIMIT ? OFFSET ?"
    return sql, (*parameters, limit, offset)


@dataclass(frozen=True)
class Window:
    """Some contacts of the book by name, out of how many."""

    lines: list[ContactLine]
    total: int
    longest: dict[str, int] = field(default_factory=dict)
    """The most characters of any name, phone and email in the book (when asked)."""


def contact_window(
    db: Database,
    kind: str | None,
    offset: int,
    limit: int,
    *,
    longest: bool = False,
    total: bool = True,
) -> Window:
    """`limit` contacts (of a kind) by name from `offset`, and how many there are (0
    unless `total`); with `longest`, the widest name, phone and email in the book: a
    list's columns fit every row without measuring each (one pass, ~20 ms at 100,000)."""
    with db.read() as session:
        run = session.connection().exec_driver_sql
        lines = _lines(run(*window_sql(kind, limit, offset)))
        widest: dict[str, int] = {}
        count = 0
        if longest:
            count, *most = run(
                "SELECT count(*), max(length(name)), max(length(phone)), max(length(email))"
                " FROM contacts"
            ).one()
            widest = dict(zip(("name", "phone", "email"), (m or 0 for m in most), strict=True))
        if total and (kind is not None or not longest):
            count = _count(run, kind)
        return Window(lines, count, widest)


def count_contacts(db: Database, kind: str | None) -> int:
    """How many contacts (of a kind) the book holds."""
    with db.read() as session:
        return _count(session.connection().exec_driver_sql, kind)


def _count(run: Any, kind: str | None) -> int:
    where, parameters = ("WHERE kind = ?", (kind,)) if kind is not None else ("", ())
    return int(run(f"SELECT count(*) FROM contacts {where}", parameters).scalar_one())


def place_by_name(db: Database, kind: str | None, contact_id: int) -> int | None:
    """Where this contact is in the book (of a kind) by name; None when she is not in it."""
    with db.read() as session:
        run = session.connection().exec_driver_sql
        found = run("SELECT name, kind FROM contacts WHERE id = ?", (contact_id,)).one_or_none()
        if found is None or (kind is not None and found[1] != kind):
            return None
        where, parameters = ("AND kind = ? ", (kind,)) if kind is not None else ("", ())
        before = run(
            f"SELECT count(*) FROM contacts WHERE (name, id) < (?, ?) {where}",
            (found[0], contact_id, *parameters),
        ).scalar_one()
        return int(before)


def lines_by_id(db: Database, contact_ids: Sequence[int]) -> list[ContactLine]:
    """These contacts' lines, in the order given (a search's, best first)."""
    found: dict[int, ContactLine] = {}
    with db.read() as session:
        run = session.connection().exec_driver_sql
        for start in range(0, len(contact_ids), ROWS_PER_QUERY):
            chunk = tuple(contact_ids[start : start + ROWS_PER_QUERY])
            marks = ", ".join("?" * len(chunk))
            for line in _lines(run(f"SELECT {LINE} FROM contacts WHERE id IN ({marks})", chunk)):
                found[line.id] = line
    return [found[cid] for cid in contact_ids if cid in found]


def _lines(rows: Iterable[Any]) -> list[ContactLine]:
    return [
        ContactLine(cid, name, _kind_words(kind, level), phone, email, None)
        for cid, name, kind, level, phone, email in rows
    ]


def _contact_lines_fast(
    session: Session, kind: Kind | None, limit: int | None = None
) -> list[ContactLine]:
    # Straight from the driver: SQLAlchemy's processing of 100,000 rows took 0.7 s of 0.9.
    sql = "SELECT id, name, kind, team_level, phone, email FROM contacts"
    parameters: tuple[str | int, ...] = ()
    if kind is not None:
        sql, parameters = sql + " WHERE kind = ?", (kind.value,)
    sql += " ORDER BY name, id"
    if limit is not None:
        sql, parameters = sql + " LIMIT ?", (*parameters, limit)
    rows = session.connection().exec_driver_sql(sql, parameters)
    return [
        ContactLine(
            id=cid,
            name=name,
            kind=kind_name + (f" · {level}" if level else ""),
            phone=phone,
            email=email,
            next_due=None,
        )
        for cid, name, kind_name, level, phone, email in rows
    ]


@dataclass(frozen=True)
class ContactNames:
    """Every contact's id, name and kind (with her team level), row by row, by name: what
    the command palette finds people by. Columns, not a ContactLine a contact: at
    100,000 contacts the lines with their phones and emails held ~49 MB, these ~10."""

    ids: array[int]
    names: list[str]
    kinds: list[str]
    """Each distinct kind one string, shared by its rows."""


def contact_names(db: Database) -> ContactNames:
    ids: array[int] = array("q")
    names: list[str] = []
    kinds: list[str] = []
    shared: dict[str, str] = {}
    with db.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT id, name, kind, team_level FROM contacts ORDER BY name, id"
        )
        for cid, name, kind, level in rows:
            ids.append(cid)
            names.append(name)
            shown = kind + (f" · {level}" if level else "")
            kinds.append(shared.setdefault(shown, shown))
    return ContactNames(ids, names, kinds)


def next_due_dates(db: Database, contact_ids: Iterable[int]) -> dict[int, date]:
    """The next pending touch's date of each of these contacts (those that have one)."""
    ids = list(contact_ids)
    with db.read() as session:
        rows = session.execute(
            select(TouchRow.contact_id, func.min(TouchRow.due_on))
            .where(TouchRow.contact_id.in_(ids), TouchRow.status == repo.PENDING)
            .group_by(TouchRow.contact_id)
        )
        return {contact_id: due for contact_id, due in rows}


def contact_of_call(db: Database, touch_id: int) -> int:
    """The contact a call (a touch, pending or worked) is with: `followup show call:ID`."""
    with db.read() as session:
        contact_id = session.scalar(select(TouchRow.contact_id).where(TouchRow.id == touch_id))
    if contact_id is None:
        raise InputError(f"no call with id {touch_id}")
    return contact_id


def has_contacts(db: Database) -> bool:
    """Anyone in the book but her own record: what the empty desk says depends on it."""
    with db.read() as session:
        found = session.scalar(select(ContactRow.id).where(ContactRow.is_me.is_(False)).limit(1))
    return found is not None
