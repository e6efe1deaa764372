"""The rest of the book, simulated with the pure engine and written in bulk."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from followup_tui.db import repository
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    FactRow,
    KindChangeRow,
    NoteRow,
    OrderLineRow,
    OrderRow,
    OutcomeRow,
    RunRow,
    TouchRow,
)
from followup_tui.demo.names import FACTS, FIRST, KIND_WEIGHTS, LAST, LEVELS, NOTES, PLACES
from followup_tui.demo.story import MAX_WORKED_PER_CONTACT
from followup_tui.domain import roles
from followup_tui.domain.model import (
    Category,
    Contact,
    Kind,
    Level,
    Outcome,
    Product,
    Reach,
    Run,
    RunStatus,
    Said,
    Touch,
    TouchStatus,
)
from followup_tui.domain.playbooks import Library
from followup_tui.domain.rhythm import fallback_key
from followup_tui.domain.schedule import PlannedTouch, Rules, plan_outcome, start_run
from followup_tui.services import settings

MAX_SIMULATED_TOUCHES = 400


MAX_RUNS_PER_CONTACT = 4


BATCH = 5_000


@dataclass
class _Ids:
    contact: int
    run: int
    touch: int
    order: int


# --- the bulk ------------------------------------------------------------------------
def simulate_book(
    db: Database,
    count: int,
    today: date,
    library: Library,
    rng: random.Random,
    progress: Callable[[int], None],
) -> None:
    rules = settings.load_settings(db).rules
    with db.read() as session:
        products = [
            Product(p.sku, p.name, p.category, p.reorder_day)
            for p in repository.products(session).values()
        ]
        ids = _Ids(
            contact=(session.scalar(select(func.max(ContactRow.id))) or 0) + 1,
            run=(session.scalar(select(func.max(RunRow.id))) or 0) + 1,
            touch=(session.scalar(select(func.max(TouchRow.id))) or 0) + 1,
            order=(session.scalar(select(func.max(OrderRow.id))) or 0) + 1,
        )
    reorderable = [p for p in products if p.reorder_day]
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    now = datetime(today.year, today.month, today.day, 9)
    tables: dict[str, list[dict[str, Any]]] = {}

    def put(table: str, **row: Any) -> None:
        tables.setdefault(table, []).append(row)

    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        do_not_contact = rng.random() < 0.01
        level = rng.choice(LEVELS) if kind is Kind.TEAM else None
        cid = ids.contact
        ids.contact += 1
        added = today - timedelta(days=rng.randint(1, 540))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        put(
            "contacts",
            id=cid,
            name=name,
            kind=kind.value,
            team_level=level.value if level else None,
            phone=f"+1202555{(n * 7919) % 10000:04d}" if rng.random() < 0.85 else None,
            email=(
                f"{name.lower().replace(' ', '.')}{n}@example.com" if rng.random() < 0.6 else None
            ),
            met_at=rng.choice(PLACES) if rng.random() < 0.7 else None,
            met_on=added if kind is Kind.LEAD else None,
            referred_by_id=None,
            do_not_contact=do_not_contact,
            discreet=False,
            is_me=False,
            created_on=added,
            said_no_on=None,
        )
        put(
            "kind_changes",
            contact_id=cid,
            kind=kind.value,
            team_level=level.value if level else None,
            changed_on=added,
            reason="added",
        )
        for key in rng.sample(list(FACTS), rng.randint(0, 3)):
            put("facts", contact_id=cid, key=key, value=rng.choice(FACTS[key]), noted_on=added)
        if rng.random() < 0.3:
            put("notes", contact_id=cid, body=rng.choice(NOTES), written_on=added, created_at=now)

        run_kw: dict[str, Any] = {}
        playbook = library.start_for(kind, level)
        if kind is Kind.CUSTOMER:
            product = rng.choice(reorderable)
            ordered = added
            put(
                "orders",
                id=ids.order,
                contact_id=cid,
                ordered_on=ordered,
                delivered_on=ordered + timedelta(days=6),
                party_id=None,
            )
            put(
                "order_lines",
                order_id=ids.order,
                sku=product.sku,
                quantity=1,
                backordered=False,
                corporate=False,
                delivered_on=None,
            )
            run_kw = {"category": product.category, "order_id": ids.order}
            reorder_kw = {**run_kw, "reorder_day": product.reorder_day}
            ids.order += 1
            playbook = "new-customer"
        # A few are left overdue, as in any real week.
        cutoff = today - timedelta(days=rng.randint(1, 6)) if rng.random() < 0.04 else today
        if not do_not_contact and kind is Kind.CUSTOMER:
            _reorder_track(put, ids, library, rules, cid, added, cutoff, reorder_kw)
        # Each contact's history draws from a generator of its own: a change to one
        # playbook changes the histories it runs in, not the whole demo after them.
        life = random.Random(rng.getrandbits(64))
        if not do_not_contact:
            said_no_on = _simulate(
                put,
                ids,
                library,
                rules,
                life,
                cid,
                kind,
                level,
                playbook,
                added,
                cutoff,
                today,
                run_kw,
            )
            tables["contacts"][-1]["said_no_on"] = said_no_on
        if (n + 1) % BATCH == 0:
            _flush(db, tables)
        if (n + 1) % max(1, count // 100) == 0:
            progress(n + 1)
    _flush(db, tables)
    progress(count)


def _simulate(
    put: Any,
    ids: _Ids,
    library: Library,
    rules: Rules,
    rng: random.Random,
    cid: int,
    kind: Kind,
    level: Level | None,
    playbook: str,
    anchor: date,
    cutoff: date,
    today: date,
    run_kw: dict[str, Any],
) -> date | None:
    """Work a contact's touches forward on their due dates until the cutoff.

    Only the last few worked touches are kept as history, so a weekly rhythm over
    a year and a half does not swamp the database. Returns the day she said "not
    interested", when that was her last word.
    """
    said_no_on: date | None = None
    history: deque[tuple[int, PlannedTouch, Outcome]] = deque(maxlen=MAX_WORKED_PER_CONTACT)
    for _ in range(MAX_RUNS_PER_CONTACT):
        run = Run(id=ids.run, contact_id=cid, playbook=playbook, anchor=anchor, **run_kw)
        ids.run += 1
        touches = start_run(library[playbook], run, anchor, rules)
        for _ in range(MAX_SIMULATED_TOUCHES):
            if not touches or touches[0].due >= cutoff:
                break
            planned = touches[0]
            outcome = _random_outcome(rng)
            touch = _touch(0, cid, planned)
            plan = plan_outcome(library[playbook], run, touch, outcome, planned.due, rules)
            history.append((run.id, planned, outcome))
            run = plan.run or run
            touches = list(plan.touches) + touches[1:]
            if outcome.said is not None:
                said_no_on = planned.due if plan.not_interested else None
        _put_run(put, run, anchor, not touches, cutoff)
        for planned in touches:
            _put_touch(put, ids, cid, run.id, planned, TouchStatus.PENDING, None, run.order_id)
        if touches:
            break
        # Playbook over: the kind's rhythm takes over from the last day worked.
        contact = Contact(id=cid, name="", kind=kind, level=level)
        playbook = library.fallback_for(
            fallback_key(contact, cutoff, today, rules, not_interested=said_no_on is not None)
        )
        anchor = history[-1][1].due if history else anchor
        run_kw = {}
    for run_id, planned, outcome in history:
        touch_id = ids.touch
        _put_touch(put, ids, cid, run_id, planned, TouchStatus.DONE, planned.due)
        put(
            "outcomes",
            touch_id=touch_id,
            contact_id=cid,
            reach=outcome.reach.value,
            said=outcome.said.value if outcome.said else None,
            said_date=None,
            note=None,
            occurred_on=planned.due,
            created_at=datetime(planned.due.year, planned.due.month, planned.due.day, 10),
        )
    return said_no_on


def _reorder_track(
    put: Any,
    ids: _Ids,
    library: Library,
    rules: Rules,
    cid: int,
    ordered: date,
    cutoff: date,
    run_kw: dict[str, Any],
) -> None:
    """A first order's reorder call, on its own track: made on its day, or waiting."""
    playbook = library[roles.REORDER]
    run = Run(id=ids.run, contact_id=cid, playbook=playbook.slug, anchor=ordered, **run_kw)
    ids.run += 1
    (planned,) = start_run(playbook, run, ordered, rules)
    worked = planned.due < cutoff
    _put_run(put, run, ordered, worked, planned.due)
    if not worked:
        _put_touch(put, ids, cid, run.id, planned, TouchStatus.PENDING, None, run.order_id)
        return
    touch_id = ids.touch
    _put_touch(put, ids, cid, run.id, planned, TouchStatus.DONE, planned.due, run.order_id)
    put(
        "outcomes",
        touch_id=touch_id,
        contact_id=cid,
        reach=Reach.REACHED.value,
        said=Said.ALL_GOOD.value,
        said_date=None,
        note=None,
        occurred_on=planned.due,
        created_at=datetime(planned.due.year, planned.due.month, planned.due.day, 10),
    )


