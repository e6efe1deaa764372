"""ORM rows, mapped onto the Core tables of tables.py (the one schema). Rows stay inside
the repository; the rest of the app sees domain values."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from followup_tui.db import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class ContactRow(Base):
    __table__ = tables.contacts

    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    team_level: Mapped[str | None]
    phone: Mapped[str | None]
    email: Mapped[str | None]
    met_at: Mapped[str | None]
    met_on: Mapped[date | None]
    referred_by_id: Mapped[int | None]
    do_not_contact: Mapped[bool]
    discreet: Mapped[bool]
    is_me: Mapped[bool]
    created_on: Mapped[date]
    said_no_on: Mapped[date | None]

    facts: Mapped[list[FactRow]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )


class KindChangeRow(Base):
    __table__ = tables.kind_changes

    id: Mapped[int]
    contact_id: Mapped[int]
    kind: Mapped[str]
    team_level: Mapped[str | None]
    changed_on: Mapped[date]
    reason: Mapped[str]


class FactRow(Base):
    __table__ = tables.facts

    id: Mapped[int]
    contact_id: Mapped[int]
    key: Mapped[str]
    value: Mapped[str]
    noted_on: Mapped[date]

    contact: Mapped[ContactRow] = relationship(back_populates="facts")


class NoteRow(Base):
    __table__ = tables.notes

    id: Mapped[int]
    contact_id: Mapped[int]
    body: Mapped[str]
    written_on: Mapped[date]
    created_at: Mapped[datetime]


class ProductRow(Base):
    __table__ = tables.products

    sku: Mapped[str]
    name: Mapped[str]
    category: Mapped[str]
    reorder_day: Mapped[int | None]
    price_cents: Mapped[int | None]


class OrderRow(Base):
    __table__ = tables.orders

    id: Mapped[int]
    contact_id: Mapped[int]
    ordered_on: Mapped[date]
    delivered_on: Mapped[date | None]
    party_id: Mapped[int | None]

    lines: Mapped[list[OrderLineRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", passive_deletes=True
    )


class OrderLineRow(Base):
    __table__ = tables.order_lines

    id: Mapped[int]
    order_id: Mapped[int]
    sku: Mapped[str]
    quantity: Mapped[int]
    backordered: Mapped[bool]
    corporate: Mapped[bool]
    delivered_on: Mapped[date | None]
    unit_price_cents: Mapped[int | None]
    """The price when ordered: later catalogue changes do not rewrite old sales."""
    backorder_choice: Mapped[str | None]
    """For a corporate backorder: wait, substitute or refund, as she chose."""

    order: Mapped[OrderRow] = relationship(back_populates="lines")
    product: Mapped[ProductRow] = relationship()


class RunRow(Base):
    """A playbook running for a contact."""

    __table__ = tables.runs

    id: Mapped[int]
    contact_id: Mapped[int]
    playbook: Mapped[str]
    track: Mapped[str]
    anchor_on: Mapped[date]
    position: Mapped[str | None]
    status: Mapped[str]
    category: Mapped[str | None]
    order_id: Mapped[int | None]
    reorder_day: Mapped[int | None]
    delivery_on: Mapped[date | None]
    party_id: Mapped[int | None]
    event_id: Mapped[int | None]
    issue_open: Mapped[bool]
    had_issue: Mapped[bool]
    asked_callback: Mapped[bool]
    flags: Mapped[str]
    """Space-separated run flags (wants-to-book, wants-info, assignment)."""
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    ended_reason: Mapped[str | None]


class TouchRow(Base):
    __table__ = tables.touches

    id: Mapped[int]
    contact_id: Mapped[int]
    run_id: Mapped[int | None]
    playbook: Mapped[str]
    step: Mapped[str]
    title: Mapped[str | None]
    """The step's words when planned (an event's step and a weekly one may share a slug)."""
    due_on: Mapped[date]
    due_time: Mapped[str | None]
    """"18:00" when a time was said with the day."""
    channel: Mapped[str]
    priority: Mapped[int]
    status: Mapped[str]
    attempt: Mapped[int]
    is_issue: Mapped[bool]
    order_id: Mapped[int | None]
    created_on: Mapped[date]
    from_outcome_id: Mapped[int | None]
    """The outcome whose logging planned this touch (for undo)."""
    closed_on: Mapped[date | None]
    close_reason: Mapped[str | None]


class OutcomeRow(Base):
    """How a worked touch went: stored forever."""

    __table__ = tables.outcomes

    id: Mapped[int]
    touch_id: Mapped[int]
    contact_id: Mapped[int]
    reach: Mapped[str]
    said: Mapped[str | None]
    said_date: Mapped[date | None]
    said_time: Mapped[str | None]
    """"18:00": a time said with the date (a meeting's hour is kept here, in her history)."""
    note: Mapped[str | None]
    occurred_on: Mapped[date]
    created_at: Mapped[datetime]


class PartyRow(Base):
    __table__ = tables.parties

    id: Mapped[int]
    hostess_id: Mapped[int]
    held_on: Mapped[date]
    place: Mapped[str | None]


class PartyGuestRow(Base):
    __table__ = tables.party_guests

    id: Mapped[int]
    party_id: Mapped[int]
    contact_id: Mapped[int]
    wants_to_book: Mapped[bool]
    wants_info: Mapped[bool]


class EventRow(Base):
    """A team event, conference call, report date, appointment or new catalogue."""

    __table__ = tables.events

    id: Mapped[int]
    kind: Mapped[str]
    held_on: Mapped[date]
    title: Mapped[str | None]


class SettingRow(Base):
    __table__ = tables.settings

    key: Mapped[str]
    value: Mapped[str]
