"""Tables. Rows stay inside the repository; the rest of the app sees domain values."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ContactRow(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    team_level: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(40), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    met_at: Mapped[str | None] = mapped_column(Text)
    met_on: Mapped[date | None] = mapped_column(Date)
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL")
    )
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    discreet: Mapped[bool] = mapped_column(Boolean, default=False)
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[date] = mapped_column(Date)

    facts: Mapped[list[FactRow]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )


class KindChangeRow(Base):
    __tablename__ = "kind_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    team_level: Mapped[str | None] = mapped_column(String(32))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class FactRow(Base):
    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("contact_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    value: Mapped[str] = mapped_column(Text)
    noted_on: Mapped[date] = mapped_column(Date)

    contact: Mapped[ContactRow] = relationship(back_populates="facts")


class NoteRow(Base):
    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_contact_written", "contact_id", "written_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    written_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ProductRow(Base):
    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    reorder_day: Mapped[int | None] = mapped_column(Integer)
    price_cents: Mapped[int | None] = mapped_column(Integer)


class OrderRow(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    ordered_on: Mapped[date] = mapped_column(Date)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id", ondelete="SET NULL"))

    lines: Mapped[list[OrderLineRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", passive_deletes=True
    )


class OrderLineRow(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    backordered: Mapped[bool] = mapped_column(Boolean, default=False)
    corporate: Mapped[bool] = mapped_column(Boolean, default=False)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    unit_price_cents: Mapped[int | None] = mapped_column(Integer)
    """The price when ordered: later catalogue changes do not rewrite old sales."""
    backorder_choice: Mapped[str | None] = mapped_column(String(16))
    """For a corporate backorder: wait, substitute or refund, as she chose."""

    order: Mapped[OrderRow] = relationship(back_populates="lines")
    product: Mapped[ProductRow] = relationship()


class RunRow(Base):
    """A playbook running for a contact."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    playbook: Mapped[str] = mapped_column(String(64))
    track: Mapped[str] = mapped_column(String(16), default="steps")
    anchor_on: Mapped[date] = mapped_column(Date)
    position: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    category: Mapped[str | None] = mapped_column(String(32))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    reorder_day: Mapped[int | None] = mapped_column(Integer)
    delivery_on: Mapped[date | None] = mapped_column(Date)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    issue_open: Mapped[bool] = mapped_column(Boolean, default=False)
    had_issue: Mapped[bool] = mapped_column(Boolean, default=False)
    asked_callback: Mapped[bool] = mapped_column(Boolean, default=False)
    flags: Mapped[str] = mapped_column(Text, default="")
    """Space-separated run flags (wants-to-book, wants-info, assignment)."""
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_reason: Mapped[str | None] = mapped_column(String(64))


class TouchRow(Base):
    __tablename__ = "touches"
    __table_args__ = (
        # Today's list reads only pending touches by due date: keep that index small.
        # playbook and priority ride along so today's order is read from the index alone.
        Index(
            "ix_touches_pending_order",
            "due_on",
            "playbook",
            "priority",
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_touches_contact_status", "contact_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL"), index=True
    )
    playbook: Mapped[str] = mapped_column(String(64))
    step: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    """The step's words when planned (an event's step and a weekly one may share a slug)."""
    due_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    is_issue: Mapped[bool] = mapped_column(Boolean, default=False)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    created_on: Mapped[date] = mapped_column(Date)
    from_outcome_id: Mapped[int | None] = mapped_column(Integer)
    """The outcome whose logging planned this touch (for undo)."""
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(Text)


class OutcomeRow(Base):
    """How a worked touch went: stored forever."""

    __tablename__ = "outcomes"
    __table_args__ = (
        Index("ix_outcomes_contact_occurred", "contact_id", "occurred_on"),
        # The header's "done today" counts by day alone.
        Index("ix_outcomes_occurred_on", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    touch_id: Mapped[int] = mapped_column(ForeignKey("touches.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    reach: Mapped[str] = mapped_column(String(16))
    said: Mapped[str | None] = mapped_column(String(32))
    said_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    occurred_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PartyRow(Base):
    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    hostess_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(Text)


class PartyGuestRow(Base):
    __tablename__ = "party_guests"
    __table_args__ = (UniqueConstraint("party_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    wants_to_book: Mapped[bool] = mapped_column(Boolean, default=False)
    wants_info: Mapped[bool] = mapped_column(Boolean, default=False)


class EventRow(Base):
    """A team event, conference call, report date, appointment or new catalogue."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str | None] = mapped_column(Text)


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
