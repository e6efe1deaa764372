"""Orders: recording one (and the calls it brings), deliveries, the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import OrderLineRow, OrderRow, RunRow, TouchRow
from followup_tui.domain import roles
from followup_tui.domain.model import Category, Kind, Product, Run, RunStatus, TouchStatus
from followup_tui.domain.orders import (
    BECOME_CUSTOMER_ON_ORDER,
    check_order,
    main_category,
    normalised_skus,
    reorder_groups,
)
from followup_tui.domain.playbooks import Library, Playbook, Step
from followup_tui.domain.schedule import Rules, nominal_due
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services._runs import (
    begin_run,
    change_kind,
    contact_row_by_id,
    end_lapsed,
    end_runs,
    ensure_next_touch,
    skip_step,
)
from followup_tui.services.parties import add_guest_row, guest_row, party_row_by_id


def record_order(
    db: Database,
    contact_id: int,
    skus: list[str],
    today: date,
    *,
    ordered_on: date | None = None,
    backorders: Iterable[str] = (),
    corporate: bool = False,
    delivered_on: date | None = None,
    party_id: int | None = None,
    library: Library | None = None,
) -> int:
    with unit.write(db, library) as (session, library, rules):
        return _record_order(
            session,
            library,
            rules,
            contact_id,
            skus,
            today,
            ordered_on=ordered_on or today,
            backorders=set(backorders),
            corporate=corporate,
            delivered_on=delivered_on,
            party_id=party_id,
        )


def _record_order(
    session: Session,
    library: Library,
    rules: Rules,
    contact_id: int,
    skus: list[str],
    today: date,
    *,
    ordered_on: date,
    backorders: set[str],
    corporate: bool,
    delivered_on: date | None,
    party_id: int | None = None,
    from_outcome_id: int | None = None,
) -> int:
    row = contact_row_by_id(session, contact_id)
    skus = normalised_skus(skus)
    backorders = set(normalised_skus(backorders))
    catalogue = repo.products(session, skus) if skus else {}
    check_order(
        skus,
        catalogue,
        backorders,
        corporate=corporate,
        ordered_on=ordered_on,
        delivered_on=delivered_on,
        today=today,
    )
    party = party_row_by_id(session, party_id) if party_id is not None else None
    first_order = (
        session.scalar(select(func.count(OrderRow.id)).where(OrderRow.contact_id == contact_id))
        == 0
    )
    order = OrderRow(
        contact_id=contact_id, ordered_on=ordered_on, delivered_on=delivered_on, party_id=party_id
    )
    quantities: dict[str, int] = {}
    for sku in skus:
        quantities[sku] = quantities.get(sku, 0) + 1
    order.lines = [
        OrderLineRow(
            sku=sku,
            quantity=qty,
            backordered=sku in backorders,
            corporate=corporate and sku in backorders,
            unit_price_cents=catalogue[sku].price_cents,
        )
        for sku, qty in quantities.items()
    ]
    session.add(order)
    session.flush()

    products = [catalogue[s] for s in quantities]
    category = main_category(products)
    # Her own orders make her no customer of hers.
    if Kind(row.kind) in BECOME_CUSTOMER_ON_ORDER and not row.is_me:
        change_kind(session, row, Kind.CUSTOMER, None, today, "first order")
    # An order on the party's sheet is from someone on its guest list: a friend who
    # ordered through the hostess gets the morning-after call too, and her sales show on
    # a guest row, so the rows add up to the party's total.
    if (
        party is not None
        and party.hostess_id != contact_id
        and guest_row(session, party.id, contact_id) is None
    ):
        add_guest_row(session, library, rules, party, row, today)
    if row.do_not_contact or row.is_me:
        return order.id
    row.said_no_on = None  # she ordered: her "not interested" is behind her
    end_runs(session, contact_id, today, "ordered", playbooks=roles.SUPERSEDED_BY_ORDER)

    def start(playbook: str, anchor: date, **kw: Any) -> None:
        begin_run(
            session,
            library,
            contact_id,
            playbook,
            anchor,
            today,
            rules,
            order_id=order.id,
            from_outcome_id=from_outcome_id,
            **kw,
        )

    _end_reorders_for(session, contact_id, set(quantities), order.id, today)
    groups = reorder_groups(products)
    if party is not None:
        # A party guest's order has its own calls: placed, delivered, thanks, two weeks.
        start(roles.PARTY_GUEST, ordered_on, category=category, party_id=party.id)
        if delivered_on is not None:
            _set_delivery(session, library, rules, order.id, delivered_on, today)
    elif first_order:
        start(roles.NEW_CUSTOMER, ordered_on, category=category)
    # The reorder is its own track, on the product's day whatever the welcome calls do:
    # the product runs out regardless.
    for day in groups:
        if not _reorder_due_already(session, contact_id, ordered_on + timedelta(days=day)):
            start(roles.REORDER, ordered_on, category=category, reorder_day=day)
    for sku in sorted(backorders):
        if corporate:
            start(roles.CORPORATE_BACKORDER, today, category=catalogue[sku].category)
        else:
            start(roles.BACKORDER, ordered_on, category=catalogue[sku].category)
    _order_news_on_the_morning_after(session, library, rules, contact_id, order.id, today)
    end_lapsed(session, library, rules, contact_id, today, today)
    ensure_next_touch(session, library, row, today, rules)
    return order.id


def _order_news_on_the_morning_after(
    session: Session,
    library: Library,
    rules: Rules,
    contact_id: int,
    order_id: int,
    today: date,
) -> None:
    """Someone who orders at a party, guest or hostess, hears about her order on her
    morning-after call: one call that morning, not two. The order's first call, due from
    the party day to that call, is said on it; the order's playbook goes on from there."""
    calls = session.execute(
        select(TouchRow.due_on, RunRow.anchor_on)
        .join(RunRow, RunRow.id == TouchRow.run_id)
        .where(
            TouchRow.contact_id == contact_id,
            TouchRow.status == repo.PENDING,
            TouchRow.step.in_(roles.MORNING_AFTER_STEPS),
            RunRow.playbook == roles.PARTY,
        )
    ).all()
    for morning_after, party_day in calls:
        for touch in session.scalars(
            select(TouchRow).where(
                TouchRow.contact_id == contact_id,
                TouchRow.status == repo.PENDING,
                TouchRow.order_id == order_id,
                TouchRow.step.in_(roles.ORDER_NEWS_STEPS),
                TouchRow.due_on >= party_day,
                TouchRow.due_on <= morning_after,
            )
        ):
            skip_step(session, library, rules, touch, "said on the morning-after call", today)


