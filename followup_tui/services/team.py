"""The team: events that remind its levels, and each member's next reminder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, tuple_
from sqlalchemy.orm import Session, aliased

from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, EventRow, TouchRow
from followup_tui.db.repository import IS_PENDING
from followup_tui.domain import roles
from followup_tui.domain.model import Kind, Level, team_level
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.domain.schedule import touch_title
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services._runs import begin_run, contact_row_by_id


def new_event(
    db: Database,
    kind: str,
    held_on: date,
    today: date,
    *,
    title: str | None = None,
    assignments: Iterable[int] = (),
    with_contact: int | None = None,
    library: Library | None = None,
) -> int:
    """A team event reminds the levels it concerns; a new catalogue reaches every lead; an
    appointment reminds the one senior partner it is with."""
    if kind not in roles.EVENT_KINDS:
        raise InputError(f"unknown event kind {kind!r}: use one of {', '.join(roles.EVENT_KINDS)}")
    assigned = set(assignments)
    if assigned and not roles.takes_assignments(kind, library):
        raise InputError(roles.assignment_refusal(kind, library))
    if with_contact is not None and kind != roles.APPOINTMENT:
        raise InputError(f"--with names whose appointment it is: {kind} is with the whole team")
    with unit.write(db, library) as (session, library, rules):
        for contact_id in sorted(assigned):
            _check_assignee(contact_row_by_id(session, contact_id))
        only: set[int] | None = None
        if kind == roles.APPOINTMENT:
            partner = _appointment_with(session, with_contact)
            only = {partner.id}
        event = EventRow(kind=kind, held_on=held_on, title=title)
        session.add(event)
        session.flush()
        # Nobody marked do not contact, nor anyone whose last word was "not interested".
        active = (
            ContactRow.do_not_contact == False,  # noqa: E712 - SQL, not Python truth
            ContactRow.is_me == False,  # noqa: E712
            ContactRow.said_no_on.is_(None),
        )
        if kind == roles.NEW_CATALOGUE:
            leads = session.scalars(
                select(ContactRow.id).where(ContactRow.kind == Kind.LEAD.value, *active)
            )
            for contact_id in leads:
                begin_run(
                    session,
                    library,
                    contact_id,
                    roles.NEW_CATALOGUE,
                    held_on,
                    today,
                    rules,
                    event_id=event.id,
                )
            return event.id
        levels = [level.value for level in library.events.get(kind, ())]
        members = session.scalars(
            select(ContactRow).where(
                ContactRow.kind == Kind.TEAM.value, ContactRow.team_level.in_(levels), *active
            )
        )
        for member in members:
            if only is not None and member.id not in only:
                continue
            flags = frozenset({roles.ASSIGNMENT}) if member.id in assigned else frozenset()
            playbook = library.start_for(Kind.TEAM, Level(member.team_level or "new-partner"))
            begin_run(
                session,
                library,
                member.id,
                playbook,
                held_on,
                today,
                rules,
                track="event",
                flags=flags,
                event_id=event.id,
            )
        return event.id


def _appointment_with(session: Session, contact_id: int | None) -> ContactRow:
    """The senior partner an appointment is with: the one named, or the team's only one."""
    if contact_id is not None:
        row = contact_row_by_id(session, contact_id)
        level = team_level(Kind(row.kind), Level(row.team_level) if row.team_level else None)
        if level is not Level.SENIOR_PARTNER:
            raise InputError(f"{row.name} is not a senior partner: an appointment is with one")
        if row.do_not_contact:
            raise InputError(f"{row.name} is marked do not contact")
        return row
    partners = session.scalars(
        select(ContactRow)
        .where(
            ContactRow.kind == Kind.TEAM.value,
            ContactRow.team_level == Level.SENIOR_PARTNER.value,
            ContactRow.do_not_contact == False,  # noqa: E712 - SQL, not Python truth
        )
        .order_by(ContactRow.name)
    ).all()
    if not partners:
        raise InputError("an appointment is with a senior partner, and your team has none")
    if len(partners) > 1:
        names = ", ".join(f"{p.name} (#{p.id})" for p in partners)
        raise InputError(f"whose appointment is it? say --with ID: {names}")
    return partners[0]


def _check_assignee(row: ContactRow) -> None:
    kind = Kind(row.kind)
    level = team_level(kind, Level(row.team_level) if row.team_level else None)
    if level is not Level.NEW_PARTNER:
        raise InputError(f"{row.name} is not a new partner: an assignment is for new partners")
    if row.do_not_contact:
        raise InputError(f"{row.name} is marked do not contact")


@dataclass(frozen=True)
class TeamMember:
    contact_id: int
    name: str
    level: Level
    next_due: date | None
    next_title: str | None


def _members() -> tuple[ColumnElement[bool], ...]:
    return (ContactRow.kind == Kind.TEAM.value, ContactRow.do_not_contact == False)  # noqa: E712


def _level_rank() -> ColumnElement[int]:
    """New partners first (a member of no level is one), as Level lists them."""
    return case(
        *((ContactRow.team_level == level.value, rank) for rank, level in enumerate(Level)),
        else_=0,
    )


def _team_order() -> tuple[Any, ...]:
    return (_level_rank(), ContactRow.name, ContactRow.id)


def team(db: Database, library: Library | None = None) -> list[TeamMember]:
    """The team by level (new partners first), each with their next reminder."""
    return team_window(db, 0, None, library)


def team_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).where(*_members())) or 0


def team_window(
    db: Database, start: int, stop: int | None, library: Library | None = None
) -> list[TeamMember]:
    """`team(db)[start:stop]` in one query: the members of the window, each with the
    first of her pending touches (one query a member took 7 s for 6,000 of them)."""
    library = library or default_library()
    ids = select(ContactRow.id).where(*_members()).order_by(*_team_order()).offset(start)
    if stop is not None:
        ids = ids.limit(max(stop - start, 0))
    pending = aliased(TouchRow)
    first = (
        select(pending.id)
        .where(pending.contact_id == ContactRow.id, pending.status == IS_PENDING)
        .order_by(pending.due_on, pending.priority, pending.id)
        .limit(1)
        .correlate(ContactRow)
        .scalar_subquery()
    )
    with db.read() as session:
        rows = session.execute(
            select(
                ContactRow.id,
                ContactRow.name,
                ContactRow.team_level,
                TouchRow.due_on,
                TouchRow.title,
                TouchRow.playbook,
                TouchRow.step,
            )
            .outerjoin(TouchRow, TouchRow.id == first)
            .where(ContactRow.id.in_(ids))
            .order_by(*_team_order())
        ).all()
    return [
        TeamMember(
            contact_id=row[0],
            name=row[1],
            level=Level(row[2] or Level.NEW_PARTNER.value),
            next_due=row[3],
            next_title=(row[4] or touch_title(library, row[5], row[6])) if row[3] else None,
        )
        for row in rows
    ]


def team_position(db: Database, contact_id: int) -> int | None:
    """Where the member is in `team`, None when she is not in it (any more)."""
    with db.read() as session:
        found = session.execute(
            select(*_team_order()).where(ContactRow.id == contact_id, *_members())
        ).first()
        if found is None:
            return None
        before = tuple_(*_team_order()) < tuple_(*found)
        return session.scalar(select(func.count()).where(*_members(), before)) or 0
