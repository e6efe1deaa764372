"""Backorders: the open ones, their deadlines, a corporate backorder's choice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, OrderLineRow, OrderRow, ProductRow, RunRow
from followup_tui.domain import roles
from followup_tui.domain.model import RunStatus
from followup_tui.domain.orders import followed_after_refund, normalised_skus, reorder_groups
from followup_tui.domain.outcomes import CLOSED_CHOICES, REFUND, SUBSTITUTE
from followup_tui.domain.playbooks import Library
from followup_tui.domain.schedule import Rules, backorder_deadline
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services._runs import begin_run, end_runs


@dataclass(frozen=True)
class Backorder:
    order_id: int
    contact_id: int
    name: str
    sku: str
    product: str
    ordered_on: date
    deadline: date
    corporate: bool
    choice: str | None

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days


def _open_backorder() -> tuple[ColumnElement[bool], ...]:
    """The one rule for an open backorder line (join OrderRow): backordered, neither it
    nor its order delivered, and no substitute or refund chosen. The backorders view and
    a contact's deadlines both ask this, so a closed one never shows its deadline."""
    return (
        OrderLineRow.backordered == True,  # noqa: E712 - SQL, not Python truth
        OrderLineRow.delivered_on.is_(None),
        OrderRow.delivered_on.is_(None),
        or_(
            OrderLineRow.backorder_choice.is_(None),
            OrderLineRow.backorder_choice.not_in(CLOSED_CHOICES),
        ),
    )


def backorder_deadlines(
    session: Session, contact_id: int, country: str | None = None
) -> dict[int, date]:
    """order id -> deadline, for a contact's orders with an open backorder line."""
    rows = session.execute(
        select(OrderRow.id, OrderRow.ordered_on)
        .join(OrderLineRow, OrderLineRow.order_id == OrderRow.id)
        .where(OrderRow.contact_id == contact_id, *_open_backorder())
        .distinct()
    )
    return {order_id: backorder_deadline(ordered_on, country) for order_id, ordered_on in rows}


def open_backorders(db: Database) -> list[Backorder]:
    """Backordered lines not yet delivered, substituted or refunded: soonest deadline first."""
    with unit.read(db) as (session, _, rules):
        rows = session.execute(
            select(OrderLineRow, OrderRow, ContactRow, ProductRow)
            .join(OrderRow, OrderRow.id == OrderLineRow.order_id)
            .join(ContactRow, ContactRow.id == OrderRow.contact_id)
            .join(ProductRow, ProductRow.sku == OrderLineRow.sku)
            .where(*_open_backorder())
        )
        found = [
            Backorder(
                order_id=order.id,
                contact_id=contact.id,
                name=contact.name,
                sku=line.sku,
                product=product.name,
                ordered_on=order.ordered_on,
                deadline=backorder_deadline(order.ordered_on, rules.country),
                corporate=line.corporate,
                choice=line.backorder_choice,
            )
            for line, order, contact, product in rows
        ]
    return sorted(found, key=lambda b: (b.deadline, b.name, b.sku))


def record_backorder_choice(
    session: Session,
    library: Library,
    rules: Rules,
    order_id: int,
    choice: str,
    today: date,
    *,
    replacement: str | None = None,
) -> None:
    """Wait, substitute or refund, on a corporate backorder. Waiting keeps a deadline check;
    a substitute (`replacement`, a sku) becomes the order's line, and her calls are about it."""
    order = session.get(OrderRow, order_id)
    if order is None:
        return
    waiting = [
        line
        for line in order.lines
        if line.backordered and line.corporate and line.delivered_on is None
    ]
    for line in waiting:
        line.backorder_choice = choice
    if choice == SUBSTITUTE and replacement is not None:
        _substitute(session, library, rules, order, waiting, replacement, today)
    if choice == REFUND:
        _stop_following_refunded(session, order, today)
    if choice == "wait":
        begin_run(
            session,
            library,
            order.contact_id,
            roles.BACKORDER,
            order.ordered_on,
            today,
            rules,
            order_id=order_id,
        )


REFUNDED = "refunded before it arrived"
SUBSTITUTED = "substituted"


def _substitute(
    session: Session,
    library: Library,
    rules: Rules,
    order: OrderRow,
    waiting: list[OrderLineRow],
    replacement: str,
    today: date,
) -> None:
    """The replacement takes the backordered line's place (its price too): what she
    will have is what her calls and her reorder day are about."""
    [sku] = normalised_skus([replacement])
    product = repo.products(session, [sku]).get(sku)
    if product is None:
        raise InputError(f"no product with sku {sku}: `followup products` lists them")
    for line in waiting:
        # Still marked a corporate backorder, closed by the choice: history says so.
        line.sku, line.unit_price_cents = sku, product.price_cents
    has = repo.products(session, [line.sku for line in order.lines])
    days = set(reorder_groups(list(has.values())))
    reorders = session.scalars(
        select(RunRow).where(
            RunRow.order_id == order.id,
            RunRow.status == RunStatus.ACTIVE.value,
            RunRow.playbook == roles.REORDER,
        )
    ).all()
    gone = [run.id for run in reorders if run.reorder_day not in days]
    if gone:
        end_runs(session, order.contact_id, today, SUBSTITUTED, run_ids=gone)
    kept = {run.reorder_day for run in reorders if run.reorder_day in days}
    for day in sorted(days - kept):
        begin_run(
            session,
            library,
            order.contact_id,
            roles.REORDER,
            order.ordered_on,
            today,
            rules,
            category=product.category,
            order_id=order.id,
            reorder_day=day,
        )


def _stop_following_refunded(session: Session, order: OrderRow, today: date) -> None:
    """A refunded product is not followed as if she had it: the order's own calls end
    when nothing of it is coming, and a reorder call for a day only refunded products
    ran out on ends either way. The corporate-backorder call itself ends on its own."""
    followed = followed_after_refund(
        (line.product.reorder_day, line.backorder_choice == REFUND) for line in order.lines
    )
    runs = session.scalars(
        select(RunRow).where(
            RunRow.order_id == order.id,
            RunRow.status == RunStatus.ACTIVE.value,
            RunRow.playbook != roles.CORPORATE_BACKORDER,
        )
    ).all()
    stopped = [
        run.id
        for run in runs
        if not followed.anything
        or (run.playbook == roles.REORDER and run.reorder_day not in followed.reorder_days)
    ]
    if stopped:
        end_runs(session, order.contact_id, today, REFUNDED, run_ids=stopped)
