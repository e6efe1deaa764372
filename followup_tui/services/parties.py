"""Parties: booking one, its guests and their flags, what it sold and brought."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    OrderLineRow,
    OrderRow,
    PartyGuestRow,
    PartyRow,
    ProductRow,
    RunRow,
    TouchRow,
)
from followup_tui.db.rows import insert_contact
from followup_tui.domain import roles
from followup_tui.domain.model import Kind, NewContact
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.domain.schedule import Rules
from followup_tui.domain.schedule import priority as priority_of
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services import adding
from followup_tui.services._runs import (
    begin_run,
    change_kind,
    contact_row_by_id,
    end_runs,
    ensure_next_touch,
)


def new_party(
    db: Database,
    hostess_id: int,
    held_on: date,
    today: date,
    *,
    place: str | None = None,
    library: Library | None = None,
) -> int:
    """A party: the hostess gets her touches before it and the morning after."""
    with unit.write(db, library) as (session, library, rules):
        hostess = contact_row_by_id(session, hostess_id)
        party = PartyRow(hostess_id=hostess_id, held_on=held_on, place=place)
        session.add(party)
        session.flush()
        if hostess.is_me:
            return party.id  # her own party: its guests are called, she is not
        hostess.said_no_on = None  # she booked a party: her "not interested" is behind her
        if Kind(hostess.kind) is not Kind.TEAM:
            change_kind(session, hostess, Kind.HOSTESS, None, today, "hosts a party")
        end_runs(session, hostess_id, today, "party booked", playbooks=[roles.HOSTESS])
        begin_run(
            session, library, hostess_id, roles.PARTY, held_on, today, rules, party_id=party.id
        )
        ensure_next_touch(session, library, hostess, today, rules)
        return party.id


def add_guest(
    db: Database,
    party_id: int,
    contact_id: int,
    today: date,
    *,
    wants_to_book: bool = False,
    wants_info: bool = False,
    library: Library | None = None,
) -> None:
    """A guest gets a morning-after call; those who asked to book or for info first.

    Adding a guest again turns on the flags given, and turns none off: a flag says she
    asked, and asking once more is no reason to forget a booking (the app's keys toggle).
    """
    with unit.write(db, library) as (session, library, rules):
        party = party_row_by_id(session, party_id)
        guest = contact_row_by_id(session, contact_id)
        if contact_id == party.hostess_id:
            raise InputError(f"{guest.name} is the hostess of this party, not a guest")
        existing = guest_row(session, party_id, contact_id)
        if existing is not None:
            _set_guest_flags(
                session,
                library,
                existing,
                wants_to_book=existing.wants_to_book or wants_to_book,
                wants_info=existing.wants_info or wants_info,
            )
            return
        add_guest_row(
            session,
            library,
            rules,
            party,
            guest,
            today,
            wants_to_book=wants_to_book,
            wants_info=wants_info,
        )


def add_new_guest(
    db: Database,
    party_id: int,
    new: NewContact,
    today: date,
    *,
    library: Library | None = None,
) -> int:
    """Someone new, met at the party: she becomes a contact and a guest in one
    transaction, so a refusal leaves neither (no stray contact without the party that made
    her worth adding). Unless the form says otherwise she was met there, on the party's
    day (today, for a party still to come: no date in the future). Answers her id."""
    adding.check_new_contact(new)
    with unit.write(db, library) as (session, library, rules):
        party = party_row_by_id(session, party_id)
        hostess = contact_row_by_id(session, party.hostess_id)
        met_at = new.met_at or f"{hostess.name}'s party"
        new = replace(new, met_at=met_at, met_on=new.met_on or min(party.held_on, today))
        adding.check_referrer(session, new)
        contact_id = insert_contact(session, library, new, today, rules)
        add_guest_row(session, library, rules, party, contact_row_by_id(session, contact_id), today)
        return contact_id


def party_row_by_id(session: Session, party_id: int) -> PartyRow:
    party = session.get(PartyRow, party_id)
    if party is None:
        raise InputError(f"no party with id {party_id}")
    return party


def guest_row(session: Session, party_id: int, contact_id: int) -> PartyGuestRow | None:
    return session.scalar(
        select(PartyGuestRow).where(
            PartyGuestRow.party_id == party_id, PartyGuestRow.contact_id == contact_id
        )
    )


def add_guest_row(
    session: Session,
    library: Library,
    rules: Rules,
    party: PartyRow,
    guest: ContactRow,
    today: date,
    *,
    wants_to_book: bool = False,
    wants_info: bool = False,
) -> None:
    session.add(
        PartyGuestRow(
            party_id=party.id,
            contact_id=guest.id,
            wants_to_book=wants_to_book,
            wants_info=wants_info,
        )
    )
    if guest.do_not_contact or guest.is_me:
        return
    begin_run(
        session,
        library,
        guest.id,
        roles.PARTY,
        party.held_on,
        today,
        rules,
        track="guest",
        flags=roles.guest_flags(wants_to_book, wants_info),
        party_id=party.id,
    )
    ensure_next_touch(session, library, guest, today, rules)


def _set_guest_flags(
    session: Session,
    library: Library,
    guest: PartyGuestRow,
    *,
    wants_to_book: bool,
    wants_info: bool,
) -> None:
    """Store a guest's flags; her pending morning-after call moves up (or back) with them."""
    guest.wants_to_book, guest.wants_info = wants_to_book, wants_info
    step = library[roles.PARTY].step(roles.GUEST_MORNING_AFTER)
    for run in session.scalars(
        select(RunRow).where(
            RunRow.party_id == guest.party_id,
            RunRow.contact_id == guest.contact_id,
            RunRow.track == "guest",
        )
    ):
        run.flags = " ".join(sorted(roles.guest_flags(wants_to_book, wants_info)))
        for touch in session.scalars(
            select(TouchRow).where(TouchRow.run_id == run.id, TouchRow.status == repo.PENDING)
        ):
            touch.priority = priority_of(step, repo.to_run(run))


@dataclass(frozen=True)
class Guest:
    contact_id: int
    name: str
    wants_to_book: bool
    wants_info: bool
    sales_cents: int


@dataclass(frozen=True)
class PartySummary:
    id: int
    hostess_id: int
    hostess: str
    held_on: date
    place: str | None
    guests: tuple[Guest, ...]
    sales_cents: int
    bookings: tuple[str, ...]
    """Hostesses of later parties who were guests at this one."""


def _order_totals(session: Session, party_id: int) -> dict[int, int]:
    price = func.coalesce(OrderLineRow.unit_price_cents, ProductRow.price_cents, 0)
    rows = session.execute(
        select(OrderRow.contact_id, func.sum(OrderLineRow.quantity * price))
        .join(OrderLineRow, OrderLineRow.order_id == OrderRow.id)
        .join(ProductRow, ProductRow.sku == OrderLineRow.sku)
        .where(OrderRow.party_id == party_id)
        .group_by(OrderRow.contact_id)
    )
    return {contact_id: int(total or 0) for contact_id, total in rows}


def parties(db: Database) -> list[PartySummary]:
    """Every party, newest first, with its guests, sales and the bookings it brought."""
    with db.read() as session:
        found = []
        for party in session.scalars(select(PartyRow).order_by(PartyRow.held_on.desc())):
            found.append(_party_summary(session, party))
        return found


def party(db: Database, party_id: int) -> PartySummary:
    with db.read() as session:
        row = session.get(PartyRow, party_id)
        if row is None:
            raise InputError(f"no party with id {party_id}")
        return _party_summary(session, row)


def _party_summary(session: Session, party: PartyRow) -> PartySummary:
    hostess = contact_row_by_id(session, party.hostess_id)
    totals = _order_totals(session, party.id)
    guest_rows = session.execute(
        select(PartyGuestRow, ContactRow)
        .join(ContactRow, ContactRow.id == PartyGuestRow.contact_id)
        .where(PartyGuestRow.party_id == party.id)
        .order_by(ContactRow.name)
    )
    guests = tuple(
        Guest(
            contact_id=contact.id,
            name=contact.name,
            wants_to_book=guest.wants_to_book,
            wants_info=guest.wants_info,
            sales_cents=totals.get(contact.id, 0),
        )
        for guest, contact in guest_rows
    )
    booked = session.scalars(
        select(ContactRow.name)
        .join(PartyRow, PartyRow.hostess_id == ContactRow.id)
        .where(
            PartyRow.held_on > party.held_on,
            PartyRow.hostess_id.in_([g.contact_id for g in guests]),
        )
        .order_by(PartyRow.held_on)
    )
    return PartySummary(
        id=party.id,
        hostess_id=hostess.id,
        hostess=hostess.name,
        held_on=party.held_on,
        place=party.place,
        guests=guests,
        sales_cents=sum(totals.values()),
        bookings=tuple(booked),
    )


def toggle_guest_flag(db: Database, party_id: int, contact_id: int, flag: str, today: date) -> None:
    """Wants to book / wants information: flagged guests get their morning-after call first."""
    if flag not in ("wants_to_book", "wants_info"):
        raise InputError(f"unknown guest flag {flag!r}")
    with db.begin() as session:
        guest = guest_row(session, party_id, contact_id)
        if guest is None:
            raise InputError("not a guest of this party")
        flags = {"wants_to_book": guest.wants_to_book, "wants_info": guest.wants_info}
        flags[flag] = not flags[flag]
        _set_guest_flags(session, default_library(), guest, **flags)
