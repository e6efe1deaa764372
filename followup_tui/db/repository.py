"""Session in, domain values out. Never commits: the service frames the transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, String, func, literal_column, select, tuple_
from sqlalchemy.orm import Session, selectinload

from followup_tui.db.models import (
    ContactRow,
    FactRow,
    OrderLineRow,
    OrderRow,
    OutcomeRow,
    ProductRow,
    RunRow,
    SettingRow,
    TouchRow,
)
from followup_tui.domain.model import (
    Category,
    Channel,
    Contact,
    Kind,
    Level,
    Order,
    OrderLine,
    Product,
    Run,
    RunStatus,
    Touch,
    TouchStatus,
)

PENDING = TouchStatus.PENDING.value
IS_PENDING: ColumnElement[str] = literal_column(f"'{PENDING}'", String)
"""`status == IS_PENDING` can use the partial indexes on pending touches; see _due."""


def to_contact(row: ContactRow) -> Contact:
    return Contact(
        id=row.id,
        name=row.name,
        kind=Kind(row.kind),
        level=Level(row.team_level) if row.team_level else None,
        phone=row.phone,
        email=row.email,
        met_at=row.met_at,
        met_on=row.met_on,
        referred_by_id=row.referred_by_id,
        do_not_contact=row.do_not_contact,
        discreet=row.discreet,
        is_me=row.is_me,
        created_on=row.created_on,
        said_no_on=row.said_no_on,
    )


def to_touch(row: TouchRow) -> Touch:
    return Touch(
        id=row.id,
        contact_id=row.contact_id,
        playbook=row.playbook,
        step=row.step,
        due=row.due_on,
        channel=Channel(row.channel),
        priority=row.priority,
        run_id=row.run_id,
        status=TouchStatus(row.status),
        attempt=row.attempt,
        is_issue=row.is_issue,
        order_id=row.order_id,
        title=row.title,
        time=row.due_time,
    )


def to_run(row: RunRow) -> Run:
    return Run(
        id=row.id,
        contact_id=row.contact_id,
        playbook=row.playbook,
        anchor=row.anchor_on,
        position=row.position,
        status=RunStatus(row.status),
        category=Category(row.category) if row.category else None,
        order_id=row.order_id,
        reorder_day=row.reorder_day,
        delivery=row.delivery_on,
        track=row.track,
        issue_open=row.issue_open,
        asked_callback=row.asked_callback,
        had_issue=row.had_issue,
        flags=frozenset(row.flags.split()),
        started=row.started_on,
    )


def store_run(row: RunRow, run: Run) -> None:
    """Copy what the engine may change back onto the row."""
    row.anchor_on = run.anchor
    row.position = run.position
    row.status = run.status.value
    row.delivery_on = run.delivery
    row.reorder_day = run.reorder_day
    row.issue_open = run.issue_open
    row.asked_callback = run.asked_callback
    row.had_issue = run.had_issue
    row.flags = " ".join(sorted(run.flags))


def to_product(row: ProductRow) -> Product:
    return Product(
        sku=row.sku,
        name=row.name,
        category=Category(row.category),
        reorder_day=row.reorder_day,
        price_cents=row.price_cents,
    )


def to_order(row: OrderRow) -> Order:
    return Order(
        id=row.id,
        contact_id=row.contact_id,
        ordered_on=row.ordered_on,
        delivered_on=row.delivered_on,
        party_id=row.party_id,
        lines=tuple(
            OrderLine(
                sku=line.sku,
                product_name=line.product.name,
                category=Category(line.product.category),
                reorder_day=line.product.reorder_day,
                quantity=line.quantity,
                backordered=line.backordered,
                corporate=line.corporate,
            )
            for line in row.lines
        ),
    )


def contact(session: Session, contact_id: int) -> Contact | None:
    row = session.get(ContactRow, contact_id)
    return to_contact(row) if row else None


def facts(session: Session, contact_id: int) -> dict[str, str]:
    rows = session.scalars(
        select(FactRow).where(FactRow.contact_id == contact_id).order_by(FactRow.id)
    )
    return {row.key: row.value for row in rows}


def set_fact(session: Session, contact_id: int, key: str, value: str, today: date) -> None:
    row = session.scalar(
        select(FactRow).where(FactRow.contact_id == contact_id, FactRow.key == key)
    )
    if row is None:
        session.add(FactRow(contact_id=contact_id, key=key, value=value, noted_on=today))
    else:
        row.value, row.noted_on = value, today


def orders(session: Session, contact_id: int) -> list[Order]:
    rows = session.scalars(
        select(OrderRow)
        .where(OrderRow.contact_id == contact_id)
        .options(selectinload(OrderRow.lines).selectinload(OrderLineRow.product))
        .order_by(OrderRow.ordered_on.desc(), OrderRow.id.desc())
    )
    return [to_order(row) for row in rows]


def order(session: Session, order_id: int) -> Order | None:
    row = session.get(OrderRow, order_id, options=[selectinload(OrderRow.lines)])
    return to_order(row) if row else None


def products(session: Session, skus: list[str] | None = None) -> dict[str, Product]:
    query = select(ProductRow).order_by(ProductRow.category, ProductRow.name)
    if skus is not None:
        query = query.where(ProductRow.sku.in_(skus))
    return {row.sku: to_product(row) for row in session.scalars(query)}


def pending_touches(session: Session, contact_id: int) -> list[Touch]:
    rows = session.scalars(
        select(TouchRow)
        .where(TouchRow.contact_id == contact_id, TouchRow.status == PENDING)
        .order_by(TouchRow.due_on, TouchRow.priority, TouchRow.id)
    )
    return [to_touch(row) for row in rows]


def has_pending_touch(session: Session, contact_id: int) -> bool:
    found = session.scalar(
        select(TouchRow.id)
        .where(TouchRow.contact_id == contact_id, TouchRow.status == PENDING)
        .limit(1)
    )
    return found is not None


def _due(today: date, after: date | None) -> list[ColumnElement[bool]]:
    t = TouchRow
    # 'pending' written into the SQL, not bound: SQLite plans a statement before it
    # sees a bound value, and then cannot use the partial index (60-140 ms for a count
    # of the week ahead at 100,000 contacts instead of 1.5).
    due = [t.status == IS_PENDING, t.due_on <= today]
    return due if after is None else [*due, t.due_on > after]


DUE_ORDER = (TouchRow.due_on, TouchRow.priority, TouchRow.id)
"""Soonest first, then by priority: the order of the week ahead."""


def count_due_touches(session: Session, today: date, *, after: date | None = None) -> int:
    """How many pending touches are due by `today` (and after `after`)."""
    return session.scalar(select(func.count()).where(*_due(today, after))) or 0


def due_touch_position(
    session: Session, touch_id: int, today: date, *, after: date | None = None
) -> int | None:
    """Where the touch is in due_touches' order, or None when it is not among them."""
    t = TouchRow
    found = session.execute(
        select(t.due_on, t.priority).where(t.id == touch_id, *_due(today, after))
    ).first()
    if found is None:
        return None
    before = tuple_(t.due_on, t.priority, t.id) < tuple_(found[0], found[1], touch_id)
    return session.scalar(select(func.count()).where(*_due(today, after), before)) or 0


