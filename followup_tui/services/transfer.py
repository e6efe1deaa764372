"""Import and export: writing an import plan, and reading the book out."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, insert, select

from followup_tui.db import tables
from followup_tui.db.engine import Database
from followup_tui.db.rows import team_level_value, touch_values
from followup_tui.domain.imports import Newcomer, first_runs
from followup_tui.domain.model import Kind, RunStatus
from followup_tui.domain.playbooks import Library
from followup_tui.domain.schedule import Rules
from followup_tui.services import _unit as unit
from followup_tui.services.settings import load_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    # Import planning is only needed by imports: `followup add` does not pay for it.
    from followup_tui.transfer.plan import ImportPlan, Incoming, Known, OnDuplicate
    from followup_tui.transfer.records import Found
# The mapped classes (db.models, services._runs, the repository) only for merges: an
# import that adds maps no ORM class (~40 ms).


def known_contacts(db: Database) -> list[Known]:
    """Every contact as duplicate detection needs it."""
    with db.read() as session:
        return _known(session)


def _driver(session: Session) -> Any:
    driver = session.connection().connection.driver_connection
    assert driver is not None
    return driver


def _known(session: Session) -> list[Known]:
    from followup_tui.transfer.plan import Known

    # Straight from the driver, fetched whole: 100,000 rows through SQLAlchemy's result
    # rows, one fetchone at a time, took twice as long.
    rows = (
        _driver(session)
        .execute("SELECT id, name, phone, email FROM contacts WHERE NOT is_me ORDER BY id")
        .fetchall()
    )
    return list(map(Known._make, rows))


BookStamp = tuple[sqlite3.Connection, int, int]
"""The same stamp twice: nobody changed the book in between (book_stamp)."""


def book_stamp(session: Session) -> BookStamp | None:
    """The connection itself (held, so no other one takes its place), SQLite's
    data_version (it moves when another connection commits) and the changes this one
    made. Read before what it vouches for: a commit in between moves the next stamp.
    None for a driver without them: the write then compares the contacts."""
    driver = _driver(session)
    if not isinstance(driver, sqlite3.Connection):
        return None
    [(version,)] = driver.execute("PRAGMA data_version").fetchall()
    return driver, version, driver.total_changes


def preview_import(
    db: Database, found: list[Found], default_kind: Kind, on_duplicate: OnDuplicate
) -> ImportPlan:
    """What importing these rows would do: each one checked (phones in her region) and
    matched against the book; nothing is written."""
    from followup_tui.transfer.plan import plan_import

    with db.read() as session:
        stamp = book_stamp(session)
        known = _known(session)
    plan = plan_import(
        found,
        known,
        default_kind=default_kind,
        region=load_settings(db).phone_region,
        on_duplicate=on_duplicate,
    )
    if plan.basis is not None:
        plan.basis = replace(plan.basis, stamp=stamp)
    return plan


@dataclass(frozen=True)
class Imported:
    added: list[int]
    merged: list[int]
    plan: ImportPlan
    """The plan written: the one given, or made again when the book had changed since."""
    replanned: bool = False


def import_contacts(
    db: Database,
    plan: ImportPlan,
    today: date,
    *,
    library: Library | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Imported:
    """Write a plan's adds and merges in one transaction: all of it, or none of it.

    The plan is checked against the book under the write lock: when another window or a
    second import of the same file added, changed or removed contacts since the preview,
    it is made again, so their rows are duplicates now, handled as the plan chose.

    Imported people are not new acquaintances: each starts on its kind's playbook, with
    first calls spread over the playbook's first interval so an import of hundreds does
    not land on one morning.
    """
    from followup_tui.transfer.plan import Action, replanned

    with unit.write(db, library) as (session, library, rules):
        basis = plan.basis
        if basis is not None and basis.stamp is not None and basis.stamp == book_stamp(session):
            written = plan  # the book as previewed: not read again (0.1 s at 100,000)
        else:
            written = replanned(plan, _known(session))
        adds = [s.incoming for s in written.steps if s.action is Action.ADD and s.incoming]
        merges = [
            (s.target_id, s.incoming)
            for s in written.steps
            if s.action is Action.MERGE and s.incoming and s.target_id is not None
        ]
        total = len(adds) + len(merges)
        added: list[int] = []
        # Adds go in batches of plain INSERTs (the ORM one row at a time takes 1.5 ms a
        # contact; an import of 10,000 would take 15 s).
        for first in range(0, len(adds), IMPORT_BATCH):
            batch = adds[first : first + IMPORT_BATCH]
            added += _import_adds(session, library, batch, today, rules, first, len(adds))
            if progress is not None:
                progress(len(added), total)
        merged: list[int] = []
        for done, (contact_id, incoming) in enumerate(merges, start=1):
            _import_merge(session, contact_id, incoming, today)
            merged.append(contact_id)
            if progress is not None and (done % 200 == 0 or done == len(merges)):
                progress(len(added) + done, total)
    return Imported(added, merged, written, written is not plan)


IMPORT_BATCH = 1000


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """`rows` (the same keys in each) into `table` in one executemany of the driver,
    each value stored as SQLAlchemy stores it (the column type's bind processor; the
    column's default when a row leaves it out). SQLAlchemy building each row's
    parameters was a third of writing an import of 10,000 rows."""
    if not rows:
        return
    connection = session.connection()
    given = list(rows[0])
    missing = [c for c in table.c if c.name not in rows[0] and c.default is not None]
    if any(not column.default.is_scalar for column in missing):  # type: ignore[union-attr]
        session.execute(insert(table), rows)  # a default to compute: SQLAlchemy's way
        return
    columns: list[list[Any]] = [[row[name] for row in rows] for name in given]
    columns += [[column.default.arg] * len(rows) for column in missing]  # type: ignore[union-attr]
    names = given + [column.name for column in missing]
    dialect = connection.dialect
    for index, name in enumerate(names):
        # The dialect's own type, as SQLAlchemy binds: the generic Date and DateTime have
        # no processor, and sqlite3's default adapters write "09:30:01", not ".000000".
        process = dialect.type_descriptor(table.c[name].type).bind_processor(dialect)
        if process is not None:
            columns[index] = _processed(process, columns[index])
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.executemany(sql, list(zip(*columns, strict=True)))


def _processed(process: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """`process` of each value, called once a distinct value: an import's dates are
    mostly today, its flags False (90,000 calls were a tenth of writing 10,000 rows).
    Values of more than one type go one by one (True == 1 would share a result)."""
    if len({type(value) for value in values}) > 1:
        return list(map(process, values))
    done = {value: process(value) for value in set(values)}
    return list(map(done.__getitem__, values))


def _insert_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """`_insert`, answering the rows' ids in order: within this write transaction SQLite
    gives an INTEGER PRIMARY KEY max+1, row after row (db.rows.insert_rows says more);
    the count afterwards makes sure of it."""
    id_column = table.c.id
    before = session.scalar(select(func.coalesce(func.max(id_column), 0))) or 0
    _insert(session, table, rows)
    after = session.scalar(select(func.count()).where(id_column > before))
    if after != len(rows):
        raise RuntimeError(f"{table.name}: ids not in one run after a bulk insert")
    return list(range(before + 1, before + 1 + len(rows)))


# Core tables, not the mapped classes: an ORM bulk INSERT spends twice as long in
# SQLAlchemy's bookkeeping for rows nobody holds on to.
def _import_adds(
    session: Session,
    library: Library,
    batch: list[Incoming],
    today: date,
    rules: Rules,
    offset: int,
    count: int,
) -> list[int]:
    ids = _insert_ids(
        session,
        tables.contacts,
        [
            {
                "name": c.name,
                "kind": c.kind.value,
                "team_level": team_level_value(c.kind, c.level),
                "phone": c.phone,
                "email": c.email,
                "met_at": c.met_at,
                "met_on": c.met_on,
                "referred_by_id": None,
                "do_not_contact": c.do_not_contact,
                "discreet": c.discreet,
                "is_me": False,
                "created_on": today,
            }
            for c in batch
        ],
    )
    pairs = list(zip(ids, batch, strict=True))
    _insert(
        session,
        tables.kind_changes,
        [
            {
                "contact_id": contact_id,
                "kind": c.kind.value,
                "team_level": team_level_value(c.kind, c.level),
                "changed_on": today,
                "reason": "imported",
            }
            for contact_id, c in pairs
        ],
    )
    facts = [
        {"contact_id": contact_id, "key": key, "value": value, "noted_on": today}
        for contact_id, c in pairs
        for key, value in c.facts
    ]
    _insert(session, tables.facts, facts)
    now = datetime.now()  # as _runs.timestamp: only to order rows written the same day
    notes = [
        {"contact_id": contact_id, "body": body, "written_on": today, "created_at": now}
        for contact_id, c in pairs
        for body in c.notes
    ]
    _insert(session, tables.notes, notes)
    _import_first_touches(session, library, pairs, today, rules, offset, count)
    return ids


def _import_first_touches(
    session: Session,
    library: Library,
    contacts: list[tuple[int, Incoming]],
    today: date,
    rules: Rules,
    offset: int,
    count: int,
) -> None:
    """Each imported contact starts its kind's playbook, first calls spread out."""
    newcomers = [
        Newcomer(contact_id, c.kind, c.level, c.met_on, c.do_not_contact)
        for contact_id, c in contacts
    ]
    starts = first_runs(newcomers, library, today, rules, offset, count)
    if not starts:
        return
    run_ids = _insert_ids(
        session,
        tables.runs,
        [
            {
                "contact_id": start.run.contact_id,
                "playbook": start.run.playbook,
                "track": start.run.track,
                "anchor_on": start.run.anchor,
                "status": (RunStatus.ACTIVE if start.planned else RunStatus.ENDED).value,
                "ended_on": None if start.planned else today,
                "ended_reason": None if start.planned else "nothing due",
                "flags": "",
                "started_on": today,
                "issue_open": False,
                "had_issue": False,
                "asked_callback": False,
            }
            for start in starts
        ],
    )
    discreet = {contact_id for contact_id, c in contacts if c.discreet}
    touches = [
        touch_values(contact_id, run_id, p, today, call_only=contact_id in discreet)
        for run_id, start in zip(run_ids, starts, strict=True)
        for contact_id in [start.run.contact_id]
        for p in start.planned
    ]
    _insert(session, tables.touches, touches)


def _import_merge(session: Session, contact_id: int, incoming: Incoming, today: date) -> None:
    """Fill the gaps of a contact she already has; what she typed herself is never
    overwritten (a different value is kept beside it, marked imported)."""
    from followup_tui.db import repository as repo
    from followup_tui.db.models import FactRow, NoteRow
    from followup_tui.services._runs import contact_row_by_id, timestamp

    row = contact_row_by_id(session, contact_id)
    facts = list(incoming.facts)
    for field_name, label in (("phone", "phone"), ("email", "email")):
        mine, theirs = getattr(row, field_name), getattr(incoming, field_name)
        if theirs and not mine:
            setattr(row, field_name, theirs)
        elif theirs and mine != theirs:
            facts.append((f"{label} (imported)", theirs))
    row.met_at = row.met_at or incoming.met_at
    row.met_on = row.met_on or incoming.met_on
    row.discreet = row.discreet or incoming.discreet
    have = {
        key: value
        for key, value in session.execute(
            select(FactRow.key, FactRow.value).where(FactRow.contact_id == contact_id)
        )
    }
    for key, value in facts:
        if have.get(key) == value:
            continue
        if key in have:
            # Hers stays; the file's goes beside it, under the first free key.
            base, n = f"{key[:64]} (imported)", 2
            key = base
            while key in have and have[key] != value:
                key, n = f"{base} {n}", n + 1
            if have.get(key) == value:
                continue
        repo.set_fact(session, contact_id, key, value, today)
        have[key] = value
    bodies = set(session.scalars(select(NoteRow.body).where(NoteRow.contact_id == contact_id)))
    for body in incoming.notes:
        if body not in bodies:
            session.add(
                NoteRow(contact_id=contact_id, body=body, written_on=today, created_at=timestamp())
            )