def _random_outcome(rng: random.Random) -> Outcome:
    roll = rng.random()
    if roll < 0.12:
        return Outcome(Reach.NO_ANSWER)
    if roll < 0.2:
        return Outcome(Reach.VOICEMAIL)
    if roll < 0.23:
        return Outcome(Reach.REACHED, Said.ISSUE)
    if roll < 0.25:
        return Outcome(Reach.REACHED, Said.NOT_INTERESTED)
    return Outcome(Reach.REACHED, Said.ALL_GOOD)


def _touch(touch_id: int, cid: int, planned: PlannedTouch) -> Touch:
    return Touch(
        id=touch_id,
        contact_id=cid,
        playbook=planned.playbook,
        step=planned.step,
        due=planned.due,
        channel=planned.channel,
        priority=planned.priority,
        attempt=planned.attempt,
        is_issue=planned.is_issue,
    )


def _put_touch(
    put: Any,
    ids: _Ids,
    cid: int,
    run_id: int,
    planned: PlannedTouch,
    status: TouchStatus,
    closed: date | None,
    order_id: int | None = None,
) -> None:
    put(
        "touches",
        id=ids.touch,
        contact_id=cid,
        run_id=run_id,
        playbook=planned.playbook,
        step=planned.step,
        title=planned.title,
        due_on=planned.due,
        channel=planned.channel.value,
        priority=planned.priority,
        status=status.value,
        attempt=planned.attempt,
        is_issue=planned.is_issue,
        order_id=order_id,
        created_on=planned.due,
        from_outcome_id=None,
        closed_on=closed,
        close_reason=None,
    )
    ids.touch += 1


