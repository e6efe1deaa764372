"""The schema, as SQLAlchemy Core tables. The ORM rows (models.py) are mapped onto these;
`followup add` writes through them alone, without mapping a class (25-35 ms a command)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _required(name: str, kind: Any, *args: Any, **kw: Any) -> Column[Any]:
    return Column(name, kind, *args, nullable=False, **kw)


def _optional(name: str, kind: Any, *args: Any, **kw: Any) -> Column[Any]:
    return Column(name, kind, *args, nullable=True, **kw)


def _pointers(table: str, column: str) -> Index:
    """An index of the rows whose `column` points somewhere: most point nowhere."""
    return Index(f"ix_{table}_{column}", column, sqlite_where=text(f"{column} IS NOT NULL"))


def _contact(name: str = "contact_id", **kw: Any) -> Column[int]:
    return _required(name, Integer, ForeignKey("contacts.id", ondelete="CASCADE"), **kw)


contacts = Table(
    "contacts",
    metadata,
    _id(),
    _required("name", String(200)),
    _required("kind", String(32), index=True),
    _optional("team_level", String(32)),
    _optional("phone", String(40), index=True),
    _optional("email", String(254), index=True),
    _optional("met_at", Text),
    _optional("met_on", Date),
    _optional("referred_by_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL")),
    _required("do_not_contact", Boolean, default=False),
    _required("discreet", Boolean, default=False),
    _required("is_me", Boolean, default=False),
    # The glance reads the oldest day of the book from it (migration 0009).
    _required("created_on", Date, index=True),
    # The day she last said "not interested", until she orders, books or asks to be called.
    _optional("said_no_on", Date),
    # Undo looks for rows pointing at the ones a log made (migration 0007, all seven).
    _pointers("contacts", "referred_by_id"),
    # Lists by name, a window at a time: ORDER BY name, id walks these (migration 0008).
    Index("ix_contacts_name", "name"),
    Index("ix_contacts_kind_name", "kind", "name"),
)

kind_changes = Table(
    "kind_changes",
    metadata,
    _id(),
    _contact(index=True),
    _required("kind", String(32)),
    _optional("team_level", String(32)),
    # The glance counts the week's new team members by day (0009), as the reorders.
    _required("changed_on", Date, index=True),
    _required("reason", Text, default=""),
)

facts = Table(
    "facts",
    metadata,
    _id(),
    _contact(),
    _required("key", String(80)),
    _required("value", Text),
    _required("noted_on", Date),
    UniqueConstraint("contact_id", "key"),
)

notes = Table(
    "notes",
    metadata,
    _id(),
    _contact(),
    _required("body", Text),
    _required("written_on", Date),
    _required("created_at", DateTime),
    Index("ix_notes_contact_written", "contact_id", "written_on"),
)

products = Table(
    "products",
    metadata,
    _required("sku", String(40), primary_key=True),
    _required("name", String(200)),
    _required("category", String(32)),
    _optional("reorder_day", Integer),
    _optional("price_cents", Integer),
)

orders = Table(
    "orders",
    metadata,
    _id(),
    _contact(index=True),
    _required("ordered_on", Date, index=True),
    _optional("delivered_on", Date),
    _optional("party_id", Integer, ForeignKey("parties.id", ondelete="SET NULL")),
    _pointers("orders", "party_id"),
)

order_lines = Table(
    "order_lines",
    metadata,
    _id(),
    _required("order_id", Integer, ForeignKey("orders.id", ondelete="CASCADE"), index=True),
    _required("sku", String(40), ForeignKey("products.sku")),
    _required("quantity", Integer, default=1),
    _required("backordered", Boolean, default=False),
    _required("corporate", Boolean, default=False),
    _optional("delivered_on", Date),
    # The price when ordered: later catalogue changes do not rewrite old sales.
    _optional("unit_price_cents", Integer),
    # For a corporate backorder: wait, substitute or refund, as she chose.
    _optional("backorder_choice", String(16)),
)

# A playbook running for a contact.
runs = Table(
    "runs",
    metadata,
    _id(),
    _contact(index=True),
    _required("playbook", String(64)),
    _required("track", String(16), default="steps"),
    _required("anchor_on", Date),
    _optional("position", String(64)),
    _required("status", String(16), default="active"),
    _optional("category", String(32)),
    _optional("order_id", Integer, ForeignKey("orders.id", ondelete="SET NULL")),
    _optional("reorder_day", Integer),
    _optional("delivery_on", Date),
    _optional("party_id", Integer, ForeignKey("parties.id", ondelete="SET NULL")),
    _optional("event_id", Integer, ForeignKey("events.id", ondelete="SET NULL")),
    _required("issue_open", Boolean, default=False),
    _required("had_issue", Boolean, default=False),
    _required("asked_callback", Boolean, default=False),
    # Space-separated run flags (wants-to-book, wants-info, assignment).
    _required("flags", Text, default=""),
    _required("started_on", Date),
    _optional("ended_on", Date),
    _optional("ended_reason", String(64)),
    _pointers("runs", "order_id"),
    _pointers("runs", "party_id"),
    _pointers("runs", "event_id"),
)

touches = Table(
    "touches",
    metadata,
    _id(),
    _contact(),
    _optional("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL"), index=True),
    _required("playbook", String(64)),
    _required("step", String(64)),
    # The step's words when planned (an event's step and a weekly one may share a slug).
    _optional("title", Text),
    _required("due_on", Date),
    # "18:00" when she was asked to call at a time ("tue 6pm"); a day alone otherwise.
    _optional("due_time", String(5)),
    _required("channel", String(16)),
    _required("priority", Integer),
    _required("status", String(16), default="pending"),
    _required("attempt", Integer, default=1),
    _required("is_issue", Boolean, default=False),
    _optional("order_id", Integer, ForeignKey("orders.id", ondelete="SET NULL")),
    _required("created_on", Date),
    # The outcome whose logging planned this touch (for undo).
    _optional("from_outcome_id", Integer),
    _optional("closed_on", Date),
    _optional("close_reason", Text),
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
    _pointers("touches", "from_outcome_id"),
    _pointers("touches", "order_id"),
)

# How a worked touch went: stored forever.
outcomes = Table(
    "outcomes",
    metadata,
    _id(),
    _required("touch_id", Integer, ForeignKey("touches.id", ondelete="CASCADE"), index=True),
    _contact(),
    _required("reach", String(16)),
    _optional("said", String(32)),
    _optional("said_date", Date),
    _optional("said_time", String(5)),
    _optional("note", Text),
    _required("occurred_on", Date),
    _required("created_at", DateTime),
    Index("ix_outcomes_contact_occurred", "contact_id", "occurred_on"),
    # The glance: when she last heard from each contact, from the index alone (0008).
    Index(
        "ix_outcomes_heard",
        "contact_id",
        "occurred_on",
        sqlite_where=text("reach IN ('reached', 'texted', 'emailed', 'card-sent')"),
    ),
    # The header's "done today" counts by day alone.
    Index("ix_outcomes_occurred_on", "occurred_on"),
)

parties = Table(
    "parties",
    metadata,
    _id(),
    _contact("hostess_id"),
    _required("held_on", Date, index=True),
    _optional("place", Text),
)

party_guests = Table(
    "party_guests",
    metadata,
    _id(),
    _required("party_id", Integer, ForeignKey("parties.id", ondelete="CASCADE")),
    _contact(index=True),
    _required("wants_to_book", Boolean, default=False),
    _required("wants_info", Boolean, default=False),
    UniqueConstraint("party_id", "contact_id"),
)

# A team event, conference call, report date, appointment or new catalogue.
events = Table(
    "events",
    metadata,
    _id(),
    _required("kind", String(32)),
    _required("held_on", Date, index=True),
    _optional("title", Text),
)

settings = Table(
    "settings",
    metadata,
    _required("key", String(64), primary_key=True),
    _required("value", Text),
)