def _end_reorders_for(
    session: Session, contact_id: int, skus: set[str], new_order_id: int, today: date
) -> None:
    """Reordered: the reorder calls of earlier orders for the same products are done."""
    pending = session.execute(
        select(TouchRow, RunRow)
        .join(RunRow, RunRow.id == TouchRow.run_id)
        .where(
            TouchRow.contact_id == contact_id,
            TouchRow.status == repo.PENDING,
            TouchRow.step == roles.REORDER_STEP,
            RunRow.order_id != new_order_id,
        )
    )
    ended = []
    for _touch, run in pending:
        order = session.get(OrderRow, run.order_id) if run.order_id else None
        if order is not None and skus & {line.sku for line in order.lines}:
            ended.append(run.id)
    if ended:
        end_runs(session, contact_id, today, "reordered", run_ids=ended)


def _reorder_due_already(session: Session, contact_id: int, when: date) -> bool:
    """Another order already has a reorder call that day: merge into it."""
    runs = session.scalars(
        select(RunRow).where(
            RunRow.contact_id == contact_id,
            RunRow.status == RunStatus.ACTIVE.value,
            RunRow.playbook.in_(roles.REORDER_PLAYBOOKS),
            RunRow.reorder_day.is_not(None),
        )
    )
    return any(run.anchor_on + timedelta(days=run.reorder_day or 0) == when for run in runs)


def repeat_order(
    session: Session,
    library: Library,
    rules: Rules,
    contact_id: int,
    run: Run,
    today: date,
    outcome_id: int,
    skus: list[str] | None = None,
) -> int | None:
    """Wants to reorder: the products she names (`skus`, one per item), else the same
    products again; without restarting new-customer."""
    if not skus:
        source = repo.order(session, run.order_id) if run.order_id else None
        if source is None:
            previous = repo.orders(session, contact_id)
            source = previous[0] if previous else None
        if source is None:
            raise InputError("no earlier order to repeat: say what she orders (--sku SKU)")
        skus = [line.sku for line in source.lines for _ in range(line.quantity)]
    return _record_order(
        session,
        library,
        rules,
        contact_id,
        skus,
        today,
        ordered_on=today,
        backorders=set(),
        corporate=False,
        delivered_on=None,
        from_outcome_id=outcome_id,
    )


@dataclass(frozen=True)
class ReorderOffer:
    """What the order form offers for a reorder: her last order again, its products first."""

    products: list[Product]
    """The catalogue, the products she has ordered before first (most recent first)."""
    last_order: list[str]
    """Her last order's skus, one per item: the lines the form starts with."""