def _put_run(put: Any, run: Run, started: date, ended: bool, cutoff: date) -> None:
    put(
        "runs",
        id=run.id,
        contact_id=run.contact_id,
        playbook=run.playbook,
        track=run.track,
        anchor_on=run.anchor,
        position=run.position,
        status=(RunStatus.ENDED if ended else RunStatus.ACTIVE).value,
        category=run.category.value if isinstance(run.category, Category) else None,
        order_id=run.order_id,
        reorder_day=run.reorder_day,
        delivery_on=run.delivery,
        party_id=None,
        event_id=None,
        issue_open=run.issue_open,
        had_issue=run.had_issue,
        asked_callback=run.asked_callback,
        flags=" ".join(sorted(run.flags)),
        started_on=started,
        ended_on=cutoff if ended else None,
        ended_reason="finished" if ended else None,
    )


TABLE_ROWS = {
    "contacts": ContactRow,
    "kind_changes": KindChangeRow,
    "facts": FactRow,
    "notes": NoteRow,
    "orders": OrderRow,
    "order_lines": OrderLineRow,
    "runs": RunRow,
    "touches": TouchRow,
    "outcomes": OutcomeRow,
}


def _flush(db: Database, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Write what was simulated, parents before children, in one transaction."""
    with db.begin() as session:
        for name, model in TABLE_ROWS.items():
            rows = tables.get(name)
            if rows:
                session.execute(insert(model), rows)
    tables.clear()
