"""Changing a contact: one added from the app, notes, facts, an edit, a playbook put on by
hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, NoteRow, RunRow
from followup_tui.domain import roles
from followup_tui.domain.model import ContactChanges, Kind, NewContact, RunStatus, team_level
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services import adding
from followup_tui.services._runs import (
    Scheduled,
    as_scheduled,
    begin_run,
    calls_only,
    change_kind,
    contact_row_by_id,
    end_runs,
    ensure_next_touch,
    next_up,
    timestamp,
)
from followup_tui.transfer.plan import OnDuplicate


@dataclass(frozen=True)
class Added:
    """A contact just added, and her first call."""

    contact_id: int
    name: str
    first_title: str | None
    first_due: date | None
    merged: str | None = None
    """What folding her details into the contact already there did, in words."""


def quick_add(
    db: Database,
    new: NewContact,
    today: date,
    library: Library | None = None,
    on_duplicate: OnDuplicate = OnDuplicate.ADD,
) -> Added:
    """Someone met just now, added from the app: a lead, or anyone met somewhere, was
    met today (her Day 3 counts from now) unless the form says when. The form asked
    about anyone already there before answering, so she is added unless `on_duplicate`
    says to merge (or refuse)."""
    if new.met_on is None and (new.met_at or new.kind is Kind.LEAD):
        new = replace(new, met_on=today)
    saved = adding.save_contact(db, new, today, on_duplicate, library)
    if saved.merged is not None:
        return Added(saved.contact_id, new.name, None, None, saved.merged)
    contact_id = saved.contact_id
    with db.read() as session:
        first = next_up(session, library or default_library(), contact_id)
    if not first:
        return Added(contact_id, new.name, None, None)
    return Added(contact_id, new.name, first[0].title, first[0].due)


def add_note(db: Database, contact_id: int, body: str, today: date) -> None:
    if not body.strip():
        raise InputError("the note is empty")
    with db.begin() as session:
        contact_row_by_id(session, contact_id)
        session.add(
            NoteRow(contact_id=contact_id, body=body, written_on=today, created_at=timestamp())
        )


def set_facts(db: Database, contact_id: int, facts: Iterable[tuple[str, str]], today: date) -> None:
    """Several facts at once, all or none; a key already known gets the new value."""
    with db.begin() as session:
        contact_row_by_id(session, contact_id)
        for key, value in facts:
            repo.set_fact(session, contact_id, key, value, today)


@dataclass(frozen=True)
class Edited:
    """What an edit changed, for the shell to say."""

    contact_id: int
    name: str
    changed: tuple[tuple[str, str, str], ...] = ()
    """(what, before, after) in words, for each field the edit changed."""
    now_calls: int = 0
    """Her pending texts, emails or cards that became calls: she was just marked discreet."""
    next_up: tuple[Scheduled, ...] = ()
    """Her next touches, when her kind or level changed (a new rhythm from today)."""


def editable(db: Database, contact_id: int) -> ContactChanges:
    """The contact's editable fields as they stand: what an edit starts from."""
    with db.read() as session:
        return _as_changes(contact_row_by_id(session, contact_id))


def _as_changes(row: ContactRow) -> ContactChanges:
    contact = repo.to_contact(row)
    return ContactChanges(
        name=contact.name,
        kind=contact.kind,
        level=contact.level,
        phone=contact.phone,
        email=contact.email,
        met_at=contact.met_at,
        met_on=contact.met_on,
        discreet=contact.discreet,
        do_not_contact=contact.do_not_contact,
    )


FIELD_WORDS = {"met_at": "met at", "met_on": "met on", "do_not_contact": "do not contact"}


def changed_fields(
    before: ContactChanges, after: ContactChanges
) -> tuple[tuple[str, str, str], ...]:
    """(what, before, after) in words for each field that differs."""

    def words(value: object) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, date):
            return value.isoformat()
        return "none" if value is None else str(value)

    return tuple(
        (FIELD_WORDS.get(name, name), words(old), words(new))
        for name in ContactChanges.__dataclass_fields__
        if (old := getattr(before, name)) != (new := getattr(after, name))
    )


def update_contact(
    db: Database,
    contact_id: int,
    changes: ContactChanges,
    today: date,
    library: Library | None = None,
) -> Edited:
    """Save an edit. A new kind or level changes the rhythm from today on; do not
    contact ends every pending touch, and lifting it schedules the next one; marked
    discreet, her pending texts, emails and cards become calls."""
    level = team_level(changes.kind, changes.level)
    changes = replace(changes, level=level)
    with unit.write(db, library) as (session, library, rules):
        row = contact_row_by_id(session, contact_id)
        before = _as_changes(row)
        if row.is_me and row.name != changes.name:
            # Her own name is what the scripts say: the setting follows her record.
            repo.put_setting(session, "consultant_name", changes.name)
        row.name, row.phone, row.email = changes.name, changes.phone, changes.email
        marked_discreet = changes.discreet and not row.discreet
        row.met_at, row.met_on, row.discreet = changes.met_at, changes.met_on, changes.discreet
        now_calls = calls_only(session, library, contact_id) if marked_discreet else 0
        edited = Edited(contact_id, changes.name, changed_fields(before, changes), now_calls)
        kind_changed = row.kind != changes.kind.value or row.team_level != (
            level.value if level else None
        )
        if kind_changed:
            change_kind(session, row, changes.kind, level, today, "edited")
            rhythms = set(library.start.values()) | set(library.fallback.values())
            end_runs(session, contact_id, today, "kind changed", playbooks=rhythms)
        if changes.do_not_contact and not row.do_not_contact:
            row.do_not_contact = True
            end_runs(session, contact_id, today, "do not contact")
            return edited
        row.do_not_contact = changes.do_not_contact
        if kind_changed and not row.do_not_contact and not row.is_me:
            playbook = library.start_for(changes.kind, level)
            begin_run(session, library, contact_id, playbook, today, today, rules)
        ensure_next_touch(session, library, row, today, rules)
        if kind_changed:
            edited = replace(edited, next_up=next_up(session, library, contact_id))
        return edited


def start_playbook(
    db: Database, contact_id: int, playbook: str, today: date, library: Library | None = None
) -> tuple[Scheduled, ...]:
    """Put a contact on a playbook by hand (three-three-three: 'for any contact the
    consultant puts on it'), counting from today, or from the first contact when the
    playbook says so."""
    if playbook not in roles.STARTABLE:
        raise InputError(
            f"playbook {playbook!r} cannot be started by hand: use {', '.join(roles.STARTABLE)}"
        )
    with unit.write(db, library) as (session, library, rules):
        row = contact_row_by_id(session, contact_id)
        if row.is_me:
            raise InputError(f"#{contact_id} is you: your own record is never followed up")
        if row.do_not_contact:
            raise InputError(f"{row.name} is marked do not contact")
        active = session.scalar(
            select(RunRow.id).where(
                RunRow.contact_id == contact_id,
                RunRow.playbook == playbook,
                RunRow.status == RunStatus.ACTIVE.value,
            )
        )
        if active is not None:
            raise InputError(f"{row.name} is already on {playbook}")
        anchor = today
        if library[playbook].counts_from == "first-contact":
            anchor = min(repo.first_contact_day(session, repo.to_contact(row)), today)
        created = begin_run(session, library, contact_id, playbook, anchor, today, rules)
        return as_scheduled(session, library, created)