def due_touches(
    session: Session,
    today: date,
    *,
    after: date | None = None,
    window: tuple[int, int] | None = None,
) -> list[tuple[Touch, str, str, bool]]:
    """(touch, contact name, contact kind, discreet) for every pending touch due by `today`
    (and after `after`, when given), soonest first; `window`: only those from index
    start up to stop in that order.

    Plain columns, not ORM rows: on a big book thousands are due, and building
    mapped objects for each costs several times the query itself.
    """
    t = TouchRow
    # `status == 'pending'` (not is_()) so SQLite uses the partial index.
    query = (
        select(
            t.id,
            t.contact_id,
            t.playbook,
            t.step,
            t.due_on,
            t.channel,
            t.priority,
            t.run_id,
            t.attempt,
            t.is_issue,
            t.order_id,
            t.title,
            t.due_time,
            ContactRow.name,
            ContactRow.kind,
            ContactRow.discreet,
        )
        .join(ContactRow, ContactRow.id == t.contact_id)
        .where(*_due(today, after))
        .order_by(*DUE_ORDER)
    )
    if window is not None:
        # The window's ids from the index alone: an OFFSET on the joined rows would
        # read every row it skips (75 ms instead of 5 at the 8,000th of 17,000).
        start, stop = window
        ids = select(t.id).where(*_due(today, after)).order_by(*DUE_ORDER)
        query = query.where(t.id.in_(ids.offset(start).limit(max(stop - start, 0))))
    return [
        (
            Touch(
                id=row[0],
                contact_id=row[1],
                playbook=row[2],
                step=row[3],
                due=row[4],
                channel=CHANNELS[row[5]],
                priority=row[6],
                run_id=row[7],
                attempt=row[8],
                is_issue=row[9],
                order_id=row[10],
                title=row[11],
                time=row[12],
            ),
            row[13],
            row[14],
            bool(row[15]),
        )
        # Core rows, not the ORM's: its row processing was half of a reload at 7,000 due.
        for row in session.connection().execute(query)
    ]


CHANNELS = {channel.value: channel for channel in Channel}
"""Channel by its stored value: a dict lookup, not an Enum call, thousands a reload."""


def last_activity(session: Session, contact: Contact) -> date:
    """The latest of: added, last order, last touch that got through."""
    last_order = session.scalar(
        select(func.max(OrderRow.ordered_on)).where(OrderRow.contact_id == contact.id)
    )
    last_reached = session.scalar(
        select(func.max(OutcomeRow.occurred_on)).where(
            OutcomeRow.contact_id == contact.id,
            OutcomeRow.reach.in_(["reached", "texted", "emailed", "card-sent"]),
        )
    )
    candidates = [d for d in (contact.created_on, last_order, last_reached) if d is not None]
    return max(candidates) if candidates else date.min


def first_contact_day(session: Session, contact: Contact) -> date:
    """The day they met, else the first call logged with them, else the day added."""
    if contact.met_on is not None:
        return contact.met_on
    first_logged = session.scalar(
        select(func.min(OutcomeRow.occurred_on)).where(OutcomeRow.contact_id == contact.id)
    )
    candidates = [d for d in (first_logged, contact.created_on) if d is not None]
    return min(candidates) if candidates else date.min


def put_setting(session: Session, key: str, value: str) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