def reorder_offer(db: Database, contact_id: int) -> ReorderOffer:
    with db.read() as session:
        products = list(repo.products(session).values())
        previous = repo.orders(session, contact_id)
    hers: list[str] = []
    for order in previous:
        hers += [line.sku for line in order.lines if line.sku not in hers]
    rank = {sku: i for i, sku in enumerate(hers)}
    products.sort(key=lambda p: rank.get(p.sku, len(rank)))
    last = (
        [line.sku for line in previous[0].lines for _ in range(line.quantity)] if previous else []
    )
    return ReorderOffer(products, last)


def catalogue(db: Database, category: Category | None = None) -> list[Product]:
    with db.read() as session:
        products = list(repo.products(session).values())
    return [p for p in products if category is None or p.category is category]


def mark_delivered(
    db: Database, order_id: int, on: date, today: date, library: Library | None = None
) -> None:
    """The order arrived: its backorder calls end, its after-delivery calls move to fit."""
    if on > today:
        raise InputError("a delivery cannot be dated in the future")
    with unit.write(db, library) as (session, library, rules):
        order = session.get(OrderRow, order_id)
        if order is None:
            raise InputError(f"no order with id {order_id}")
        if on < order.ordered_on:
            raise InputError("delivery cannot come before the order")
        order.delivered_on = on
        for line in order.lines:
            line.delivered_on = line.delivered_on or on
        ended = session.scalars(
            select(RunRow.id).where(
                RunRow.order_id == order_id, RunRow.playbook.in_(roles.BACKORDER_PLAYBOOKS)
            )
        )
        end_runs(session, order.contact_id, today, "delivered", run_ids=list(ended))
        _set_delivery(session, library, rules, order_id, on, today)
        ensure_next_touch(
            session, library, contact_row_by_id(session, order.contact_id), today, rules
        )


def _set_delivery(
    session: Session, library: Library, rules: Rules, order_id: int, on: date, today: date
) -> None:
    """Runs counting from delivery now count from the real date; pending touches follow."""
    runs = session.scalars(
        select(RunRow).where(RunRow.order_id == order_id, RunRow.status == RunStatus.ACTIVE.value)
    )
    for run in runs:
        run.delivery_on = on
        playbook = library[run.playbook]
        for touch in session.scalars(
            select(TouchRow).where(TouchRow.run_id == run.id, TouchRow.status == repo.PENDING)
        ):
            step = _find_step(playbook, touch.step)
            if step is not None and step.base == "delivery":
                touch.due_on = max(nominal_due(step, repo.to_run(run), rules), today)


def _find_step(playbook: Playbook, slug: str) -> Step | None:
    try:
        return playbook.step(slug)
    except KeyError:
        return None


FOLDED = "folded into the reorder call"


def fold_welcome_calls(db: Database, today: date) -> int:
    """On a product's reorder day, the welcome calls of its order never worked by then
    are said on the reorder call: they end, with that reason, instead of piling up in
    front of it. Answers how many were folded. A read first: most days nothing is due,
    and the write lock is taken only when something is."""
    with db.read() as session:
        if not _welcome_to_fold(session, today):
            return 0
    with db.begin() as session:
        folded = _welcome_to_fold(session, today)
        runs = set()
        for touch in folded:
            touch.status = TouchStatus.ENDED.value
            touch.closed_on, touch.close_reason = today, FOLDED
            if touch.run_id is not None:
                runs.add(touch.run_id)
        for run_id in sorted(runs):
            run = session.get(RunRow, run_id)
            if run is not None and run.status == RunStatus.ACTIVE.value:
                end_runs(session, run.contact_id, today, FOLDED, run_ids=[run_id])
        return len(folded)


def _welcome_to_fold(session: Session, today: date) -> list[TouchRow]:
    reorder = aliased(TouchRow)
    return list(
        session.scalars(
            select(TouchRow)
            .join(
                reorder,
                (reorder.contact_id == TouchRow.contact_id)
                & (reorder.order_id == TouchRow.order_id),
            )
            .where(
                reorder.status == repo.PENDING,
                reorder.due_on <= today,
                reorder.step == roles.REORDER_STEP,
                TouchRow.status == repo.PENDING,
                TouchRow.playbook == roles.NEW_CUSTOMER,
                TouchRow.is_issue == False,  # noqa: E712 - an open issue is still chased
                TouchRow.due_on <= reorder.due_on,
            )
            .distinct()
        )
    )
