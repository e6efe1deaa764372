"""One function per user action: a unit of work that loads, asks the domain, and saves.

Every function here runs in one transaction: it all lands, or none of it does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Table, func, insert, or_, select, update
from sqlalchemy.orm import Session

from followup_tui.adding import add_contact as add_contact
from followup_tui.adding import (
    insert_contact,
    run_values,
    team_level,
    team_level_value,
    touch_values,
)
from followup_tui.adding import load_settings as load_settings
from followup_tui.config import Settings
from followup_tui.db import repository as repo
from followup_tui.db import tables
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    EventRow,
    FactRow,
    KindChangeRow,
    NoteRow,
    OrderLineRow,
    OrderRow,
    OutcomeRow,
    PartyGuestRow,
    PartyRow,
    ProductRow,
    RunRow,
    TouchRow,
)
from followup_tui.domain.glance import Quiet, going_quiet, week_of
from followup_tui.domain.model import (
    Category,
    Contact,
    Kind,
    Level,
    Order,
    Outcome,
    Product,
    Reach,
    Run,
    RunStatus,
    Said,
    Touch,
    TouchStatus,
)

# Re-exported: the values the UI and the CLI hand to these actions.
from followup_tui.domain.model import ContactChanges as ContactChanges
from followup_tui.domain.model import NewContact as NewContact
from followup_tui.domain.playbooks import Library, Playbook, Step, default_library
from followup_tui.domain.schedule import (
    MEETING_FLAG,
    PlannedTouch,
    Rules,
    backorder_deadline,
    derived_state,
    fallback_key,
    lapsed_steps,
    nominal_due,
    plan_outcome,
    start_run,
    touch_title,
)
from followup_tui.domain.schedule import (
    priority as priority_of,
)
from followup_tui.domain.scripts import RenderedScript, render, script_for
from followup_tui.domain.today import DayCounts as DayCounts
from followup_tui.domain.today import DueTouch, todays_order
from followup_tui.errors import InputError

if TYPE_CHECKING:
    # Import planning is only needed by imports: `followup add` does not pay for it.
    from followup_tui.transfer.plan import ImportPlan, Incoming, Known

# When a contact orders, the playbooks that kept a not-yet (or no-longer) customer warm stop.
SUPERSEDED_BY_ORDER = frozenset(
    {"lead", "customer-care", "reconnect", "inactive-customer", "past-client", "circle"}
)
BECOME_CUSTOMER_ON_ORDER = frozenset({Kind.LEAD, Kind.PROSPECT, Kind.REFERRAL, Kind.CIRCLE})
LEAD_DECISION_TOUCHES = 7


@dataclass(frozen=True)
class Scheduled:
    touch_id: int
    contact_id: int
    name: str
    title: str
    due: date


@dataclass(frozen=True)
class Logged:
    outcome_id: int
    scheduled: tuple[Scheduled, ...]
    """The touches this log scheduled that are still pending (for anyone: a referral's
    first call too). One it planned and ended at once (a lead's next call, given way to
    the hostess playbook) is not news."""
    new_contact_id: int | None = None
    new_order_id: int | None = None
    undo: UndoLog | None = None
    next_up: tuple[Scheduled, ...] = ()
    """The logged contact's next pending touches after the log (all those due on the
    soonest day), whether this log scheduled them or they were already waiting."""

    @property
    def what_next(self) -> tuple[Scheduled, ...]:
        """What to say is next: what the log scheduled, else what was already waiting."""
        return self.scheduled or self.next_up


@dataclass(frozen=True)
class HistoryEntry:
    occurred_on: date
    title: str
    reach: Reach
    said: Said | None
    note: str | None
    said_date: date | None = None
    """The date said with not-started (starts on), call-on (call then) or meeting."""

    @property
    def said_words(self) -> str | None:
        """What was said, with its date: "not-started, starts 2026-12-05"."""
        if self.said is None:
            return None
        if self.said_date is None:
            return self.said.value
        day = self.said_date.isoformat()
        words = {
            Said.NOT_STARTED: f"starts {day}",
            Said.CALL_ON: f"call {day}",
            Said.MEETING: f"meets {day}",
        }.get(self.said, day)
        return f"{self.said.value}, {words}"


@dataclass(frozen=True)
class Note:
    written_on: date
    body: str


@dataclass(frozen=True)
class PendingTouch:
    touch: Touch
    title: str


@dataclass(frozen=True)
class ContactDetail:
    contact: Contact
    facts: dict[str, str]
    notes: list[Note]
    pending: list[PendingTouch]
    history: list[HistoryEntry]
    orders: list[Order]
    kind_history: list[tuple[date, str, str]]
    referred_by: str | None
    derived: str | None
    touches_had: int
    decision_touches: int = LEAD_DECISION_TOUCHES
    deadlines: dict[int, date] = field(default_factory=dict)
    """order id -> backorder deadline, for orders with a backordered line still open."""
    today: date | None = None

    def days_left(self, deadline: date) -> int:
        return (deadline - (self.today or deadline)).days


# --- settings ------------------------------------------------------------------------


def save_settings(db: Database, settings: Settings) -> None:
    with db.begin() as session:
        for key, value in settings.as_pairs().items():
            repo.put_setting(session, key, value)


# --- internals -----------------------------------------------------------------------


def _now() -> datetime:
    # Only a timestamp for ordering rows written the same day; "today" comes from clock.
    return datetime.now()


def _insert_touches(
    session: Session,
    contact_id: int,
    run_id: int | None,
    planned: Iterable[PlannedTouch],
    today: date,
    *,
    order_id: int | None = None,
    from_outcome_id: int | None = None,
) -> list[TouchRow]:
    contact = session.get(ContactRow, contact_id)
    call_only = contact is not None and contact.discreet
    rows = [
        TouchRow(
            **touch_values(
                contact_id,
                run_id,
                p,
                today,
                call_only=call_only,
                order_id=order_id,
                from_outcome_id=from_outcome_id,
            )
        )
        for p in planned
    ]
    session.add_all(rows)
    session.flush()
    return rows


def _start(
    session: Session,
    library: Library,
    contact_id: int,
    playbook: str,
    anchor: date,
    today: date,
    rules: Rules,
    *,
    category: Category | None = None,
    order_id: int | None = None,
    reorder_day: int | None = None,
    track: str = "steps",
    flags: frozenset[str] = frozenset(),
    from_outcome_id: int | None = None,
    party_id: int | None = None,
    event_id: int | None = None,
) -> list[TouchRow]:
    row = RunRow(
        **run_values(
            contact_id,
            playbook,
            anchor,
            today,
            track=track,
            category=category,
            order_id=order_id,
            reorder_day=reorder_day,
            flags=flags,
            party_id=party_id,
            event_id=event_id,
        )
    )
    session.add(row)
    session.flush()
    planned = start_run(library[playbook], repo.to_run(row), today, rules)
    planned = _one_touch_a_day(session, contact_id, row, planned, today)
    if not planned:
        row.status, row.ended_on, row.ended_reason = RunStatus.ENDED.value, today, "nothing due"
    return _insert_touches(
        session,
        contact_id,
        row.id,
        planned,
        today,
        order_id=order_id,
        from_outcome_id=from_outcome_id,
    )


MERGED = "one touch that day with the weekly one"


def _one_touch_a_day(
    session: Session,
    contact_id: int,
    run_row: RunRow | None,
    planned: Iterable[PlannedTouch],
    today: date,
) -> list[PlannedTouch]:
    """Of `planned` (for `run_row`), what to store so a step is one touch a day.

    An event's touch on a day the weekly rhythm already calls for the same step (the
    event week's Monday text) is one touch, not two, whichever was planned first: the
    rhythm's touch stays, since its run goes on from it, and takes the event's words
    and the more urgent priority; the event's touch gives way.
    """
    mine_is_event = run_row is not None and run_row.track != "steps"
    kept = []
    for touch in planned:
        found = session.execute(
            select(TouchRow, RunRow.track)
            .outerjoin(RunRow, RunRow.id == TouchRow.run_id)
            .where(
                TouchRow.contact_id == contact_id,
                TouchRow.status == repo.PENDING,
                TouchRow.step == touch.step,
                TouchRow.due_on == touch.due,
            )
            .order_by(TouchRow.id)
        ).first()
        if found is None:
            kept.append(touch)
            continue
        other, track = found
        theirs_is_event = track is not None and track != "steps"
        if mine_is_event:
            if not theirs_is_event:
                other.title, other.priority = touch.title, min(other.priority, touch.priority)
            continue
        if theirs_is_event:
            other.status = TouchStatus.ENDED.value
            other.closed_on, other.close_reason = today, MERGED
            event_run = session.get(RunRow, other.run_id) if other.run_id else None
            if event_run is not None and event_run.status == RunStatus.ACTIVE.value:
                _end_if_done(session, event_run, today)
            touch = replace(
                touch,
                title=other.title or touch.title,
                priority=min(other.priority, touch.priority),
            )
        kept.append(touch)
    return kept


def _end_runs(
    session: Session,
    contact_id: int,
    today: date,
    reason: str,
    *,
    playbooks: Iterable[str] | None = None,
    run_ids: Iterable[int] | None = None,
) -> None:
    """End active runs (all, or some) and close their pending touches."""
    query = select(RunRow).where(
        RunRow.contact_id == contact_id, RunRow.status == RunStatus.ACTIVE.value
    )
    if playbooks is not None:
        query = query.where(RunRow.playbook.in_(list(playbooks)))
    if run_ids is not None:
        query = query.where(RunRow.id.in_(list(run_ids)))
    ended = []
    for run in session.scalars(query):
        run.status, run.ended_on, run.ended_reason = RunStatus.ENDED.value, today, reason
        ended.append(run.id)
    touches = update(TouchRow).where(
        TouchRow.contact_id == contact_id, TouchRow.status == repo.PENDING
    )
    if playbooks is not None or run_ids is not None:
        touches = touches.where(TouchRow.run_id.in_(ended))
    session.execute(
        touches.values(status=TouchStatus.ENDED.value, closed_on=today, close_reason=reason)
    )


def _change_kind(
    session: Session, row: ContactRow, kind: Kind, level: Level | None, today: date, reason: str
) -> None:
    if row.kind == kind.value and row.team_level == (level.value if level else None):
        return
    row.kind, row.team_level = kind.value, level.value if level else None
    session.add(
        KindChangeRow(
            contact_id=row.id,
            kind=kind.value,
            team_level=row.team_level,
            changed_on=today,
            reason=reason,
        )
    )


def _ensure_next_touch(
    session: Session,
    library: Library,
    row: ContactRow,
    today: date,
    rules: Rules,
    *,
    not_interested: bool = False,
) -> list[TouchRow]:
    """Every active contact always has a next touch: fall back to its kind's rhythm."""
    contact = repo.to_contact(row)
    if not contact.followed_up or repo.has_pending_touch(session, contact.id):
        return []
    key = fallback_key(
        contact, repo.last_activity(session, contact), today, rules, not_interested=not_interested
    )
    return _start(session, library, contact.id, library.fallback_for(key), today, today, rules)


def _scheduled(
    session: Session, library: Library, rows: Iterable[TouchRow]
) -> tuple[Scheduled, ...]:
    result = []
    for row in rows:
        contact = session.get(ContactRow, row.contact_id)
        result.append(
            Scheduled(
                touch_id=row.id,
                contact_id=row.contact_id,
                name=contact.name if contact else "",
                title=row.title or touch_title(library, row.playbook, row.step),
                due=row.due_on,
            )
        )
    return tuple(result)


def _contact_row(session: Session, contact_id: int) -> ContactRow:
    row = session.get(ContactRow, contact_id)
    if row is None:
        raise InputError(f"no contact with id {contact_id}")
    return row


# --- notes and facts (adding a contact: adding.py) ----------------------------------


def add_note(db: Database, contact_id: int, body: str, today: date) -> None:
    if not body.strip():
        raise InputError("the note is empty")
    with db.begin() as session:
        _contact_row(session, contact_id)
        session.add(NoteRow(contact_id=contact_id, body=body, written_on=today, created_at=_now()))


def set_facts(db: Database, contact_id: int, facts: Iterable[tuple[str, str]], today: date) -> None:
    """Several facts at once, all or none; a key already known gets the new value."""
    with db.begin() as session:
        _contact_row(session, contact_id)
        for key, value in facts:
            repo.set_fact(session, contact_id, key, value, today)


# --- orders --------------------------------------------------------------------------


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
    library = library or default_library()
    rules = load_settings(db).rules
    with db.begin() as session:
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
    row = _contact_row(session, contact_id)
    skus = [s.strip().upper() for s in skus]
    backorders = {s.strip().upper() for s in backorders}
    if not skus:
        raise InputError("an order needs at least one product")
    catalogue = repo.products(session, skus)
    unknown = [s for s in skus if s not in catalogue]
    if unknown:
        raise InputError(f"unknown product {unknown[0]!r}: see `followup products`")
    stray = sorted(backorders - set(skus))
    if stray:
        raise InputError(f"backorder {stray[0]!r} is not in this order")
    if corporate and not backorders:
        raise InputError("--corporate needs at least one --backorder SKU")
    if ordered_on > today:
        raise InputError("an order cannot be dated in the future")
    if delivered_on is not None and delivered_on > today:
        # As `delivered` says: a date not yet come is a guess, and would move the calls.
        raise InputError("a delivery cannot be dated in the future")
    if delivered_on is not None and delivered_on < ordered_on:
        raise InputError("delivery cannot come before the order")
    party = _party_row(session, party_id) if party_id is not None else None
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
    category = _main_category(products)
    if Kind(row.kind) in BECOME_CUSTOMER_ON_ORDER:
        _change_kind(session, row, Kind.CUSTOMER, None, today, "first order")
    # An order on the party's sheet is from someone on its guest list: a friend who
    # ordered through the hostess gets the morning-after call too, and her sales show on
    # a guest row, so the rows add up to the party's total.
    if (
        party is not None
        and party.hostess_id != contact_id
        and _guest_row(session, party.id, contact_id) is None
    ):
        _add_guest(session, library, rules, party, row, today)
    if row.do_not_contact or row.is_me:
        return order.id
    _end_runs(session, contact_id, today, "ordered", playbooks=SUPERSEDED_BY_ORDER)

    def start(playbook: str, anchor: date, **kw: Any) -> None:
        _start(
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
    groups = _reorder_groups(products)
    if party is not None:
        # A party guest's order has its own calls: placed, delivered, thanks, two weeks.
        start("party-guest", ordered_on, category=category, party_id=party.id)
        if delivered_on is not None:
            _set_delivery(session, library, rules, order.id, delivered_on, today)
    elif first_order:
        first_day = groups.pop(0) if groups else None
        start("new-customer", ordered_on, category=category, reorder_day=first_day)
    for day in groups:
        if not _reorder_due_already(session, contact_id, ordered_on + timedelta(days=day)):
            start("reorder", ordered_on, category=category, reorder_day=day)
    for sku in sorted(backorders):
        if corporate:
            start("corporate-backorder", today, category=catalogue[sku].category)
        else:
            start("backorder", ordered_on, category=catalogue[sku].category)
    _order_news_on_the_morning_after(session, library, rules, contact_id, order.id, today)
    _end_lapsed(session, library, rules, contact_id, today, today)
    _ensure_next_touch(session, library, row, today, rules)
    return order.id


MORNING_AFTER_STEPS = ("morning-after", "guest-morning-after")
ORDER_NEWS_STEPS = ("order-placed", "touch-base")
"""An order's first call: "it is in" at a party, "thank you, started?" for a new customer."""


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
            TouchRow.step.in_(MORNING_AFTER_STEPS),
            RunRow.playbook == "party",
        )
    ).all()
    for morning_after, party_day in calls:
        for touch in session.scalars(
            select(TouchRow).where(
                TouchRow.contact_id == contact_id,
                TouchRow.status == repo.PENDING,
                TouchRow.order_id == order_id,
                TouchRow.step.in_(ORDER_NEWS_STEPS),
                TouchRow.due_on >= party_day,
                TouchRow.due_on <= morning_after,
            )
        ):
            _skip(session, library, rules, touch, "said on the morning-after call", today)


LAPSED = "the day it got ready for has passed"


def _end_lapsed(
    session: Session, library: Library, rules: Rules, contact_id: int, on: date, today: date
) -> None:
    """A contact's calls getting ready for an event that passed by `on` (the hostess's
    "tomorrow's the party" the morning after) end, instead of staying overdue for weeks."""
    runs = session.scalars(
        select(RunRow).where(
            RunRow.contact_id == contact_id, RunRow.status == RunStatus.ACTIVE.value
        )
    ).all()
    for run_row in runs:
        lapsed = lapsed_steps(library[run_row.playbook], repo.to_run(run_row), on, rules)
        if not lapsed:
            continue
        session.execute(
            update(TouchRow)
            .where(
                TouchRow.run_id == run_row.id,
                TouchRow.status == repo.PENDING,
                TouchRow.step.in_(sorted(lapsed)),
            )
            .values(status=TouchStatus.ENDED.value, closed_on=today, close_reason=LAPSED)
        )
        _end_if_done(session, run_row, today)


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
            TouchRow.step == "reorder",
            RunRow.order_id != new_order_id,
        )
    )
    ended = []
    for _touch, run in pending:
        order = session.get(OrderRow, run.order_id) if run.order_id else None
        if order is not None and skus & {line.sku for line in order.lines}:
            ended.append(run.id)
    if ended:
        _end_runs(session, contact_id, today, "reordered", run_ids=ended)


def _reorder_groups(products: list[Product]) -> list[int]:
    """The distinct reorder days, soonest first: products running out the same day
    share one call."""
    return sorted({p.reorder_day for p in products if p.reorder_day is not None})


def _reorder_due_already(session: Session, contact_id: int, when: date) -> bool:
    """Another order already has a reorder call that day: merge into it."""
    runs = session.scalars(
        select(RunRow).where(
            RunRow.contact_id == contact_id,
            RunRow.status == RunStatus.ACTIVE.value,
            RunRow.playbook.in_(["new-customer", "reorder"]),
            RunRow.reorder_day.is_not(None),
        )
    )
    return any(run.anchor_on + timedelta(days=run.reorder_day or 0) == when for run in runs)


def _main_category(products: list[Product]) -> Category | None:
    """The category the follow-up is about: the first that needs checking on."""
    for wanted in (Category.DETOX, Category.NUTRITION, Category.SKINCARE, Category.HOME):
        if any(p.category is wanted for p in products):
            return wanted
    return products[0].category if products else None


# --- parties -------------------------------------------------------------------------


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
    library = library or default_library()
    rules = load_settings(db).rules
    with db.begin() as session:
        hostess = _contact_row(session, hostess_id)
        party = PartyRow(hostess_id=hostess_id, held_on=held_on, place=place)
        session.add(party)
        session.flush()
        if Kind(hostess.kind) is not Kind.TEAM:
            _change_kind(session, hostess, Kind.HOSTESS, None, today, "hosts a party")
        _end_runs(session, hostess_id, today, "party booked", playbooks=["hostess"])
        _start(session, library, hostess_id, "party", held_on, today, rules, party_id=party.id)
        _ensure_next_touch(session, library, hostess, today, rules)
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
    library = library or default_library()
    rules = load_settings(db).rules
    with db.begin() as session:
        party = _party_row(session, party_id)
        guest = _contact_row(session, contact_id)
        if contact_id == party.hostess_id:
            raise InputError(f"{guest.name} is the hostess of this party, not a guest")
        existing = _guest_row(session, party_id, contact_id)
        if existing is not None:
            _set_guest_flags(
                session,
                library,
                existing,
                wants_to_book=existing.wants_to_book or wants_to_book,
                wants_info=existing.wants_info or wants_info,
            )
            return
        _add_guest(
            session,
            library,
            rules,
            party,
            guest,
            today,
            wants_to_book=wants_to_book,
            wants_info=wants_info,
        )


def _party_row(session: Session, party_id: int) -> PartyRow:
    party = session.get(PartyRow, party_id)
    if party is None:
        raise InputError(f"no party with id {party_id}")
    return party


def _guest_row(session: Session, party_id: int, contact_id: int) -> PartyGuestRow | None:
    return session.scalar(
        select(PartyGuestRow).where(
            PartyGuestRow.party_id == party_id, PartyGuestRow.contact_id == contact_id
        )
    )


def _guest_flags(wants_to_book: bool, wants_info: bool) -> frozenset[str]:
    return frozenset(
        f for f, on in (("wants-to-book", wants_to_book), ("wants-info", wants_info)) if on
    )


def _add_guest(
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
    _start(
        session,
        library,
        guest.id,
        "party",
        party.held_on,
        today,
        rules,
        track="guest",
        flags=_guest_flags(wants_to_book, wants_info),
        party_id=party.id,
    )
    _ensure_next_touch(session, library, guest, today, rules)


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
    step = library["party"].step("guest-morning-after")
    for run in session.scalars(
        select(RunRow).where(
            RunRow.party_id == guest.party_id,
            RunRow.contact_id == guest.contact_id,
            RunRow.track == "guest",
        )
    ):
        run.flags = " ".join(sorted(_guest_flags(wants_to_book, wants_info)))
        for touch in session.scalars(
            select(TouchRow).where(TouchRow.run_id == run.id, TouchRow.status == repo.PENDING)
        ):
            touch.priority = priority_of(step, repo.to_run(run))


# --- logging an outcome ----------------------------------------------------------------


def log_outcome(
    db: Database,
    touch_id: int,
    outcome: Outcome,
    today: date,
    *,
    worked_on: date | None = None,
    library: Library | None = None,
) -> Logged:
    library = library or default_library()
    rules = load_settings(db).rules
    worked_on = worked_on or today
    if worked_on > today:
        raise InputError("a touch cannot be logged as worked in the future")
    _check_outcome(outcome, worked_on)
    with db.begin() as session:
        return _log(session, library, rules, touch_id, outcome, today, worked_on)


def _check_outcome(outcome: Outcome, worked_on: date) -> None:
    if outcome.said is not None and outcome.reach is not Reach.REACHED:
        raise InputError(f"what was said ({outcome.said}) needs the reach 'reached'")
    if outcome.said is not None and outcome.said.needs_date:
        if outcome.on is None:
            raise InputError(f"{outcome.said} needs --date YYYY-MM-DD")
        if outcome.on < worked_on:
            raise InputError(f"{outcome.said} needs a date from {worked_on.isoformat()} on")
    elif outcome.on is not None:
        # Taken and ignored, it would look stored: say which outcomes carry a date.
        dated = ", ".join(s.value for s in Said if s.needs_date)
        what = outcome.said.value if outcome.said else outcome.reach.value
        raise InputError(f"{what} takes no --date: only {dated} do")
    if outcome.said is Said.REFERRAL and not (outcome.referral_name or "").strip():
        raise InputError("a referral needs the person's name (--name)")
    if outcome.choice is not None:
        if outcome.choice not in BACKORDER_CHOICES:
            raise InputError(f"the choice is one of {', '.join(BACKORDER_CHOICES)}")
        if outcome.reach is not Reach.REACHED:
            raise InputError("a backorder choice needs the reach 'reached'")


def _log(
    session: Session,
    library: Library,
    rules: Rules,
    touch_id: int,
    outcome: Outcome,
    today: date,
    worked_on: date,
) -> Logged:
    touch_row = session.get(TouchRow, touch_id)
    if touch_row is None:
        raise InputError(f"no touch with id {touch_id}")
    if touch_row.status != repo.PENDING:
        raise InputError(f"touch {touch_id} is already {touch_row.status}")
    # Worked early and logged late is fine; before the playbook even began is a typo.
    run_anchor = session.scalar(select(RunRow.anchor_on).where(RunRow.id == touch_row.run_id))
    earliest = min(d for d in (touch_row.created_on, touch_row.due_on, run_anchor) if d)
    if worked_on < earliest:
        raise InputError(f"touch {touch_id} did not exist before {earliest.isoformat()}")
    contact_row = _contact_row(session, touch_row.contact_id)
    referral_name = None
    if outcome.said is Said.REFERRAL:
        from followup_tui.validation import clean_name

        referral_name = clean_name(outcome.referral_name or "")
    if outcome.choice is not None and touch_row.playbook != "corporate-backorder":
        raise InputError("a choice (wait, substitute, refund) is for a corporate backorder call")
    if outcome.said is Said.MEETING and not library[touch_row.playbook].takes_meetings:
        raise InputError(
            "a next meeting is for a prospect's calls: log wants-to-join first, "
            "or call-on for a call on that date"
        )
    before = _snapshot(session, contact_row, touch_row)

    record = OutcomeRow(
        touch_id=touch_id,
        contact_id=contact_row.id,
        reach=outcome.reach.value,
        said=outcome.said.value if outcome.said else None,
        said_date=outcome.on,
        note=_with_choice(outcome),
        occurred_on=worked_on,
        created_at=_now(),
    )
    session.add(record)
    touch_row.status, touch_row.closed_on = TouchStatus.DONE.value, worked_on
    session.flush()

    touch = repo.to_touch(touch_row)
    run_row = session.get(RunRow, touch_row.run_id) if touch_row.run_id else None
    run = repo.to_run(run_row) if run_row else _loose_run(touch)
    plan = plan_outcome(library[touch.playbook], run, touch, outcome, worked_on, rules)

    new_contact_id = new_order_id = None
    if plan.run is not None and run_row is not None:
        repo.store_run(run_row, plan.run)
        if plan.run.status is RunStatus.ENDED:
            run_row.ended_on = worked_on
            run_row.ended_reason = outcome.said.value if outcome.said else "finished"
    _insert_touches(
        session,
        contact_row.id,
        run_row.id if run_row else None,
        _one_touch_a_day(session, contact_row.id, run_row, plan.touches, today),
        today,
        order_id=touch.order_id,
        from_outcome_id=record.id,
    )
    undo = replace(before, outcome_id=record.id)
    if plan.do_not_contact:
        contact_row.do_not_contact = True
        _end_runs(session, contact_row.id, worked_on, "do not contact")
        return Logged(record.id, (), undo=_what_changed(session, undo))
    if plan.not_interested and run_row is not None:
        _end_runs(session, contact_row.id, worked_on, "not interested", run_ids=[run_row.id])
    if plan.new_kind is not None:
        _change_kind(session, contact_row, plan.new_kind, None, worked_on, outcome.said or "")
        # The old kind's rhythm (a lead's keep-in-touch) gives way to the new playbook.
        rhythms = set(library.start.values()) | set(library.fallback.values())
        _end_runs(
            session, contact_row.id, worked_on, f"became {plan.new_kind.value}", playbooks=rhythms
        )
    for start in plan.start:
        _start(
            session,
            library,
            contact_row.id,
            start.playbook,
            start.anchor,
            today,
            rules,
            from_outcome_id=record.id,
        )
    if plan.referral_name is not None and referral_name:
        new_contact_id = insert_contact(
            session,
            library,
            NewContact(name=referral_name, kind=Kind.REFERRAL, referred_by=contact_row.id),
            today,
            rules,
        )
    if plan.record_reorder:
        new_order_id = _reorder(session, library, rules, contact_row.id, run, today, record.id)
    if outcome.choice is not None and (touch.order_id or run.order_id):
        order_id = touch.order_id or run.order_id
        assert order_id is not None
        record_backorder_choice(session, library, rules, order_id, outcome.choice, today)
    _end_lapsed(session, library, rules, contact_row.id, worked_on, today)
    if run_row is not None and run_row.status == RunStatus.ACTIVE.value:
        _end_if_done(session, run_row, worked_on)
        _follow_derived_state(session, library, rules, contact_row, run_row, today)
    _ensure_next_touch(
        session, library, contact_row, today, rules, not_interested=plan.not_interested
    )
    created = session.scalars(
        select(TouchRow)
        .where(TouchRow.id > before.max_ids["touches"], TouchRow.status == repo.PENDING)
        .order_by(TouchRow.id)
    )
    return Logged(
        record.id,
        _scheduled(session, library, created),
        new_contact_id,
        new_order_id,
        _what_changed(session, undo),
        next_up=_next_up(session, library, contact_row.id),
    )


def _next_up(session: Session, library: Library, contact_id: int) -> tuple[Scheduled, ...]:
    """A contact's pending touches on the soonest day any is due."""
    pending = repo.pending_touches(session, contact_id)
    soonest = [t for t in pending if t.due == pending[0].due] if pending else []
    rows = [row for t in soonest if (row := session.get(TouchRow, t.id)) is not None]
    return _scheduled(session, library, rows)


@dataclass(frozen=True)
class UndoLog:
    """What logging an outcome changed, so the last log can be taken back."""

    outcome_id: int
    touch_id: int
    contact_id: int
    run_id: int | None
    run_before: dict[str, object] | None
    contact_before: tuple[str, str | None, bool]
    pending_before: tuple[int, ...]
    active_runs_before: tuple[int, ...]
    max_ids: dict[str, int]


RUN_STATE = (
    "anchor_on",
    "position",
    "status",
    "delivery_on",
    "reorder_day",
    "issue_open",
    "had_issue",
    "asked_callback",
    "flags",
    "ended_on",
    "ended_reason",
)
UNDO_TABLES = {
    "touches": TouchRow,
    "runs": RunRow,
    "contacts": ContactRow,
    "orders": OrderRow,
    "kind_changes": KindChangeRow,
}


def _what_changed(session: Session, undo: UndoLog) -> UndoLog:
    """Of what was pending and active before the log, only what the log closed."""
    session.flush()
    still_pending = set(
        session.scalars(
            select(TouchRow.id).where(
                TouchRow.id.in_(undo.pending_before), TouchRow.status == repo.PENDING
            )
        )
    )
    still_active = set(
        session.scalars(
            select(RunRow.id).where(
                RunRow.id.in_(undo.active_runs_before), RunRow.status == RunStatus.ACTIVE.value
            )
        )
    )
    return replace(
        undo,
        pending_before=tuple(t for t in undo.pending_before if t not in still_pending),
        active_runs_before=tuple(r for r in undo.active_runs_before if r not in still_active),
    )


def _snapshot(session: Session, contact: ContactRow, touch: TouchRow) -> UndoLog:
    run = session.get(RunRow, touch.run_id) if touch.run_id else None
    pending = session.scalars(
        select(TouchRow.id).where(
            TouchRow.contact_id == contact.id, TouchRow.status == repo.PENDING
        )
    )
    active = session.scalars(
        select(RunRow.id).where(
            RunRow.contact_id == contact.id, RunRow.status == RunStatus.ACTIVE.value
        )
    )
    return UndoLog(
        outcome_id=0,
        touch_id=touch.id,
        contact_id=contact.id,
        run_id=run.id if run else None,
        run_before={name: getattr(run, name) for name in RUN_STATE} if run else None,
        contact_before=(contact.kind, contact.team_level, contact.do_not_contact),
        pending_before=tuple(pending),
        active_runs_before=tuple(active),
        max_ids={
            name: session.scalar(select(func.max(table.id))) or 0  # type: ignore[attr-defined]
            for name, table in UNDO_TABLES.items()
        },
    )


def undo_log(db: Database, undo: UndoLog) -> None:
    """Take back the last logged outcome: its touches, orders, referral and changes."""
    from sqlalchemy import delete

    with db.begin() as session:
        outcome = session.get(OutcomeRow, undo.outcome_id)
        if outcome is None:
            raise InputError("that log was already undone")
        if outcome.note:
            # The log goes; what was typed about the person stays.
            session.add(
                NoteRow(
                    contact_id=undo.contact_id,
                    body=outcome.note,
                    written_on=outcome.occurred_on,
                    created_at=_now(),
                )
            )
        contact_ids = [undo.contact_id] + list(
            session.scalars(
                select(ContactRow.id).where(
                    ContactRow.id > undo.max_ids["contacts"],
                    ContactRow.referred_by_id == undo.contact_id,
                )
            )
        )
        worked = session.scalar(
            select(func.count(TouchRow.id)).where(
                TouchRow.id > undo.max_ids["touches"],
                TouchRow.contact_id.in_(contact_ids),
                TouchRow.status != repo.PENDING,
            )
        )
        if worked:
            raise InputError("too late to undo: what it scheduled has been worked since")
        session.execute(delete(OutcomeRow).where(OutcomeRow.id == undo.outcome_id))
        for name in ("touches", "runs", "orders", "kind_changes"):
            table = UNDO_TABLES[name]
            session.execute(
                delete(table).where(
                    table.id > undo.max_ids[name],  # type: ignore[attr-defined]
                    table.contact_id.in_(contact_ids),  # type: ignore[attr-defined]
                )
            )
        session.execute(delete(ContactRow).where(ContactRow.id.in_(contact_ids[1:])))
        contact = _contact_row(session, undo.contact_id)
        contact.kind, contact.team_level, contact.do_not_contact = undo.contact_before
        if undo.run_id is not None and undo.run_before is not None:
            run = session.get(RunRow, undo.run_id)
            if run is not None:
                for name, value in undo.run_before.items():
                    setattr(run, name, value)
        session.execute(
            update(TouchRow)
            .where(TouchRow.id.in_(undo.pending_before))
            .values(status=repo.PENDING, closed_on=None, close_reason=None)
        )
        session.execute(
            update(RunRow)
            .where(RunRow.id.in_(undo.active_runs_before))
            .values(status=RunStatus.ACTIVE.value, ended_on=None, ended_reason=None)
        )


DERIVED_RHYTHMS = frozenset({"customer-care", "inactive-customer", "past-client"})


def _follow_derived_state(
    session: Session,
    library: Library,
    rules: Rules,
    contact_row: ContactRow,
    run_row: RunRow,
    today: date,
) -> None:
    """A customer long unheard becomes inactive, then a past client (or back again):
    the rhythm keeping her in touch changes with it."""
    if run_row.playbook not in DERIVED_RHYTHMS or run_row.status != RunStatus.ACTIVE.value:
        return
    contact = repo.to_contact(contact_row)
    key = fallback_key(contact, repo.last_activity(session, contact), today, rules)
    wanted = library.fallback_for(key) if key in library.fallback else run_row.playbook
    if wanted != run_row.playbook and wanted in DERIVED_RHYTHMS:
        _end_runs(session, contact.id, today, f"now {key}", run_ids=[run_row.id])
        _start(session, library, contact.id, wanted, today, today, rules)


def _with_choice(outcome: Outcome) -> str | None:
    if outcome.choice is None:
        return outcome.note
    chose = f"Chose to {outcome.choice}."
    return f"{chose} {outcome.note}" if outcome.note else chose


def _loose_run(touch: Touch) -> Run:
    """A touch whose run is gone still gets its next step from its playbook."""
    return Run(id=0, contact_id=touch.contact_id, playbook=touch.playbook, anchor=touch.due)


def _end_if_done(session: Session, run_row: RunRow, today: date) -> None:
    pending = session.scalar(
        select(func.count(TouchRow.id)).where(
            TouchRow.run_id == run_row.id, TouchRow.status == repo.PENDING
        )
    )
    if not pending:
        run_row.status, run_row.ended_on, run_row.ended_reason = (
            RunStatus.ENDED.value,
            today,
            "finished",
        )


def _reorder(
    session: Session,
    library: Library,
    rules: Rules,
    contact_id: int,
    run: Run,
    today: date,
    outcome_id: int,
) -> int | None:
    """Wants to reorder: the same products again, without restarting new-customer."""
    source = repo.order(session, run.order_id) if run.order_id else None
    if source is None:
        previous = repo.orders(session, contact_id)
        source = previous[0] if previous else None
    if source is None:
        raise InputError("no earlier order to repeat: record the reorder with `followup order`")
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


# --- reading -------------------------------------------------------------------------


def todays_calls(db: Database, today: date, library: Library | None = None) -> list[DueTouch]:
    return todays_order(_due(db, today, None, library or default_library()), today)


def _due(db: Database, until: date, after: date | None, library: Library) -> list[DueTouch]:
    with db.read() as session:
        return [
            DueTouch(
                touch=touch,
                name=name,
                kind=Kind(kind),
                title=touch.title or touch_title(library, touch.playbook, touch.step),
            )
            for touch, name, kind in repo.due_touches(session, until, after=after)
        ]


def contact_detail(
    db: Database, contact_id: int, today: date, library: Library | None = None
) -> ContactDetail:
    library = library or default_library()
    rules = load_settings(db).rules
    with db.read() as session:
        row = _contact_row(session, contact_id)
        contact = repo.to_contact(row)
        notes = [
            Note(n.written_on, n.body)
            for n in session.scalars(
                select(NoteRow)
                .where(NoteRow.contact_id == contact_id)
                .order_by(NoteRow.written_on.desc(), NoteRow.id.desc())
            )
        ]
        history_rows = session.execute(
            select(OutcomeRow, TouchRow)
            .join(TouchRow, TouchRow.id == OutcomeRow.touch_id)
            .where(OutcomeRow.contact_id == contact_id)
            .order_by(OutcomeRow.occurred_on.desc(), OutcomeRow.id.desc())
        )
        history = [
            HistoryEntry(
                occurred_on=o.occurred_on,
                title=t.title or touch_title(library, t.playbook, t.step),
                reach=Reach(o.reach),
                said=Said(o.said) if o.said else None,
                note=o.note,
                said_date=o.said_date,
            )
            for o, t in history_rows
        ]
        kinds = [
            (k.changed_on, k.kind + (f" ({k.team_level})" if k.team_level else ""), k.reason)
            for k in session.scalars(
                select(KindChangeRow)
                .where(KindChangeRow.contact_id == contact_id)
                .order_by(KindChangeRow.id)
            )
        ]
        referrer = session.get(ContactRow, row.referred_by_id) if row.referred_by_id else None
        orders = repo.orders(session, contact_id)
        return ContactDetail(
            contact=contact,
            facts=repo.facts(session, contact_id),
            notes=notes,
            pending=[
                PendingTouch(t, t.title or touch_title(library, t.playbook, t.step))
                for t in repo.pending_touches(session, contact_id)
            ],
            history=history,
            orders=orders,
            kind_history=kinds,
            referred_by=referrer.name if referrer else None,
            derived=derived_state(contact, repo.last_activity(session, contact), today, rules),
            touches_had=sum(1 for h in history if h.reach is not Reach.NO_ANSWER),
            deadlines=_backorder_deadlines(session, contact_id),
            today=today,
        )


def find_contacts(
    db: Database, *, kind: Kind | None = None, search: str | None = None, limit: int | None = None
) -> list[Contact]:
    """Contacts (of a kind) by name; with `search`, those holding the typed text (name,
    email, phone, where met) or, for a number, its digits in the phone. When none does,
    names loosely: every typed word in any order, then names a letter or two off."""
    # rapidfuzz, imported with it, is for searches: `followup add` does not pay for it.
    from followup_tui.domain.search import phone_digits

    with db.read() as session:
        query = select(ContactRow).order_by(ContactRow.name, ContactRow.id)
        if kind is not None:
            query = query.where(ContactRow.kind == kind.value)
        if not search or not search.strip():
            if limit is not None:
                query = query.limit(limit)
            return [repo.to_contact(row) for row in session.scalars(query)]
        rows = list(session.scalars(query.where(_holding(search))))
        if not rows and phone_digits(search) is None:
            # Nothing holds it as typed: the words in another order, or a letter off.
            rows = _loosely_named(session, kind, search)
        return [repo.to_contact(row) for row in rows[:limit]]


def _holding(search: str) -> ColumnElement[bool]:
    """The condition for contacts holding what was typed, a phone number by its digits."""
    from followup_tui.domain.search import phone_digits

    # % and _ are what she typed, not wildcards.
    typed = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{typed}%"
    found: list[ColumnElement[bool]] = [
        ContactRow.name.ilike(pattern, escape="\\"),
        ContactRow.email.ilike(pattern, escape="\\"),
        ContactRow.phone.ilike(pattern, escape="\\"),
        ContactRow.met_at.ilike(pattern, escape="\\"),
    ]
    digits = phone_digits(search)
    if digits is not None:
        # Stored numbers are +E.164, but an imported one may keep its spaces and dashes.
        stored: ColumnElement[str | None] = ContactRow.phone.expression
        for mark in PHONE_MARKS:
            stored = func.replace(stored, mark, "")
        found.append(stored.contains(digits, autoescape=True))
    return or_(*found)


PHONE_MARKS = ("+", " ", "-", "(", ")", ".", "/")
LOOSE_MATCHES = 200
"""Near misses shown at most when nothing holds the typed text."""


def _loosely_named(session: Session, kind: Kind | None, search: str) -> list[ContactRow]:
    """Contacts whose names the app's name search finds, best first: every typed word in
    any order, then typo-tolerant ("Jena Broks" finds Jenna Brooks)."""
    from followup_tui.domain.search import NameIndex  # rapidfuzz: only when searching

    query = select(ContactRow.id, ContactRow.name)
    if kind is not None:
        query = query.where(ContactRow.kind == kind.value)
    people = session.execute(query).all()
    index = NameIndex([name for _, name in people])
    ids = [people[i][0] for i in index.rank(search, limit=LOOSE_MATCHES)]
    rows = {
        row.id: row for row in session.scalars(select(ContactRow).where(ContactRow.id.in_(ids)))
    }
    return [rows[contact_id] for contact_id in ids]


def catalogue(db: Database, category: Category | None = None) -> list[Product]:
    with db.read() as session:
        products = list(repo.products(session).values())
    return [p for p in products if category is None or p.category is category]


# --- scripts -------------------------------------------------------------------------


HIDDEN = "(hidden)"


def script_for_touch(
    db: Database, touch_id: int, today: date, *, discreet: bool = False
) -> RenderedScript:
    """The touch's call script, filled in with the contact, the order and the facts.

    Discreet: product names and facts are masked, so the screen can stay open at a party.
    """
    settings = load_settings(db)
    with db.read() as session:
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None:
            raise InputError(f"no touch with id {touch_id}")
        contact = _contact_row(session, touch_row.contact_id)
        run = session.get(RunRow, touch_row.run_id) if touch_row.run_id else None
        order = _order_about(session, touch_row, run)
        referrer = (
            session.get(ContactRow, contact.referred_by_id) if contact.referred_by_id else None
        )
        party = session.get(PartyRow, run.party_id) if run and run.party_id else None
        hostess = session.get(ContactRow, party.hostess_id) if party else None
        event = session.get(EventRow, run.event_id) if run and run.event_id else None
        values: dict[str, str | None] = {
            "me": settings.consultant_name,
            "webshop": settings.webshop,
            "name": contact.name,
            "first_name": repo.to_contact(contact).first_name,
            "met_at": contact.met_at,
            "referred_by": referrer.name if referrer else None,
            "category": (run.category if run else None) or _order_category(order),
            "product": (
                _running_out(session, contact.id, run)
                if touch_row.step == "reorder" and run is not None
                else _product_names(order, touch_row.playbook)
            ),
            "order_date": _day(order.ordered_on) if order else None,
            "start_date": _day(run.anchor_on) if run else None,
            "delivery_date": _day(order.delivered_on) if order and order.delivered_on else None,
            "deadline": _day(backorder_deadline(order.ordered_on)) if order else None,
            "party_date": _day(party.held_on) if party else None,
            "hostess": hostess.name.split()[0] if hostess else None,
            "meeting_date": (
                _day(run.anchor_on) if run and MEETING_FLAG in run.flags.split() else None
            ),
            "event": (event.title or EVENT_SCRIPT_WORDS.get(event.kind)) if event else None,
            "event_date": _day(event.held_on) if event else None,
        }
        known_facts = repo.facts(session, contact.id)
    if discreet:
        known_facts = {key: HIDDEN for key in known_facts}
        values["product"] = HIDDEN if values["product"] else None
    return render(
        script_for(touch_row.playbook, touch_row.step), values, known_facts, discreet=discreet
    )


# How a script names an event that was given no title: "Today's the day: {event}."
EVENT_SCRIPT_WORDS = {
    "team-event": "the team event",
    "big-event": "the big event",
    "conference-call": "the conference call",
    "reports": "reports day",
    "appointment": "your appointment with my team",
    "new-catalogue": "the new catalogue",
}


def _order_about(session: Session, touch_row: TouchRow, run: RunRow | None) -> Order | None:
    """The order a touch is about: its own or its run's; else, for a call with no order
    of its own (an issue, a check-in, a re-engage call), the contact's latest order."""
    order_id = touch_row.order_id or (run.order_id if run else None)
    if order_id is None:
        order_id = session.scalar(
            select(OrderRow.id)
            .where(OrderRow.contact_id == touch_row.contact_id)
            .order_by(OrderRow.ordered_on.desc(), OrderRow.id.desc())
            .limit(1)
        )
    return repo.order(session, order_id) if order_id else None


def _order_category(order: Order | None) -> str | None:
    """The category a script's checklist follows for an order: the first that needs
    checking on, as when the order started its playbook."""
    if order is None:
        return None
    found = {line.category for line in order.lines}
    for wanted in (Category.DETOX, Category.NUTRITION, Category.SKINCARE, Category.HOME):
        if wanted in found:
            return wanted.value
    return None


def _running_out(session: Session, contact_id: int, run: RunRow) -> str | None:
    """What a reorder call is about: every product, from any order, running out that day."""
    if run.reorder_day is None:
        return None
    when = run.anchor_on + timedelta(days=run.reorder_day)
    names = [
        line.product_name
        for order in repo.orders(session, contact_id)
        for line in order.lines
        if line.reorder_day is not None
        and order.ordered_on + timedelta(days=line.reorder_day) == when
    ]
    return ", ".join(dict.fromkeys(names)) or None


def _product_names(order: Order | None, playbook: str) -> str | None:
    if order is None:
        return None
    lines = order.lines
    if playbook in ("backorder", "corporate-backorder"):
        lines = tuple(line for line in lines if line.backordered) or lines
    return ", ".join(line.product_name for line in lines)


def _day(value: date) -> str:
    return f"{value:%A %-d %B}"


# --- the desk ------------------------------------------------------------------------


def day_counts(db: Database, today: date) -> DayCounts:
    """Touches worked today, and touches still due (today's and overdue)."""
    with db.read() as session:
        done = session.scalar(
            select(func.count(OutcomeRow.id)).where(OutcomeRow.occurred_on == today)
        )
        left = session.scalar(
            select(func.count(TouchRow.id)).where(
                TouchRow.status == repo.PENDING, TouchRow.due_on <= today
            )
        )
    return DayCounts(done or 0, left or 0)


def skip_touch(
    db: Database, touch_id: int, reason: str, today: date, library: Library | None = None
) -> tuple[Scheduled, ...]:
    """Skip a touch with a reason; the playbook goes on as if it had been worked."""
    library = library or default_library()
    if not reason.strip():
        raise InputError("say why it is skipped")
    rules = load_settings(db).rules
    with db.begin() as session:
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None or touch_row.status != repo.PENDING:
            raise InputError(f"touch {touch_id} is not waiting to be worked")
        created = _skip(session, library, rules, touch_row, reason.strip(), today)
        contact_row = _contact_row(session, touch_row.contact_id)
        created += _ensure_next_touch(session, library, contact_row, today, rules)
        return _scheduled(session, library, created)


def _skip(
    session: Session,
    library: Library,
    rules: Rules,
    touch_row: TouchRow,
    reason: str,
    today: date,
) -> list[TouchRow]:
    """Close a touch unworked; its playbook goes on as if it had gone well."""
    touch_row.status = TouchStatus.SKIPPED.value
    touch_row.closed_on, touch_row.close_reason = today, reason
    run_row = session.get(RunRow, touch_row.run_id) if touch_row.run_id else None
    if run_row is None or run_row.status != RunStatus.ACTIVE.value:
        return []
    plan = plan_outcome(
        library[touch_row.playbook],
        repo.to_run(run_row),
        repo.to_touch(touch_row),
        Outcome(Reach.REACHED, Said.ALL_GOOD),
        max(today, touch_row.due_on),
        rules,
    )
    if plan.run is not None:
        repo.store_run(run_row, plan.run)
    created = _insert_touches(
        session,
        touch_row.contact_id,
        run_row.id,
        _one_touch_a_day(session, touch_row.contact_id, run_row, plan.touches, today),
        today,
        order_id=touch_row.order_id,
    )
    _end_if_done(session, run_row, today)
    return created


def reschedule_touch(db: Database, touch_id: int, when: date, today: date) -> None:
    if when < today:
        raise InputError("pick today or a later date")
    with db.begin() as session:
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None or touch_row.status != repo.PENDING:
            raise InputError(f"touch {touch_id} is not waiting to be worked")
        touch_row.due_on = when


# --- contacts screen -----------------------------------------------------------------


@dataclass(frozen=True)
class ContactLine:
    """One row of the contacts list: what a search and a glance need."""

    id: int
    name: str
    kind: str
    phone: str | None
    email: str | None
    next_due: date | None


def contact_lines(
    db: Database, kind: Kind | None = None, *, with_due: bool = True
) -> list[ContactLine]:
    """Every contact (of a kind), lightest columns only; with its next due date unless
    `with_due` is False (a big book's list needs the dates of the rows shown only:
    next_due_dates)."""
    with db.read() as session:
        columns = [
            ContactRow.id,
            ContactRow.name,
            ContactRow.kind,
            ContactRow.team_level,
            ContactRow.phone,
            ContactRow.email,
        ]
        if with_due:
            next_due = (
                select(TouchRow.contact_id, func.min(TouchRow.due_on).label("due"))
                .where(TouchRow.status == repo.PENDING)
                .group_by(TouchRow.contact_id)
                .subquery()
            )
            query = select(*columns, next_due.c.due).outerjoin(
                next_due, next_due.c.contact_id == ContactRow.id
            )
        else:
            return _contact_lines_fast(session, kind)
        query = query.order_by(ContactRow.name, ContactRow.id)
        if kind is not None:
            query = query.where(ContactRow.kind == kind.value)
        return [
            ContactLine(
                id=row.id,
                name=row.name,
                kind=row.kind + (f" · {row.team_level}" if row.team_level else ""),
                phone=row.phone,
                email=row.email,
                next_due=row.due,
            )
            for row in session.execute(query)
        ]


def _contact_lines_fast(session: Session, kind: Kind | None) -> list[ContactLine]:
    # Straight from the driver: SQLAlchemy's processing of 100,000 rows took 0.7 s of 0.9.
    sql = "SELECT id, name, kind, team_level, phone, email FROM contacts"
    parameters: tuple[str, ...] = ()
    if kind is not None:
        sql, parameters = sql + " WHERE kind = ?", (kind.value,)
    rows = session.connection().exec_driver_sql(sql + " ORDER BY name, id", parameters)
    return [
        ContactLine(
            id=cid,
            name=name,
            kind=kind_name + (f" · {level}" if level else ""),
            phone=phone,
            email=email,
            next_due=None,
        )
        for cid, name, kind_name, level, phone, email in rows
    ]


def next_due_dates(db: Database, contact_ids: Iterable[int]) -> dict[int, date]:
    """The next pending touch's date of each of these contacts (those that have one)."""
    ids = list(contact_ids)
    with db.read() as session:
        rows = session.execute(
            select(TouchRow.contact_id, func.min(TouchRow.due_on))
            .where(TouchRow.contact_id.in_(ids), TouchRow.status == repo.PENDING)
            .group_by(TouchRow.contact_id)
        )
        return {contact_id: due for contact_id, due in rows}


# --- editing a contact ---------------------------------------------------------------


def update_contact(
    db: Database,
    contact_id: int,
    changes: ContactChanges,
    today: date,
    library: Library | None = None,
) -> None:
    """Save an edit. A new kind or level changes the rhythm from today on; do not
    contact ends every pending touch, and lifting it schedules the next one."""
    library = library or default_library()
    rules = load_settings(db).rules
    level = team_level(changes.kind, changes.level)
    with db.begin() as session:
        row = _contact_row(session, contact_id)
        row.name, row.phone, row.email = changes.name, changes.phone, changes.email
        row.met_at, row.met_on, row.discreet = changes.met_at, changes.met_on, changes.discreet
        kind_changed = row.kind != changes.kind.value or row.team_level != (
            level.value if level else None
        )
        if kind_changed:
            _change_kind(session, row, changes.kind, level, today, "edited")
            rhythms = set(library.start.values()) | set(library.fallback.values())
            _end_runs(session, contact_id, today, "kind changed", playbooks=rhythms)
        if changes.do_not_contact and not row.do_not_contact:
            row.do_not_contact = True
            _end_runs(session, contact_id, today, "do not contact")
            return
        row.do_not_contact = changes.do_not_contact
        if kind_changed and not row.do_not_contact and not row.is_me:
            playbook = library.start_for(changes.kind, level)
            _start(session, library, contact_id, playbook, today, today, rules)
        _ensure_next_touch(session, library, row, today, rules)


# --- the week at a glance --------------------------------------------------------------


@dataclass(frozen=True)
class WeekStats:
    monday: date
    calls_made: int
    reached: int
    party_bookings: int
    reorders: int
    new_team_members: int
    quiet: list[Quiet]


GOT_THROUGH = [r.value for r in Reach if r.got_through]


def week_at_a_glance(db: Database, today: date) -> WeekStats:
    """This week's calls, reached, bookings, reorders, new team members; who is going quiet."""
    rules = load_settings(db).rules
    monday, _ = week_of(today)
    in_week = (monday, today)
    with db.read() as session:

        def outcomes(*conditions: Any) -> int:
            return (
                session.scalar(
                    select(func.count(OutcomeRow.id)).where(
                        OutcomeRow.occurred_on.between(*in_week), *conditions
                    )
                )
                or 0
            )

        older = tables.orders.alias("older")
        reorders = (
            session.scalar(
                select(func.count(OrderRow.id)).where(
                    OrderRow.ordered_on.between(*in_week),
                    select(older.c.id)
                    .where(older.c.contact_id == OrderRow.contact_id, older.c.id < OrderRow.id)
                    .exists(),
                )
            )
            or 0
        )
        team = (
            session.scalar(
                select(func.count(func.distinct(KindChangeRow.contact_id))).where(
                    KindChangeRow.kind == Kind.TEAM.value,
                    KindChangeRow.changed_on.between(*in_week),
                )
            )
            or 0
        )
        heard = (
            select(OutcomeRow.contact_id, func.max(OutcomeRow.occurred_on).label("last"))
            .where(OutcomeRow.reach.in_(GOT_THROUGH))
            .group_by(OutcomeRow.contact_id)
            .subquery()
        )
        rows = session.execute(
            select(
                ContactRow.id,
                ContactRow.name,
                ContactRow.kind,
                ContactRow.team_level,
                func.coalesce(heard.c.last, ContactRow.created_on),
            )
            .outerjoin(heard, heard.c.contact_id == ContactRow.id)
            .where(ContactRow.do_not_contact == False, ContactRow.is_me == False)  # noqa: E712
        )
        contacts = [
            (row[0], row[1], Kind(row[2]), Level(row[3]) if row[3] else None, row[4])
            for row in rows
        ]
        return WeekStats(
            monday=monday,
            calls_made=outcomes(),
            reached=outcomes(OutcomeRow.reach.in_(GOT_THROUGH)),
            party_bookings=outcomes(OutcomeRow.said == Said.WANTS_TO_HOST.value),
            reorders=reorders,
            new_team_members=team,
            quiet=going_quiet(contacts, today, rules),
        )


def upcoming(
    db: Database, today: date, days: int = 7, library: Library | None = None
) -> list[DueTouch]:
    """Touches due after today, up to `days` ahead, by date then priority."""
    until = today + timedelta(days=days)
    return _due(db, until, today, library or default_library())


# --- deliveries and backorders ---------------------------------------------------------

BACKORDER_PLAYBOOKS = ("backorder", "corporate-backorder")
CLOSED_CHOICES = ("substitute", "refund")
BACKORDER_CHOICES = ("wait", "substitute", "refund")


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


def _backorder_deadlines(session: Session, contact_id: int) -> dict[int, date]:
    """order id -> deadline, for a contact's orders with an open backorder line."""
    rows = session.execute(
        select(OrderRow.id, OrderRow.ordered_on)
        .join(OrderLineRow, OrderLineRow.order_id == OrderRow.id)
        .where(OrderRow.contact_id == contact_id, *_open_backorder())
        .distinct()
    )
    return {order_id: backorder_deadline(ordered_on) for order_id, ordered_on in rows}


def open_backorders(db: Database) -> list[Backorder]:
    """Backordered lines not yet delivered, substituted or refunded: soonest deadline first."""
    with db.read() as session:
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
                deadline=backorder_deadline(order.ordered_on),
                corporate=line.corporate,
                choice=line.backorder_choice,
            )
            for line, order, contact, product in rows
        ]
    return sorted(found, key=lambda b: (b.deadline, b.name, b.sku))


def mark_delivered(
    db: Database, order_id: int, on: date, today: date, library: Library | None = None
) -> None:
    """The order arrived: its backorder calls end, its after-delivery calls move to fit."""
    library = library or default_library()
    rules = load_settings(db).rules
    if on > today:
        raise InputError("a delivery cannot be dated in the future")
    with db.begin() as session:
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
                RunRow.order_id == order_id, RunRow.playbook.in_(BACKORDER_PLAYBOOKS)
            )
        )
        _end_runs(session, order.contact_id, today, "delivered", run_ids=list(ended))
        _set_delivery(session, library, rules, order_id, on, today)
        _ensure_next_touch(session, library, _contact_row(session, order.contact_id), today, rules)


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


def record_backorder_choice(
    session: Session, library: Library, rules: Rules, order_id: int, choice: str, today: date
) -> None:
    """Wait, substitute or refund, on a corporate backorder. Waiting keeps a deadline check."""
    order = session.get(OrderRow, order_id)
    if order is None:
        return
    for line in order.lines:
        if line.backordered and line.corporate and line.delivered_on is None:
            line.backorder_choice = choice
    if choice == "wait":
        _start(
            session,
            library,
            order.contact_id,
            "backorder",
            order.ordered_on,
            today,
            rules,
            order_id=order_id,
        )


# --- parties -------------------------------------------------------------------------


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
    hostess = _contact_row(session, party.hostess_id)
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


# --- team events and the catalogue -------------------------------------------------------

EVENT_KINDS = (
    "team-event",
    "big-event",
    "conference-call",
    "reports",
    "appointment",
    "new-catalogue",
)


def new_event(
    db: Database,
    kind: str,
    held_on: date,
    today: date,
    *,
    title: str | None = None,
    assignments: Iterable[int] = (),
    library: Library | None = None,
) -> int:
    """A team event reminds the levels it concerns; a new catalogue reaches every lead."""
    library = library or default_library()
    rules = load_settings(db).rules
    if kind not in EVENT_KINDS:
        raise InputError(f"unknown event kind {kind!r}: use one of {', '.join(EVENT_KINDS)}")
    assigned = set(assignments)
    if assigned and not takes_assignments(kind, library):
        raise InputError(assignment_refusal(kind, library))
    with db.begin() as session:
        for contact_id in sorted(assigned):
            _check_assignee(_contact_row(session, contact_id))
        event = EventRow(kind=kind, held_on=held_on, title=title)
        session.add(event)
        session.flush()
        active = (ContactRow.do_not_contact == False, ContactRow.is_me == False)  # noqa: E712
        if kind == "new-catalogue":
            leads = session.scalars(
                select(ContactRow.id).where(ContactRow.kind == Kind.LEAD.value, *active)
            )
            for contact_id in leads:
                _start(
                    session,
                    library,
                    contact_id,
                    "new-catalogue",
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
            flags = frozenset({"assignment"}) if member.id in assigned else frozenset()
            playbook = library.start_for(Kind.TEAM, Level(member.team_level or "new-partner"))
            _start(
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


def takes_assignments(kind: str, library: Library | None = None) -> bool:
    """An assignment brings a new partner's day-after call: only events that remind new
    partners can carry one (not reports, an appointment or a new catalogue)."""
    library = library or default_library()
    return Level.NEW_PARTNER in library.events.get(kind, ())


def assignment_refusal(kind: str, library: Library | None = None) -> str:
    library = library or default_library()
    kinds = [k for k in EVENT_KINDS if takes_assignments(k, library)]
    return f"{kind} takes no assignment: only {', '.join(kinds)} remind new partners"


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


def team(db: Database, library: Library | None = None) -> list[TeamMember]:
    """The team by level (new partners first), each with their next reminder."""
    library = library or default_library()
    order = [level.value for level in Level]
    with db.read() as session:
        members = session.scalars(
            select(ContactRow).where(
                ContactRow.kind == Kind.TEAM.value,
                ContactRow.do_not_contact == False,  # noqa: E712
            )
        )
        found = []
        for member in members:
            pending = repo.pending_touches(session, member.id)
            first = pending[0] if pending else None
            found.append(
                TeamMember(
                    contact_id=member.id,
                    name=member.name,
                    level=Level(member.team_level or Level.NEW_PARTNER.value),
                    next_due=first.due if first else None,
                    next_title=(first.title or touch_title(library, first.playbook, first.step))
                    if first
                    else None,
                )
            )
    return sorted(found, key=lambda m: (order.index(m.level.value), m.name))


def toggle_guest_flag(db: Database, party_id: int, contact_id: int, flag: str, today: date) -> None:
    """Wants to book / wants information: flagged guests get their morning-after call first."""
    if flag not in ("wants_to_book", "wants_info"):
        raise InputError(f"unknown guest flag {flag!r}")
    with db.begin() as session:
        guest = _guest_row(session, party_id, contact_id)
        if guest is None:
            raise InputError("not a guest of this party")
        flags = {"wants_to_book": guest.wants_to_book, "wants_info": guest.wants_info}
        flags[flag] = not flags[flag]
        _set_guest_flags(session, default_library(), guest, **flags)


# --- putting a contact on a playbook -----------------------------------------------------

STARTABLE = ("three-three-three", "lead", "prospect", "circle", "referral-partner")


def start_playbook(
    db: Database, contact_id: int, playbook: str, today: date, library: Library | None = None
) -> tuple[Scheduled, ...]:
    """Put a contact on a playbook by hand (three-three-three: 'for any contact the
    consultant puts on it'), counting from today."""
    library = library or default_library()
    if playbook not in STARTABLE:
        raise InputError(
            f"playbook {playbook!r} cannot be started by hand: use {', '.join(STARTABLE)}"
        )
    rules = load_settings(db).rules
    with db.begin() as session:
        row = _contact_row(session, contact_id)
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
        created = _start(session, library, contact_id, playbook, today, today, rules)
        return _scheduled(session, library, created)


# --- import and export -----------------------------------------------------------------


def known_contacts(db: Database) -> list[Known]:
    """Every contact as duplicate detection needs it."""
    from followup_tui.transfer.plan import Known

    with db.read() as session:
        # Straight from the driver: 100,000 rows through SQLAlchemy's result processing
        # cost 0.3 s of a 10,000-row import's 3.
        rows = session.connection().exec_driver_sql(
            "SELECT id, name, phone, email FROM contacts WHERE NOT is_me"
        )
        return [Known._make(row) for row in rows]


@dataclass(frozen=True)
class Imported:
    added: list[int]
    merged: list[int]


def import_contacts(
    db: Database,
    plan: ImportPlan,
    today: date,
    *,
    library: Library | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Imported:
    """Write a plan's adds and merges in one transaction: all of it, or none of it.

    Imported people are not new acquaintances: each starts on its kind's playbook, with
    first calls spread over the playbook's first interval so an import of hundreds does
    not land on one morning.
    """
    from followup_tui.transfer.plan import Action

    library = library or default_library()
    rules = load_settings(db).rules
    adds = [s.incoming for s in plan.steps if s.action is Action.ADD and s.incoming]
    merges = [
        (s.target_id, s.incoming)
        for s in plan.steps
        if s.action is Action.MERGE and s.incoming and s.target_id is not None
    ]
    total = len(adds) + len(merges)
    with db.begin() as session:
        added: list[int] = []
        # Adds go in batches of plain INSERTs (the ORM one row at a time takes 1.5 ms a
        # contact; an import of 10,000 would take 15 s).
        for first in range(0, len(adds), IMPORT_BATCH):
            batch = adds[first : first + IMPORT_BATCH]
            added += _import_adds(session, library, batch, today, rules, first, len(adds))
            if progress is not None:
                progress(len(added), total)
        merged: list[int] = []
        for done, (contact_id, incoming) in enumerate(merges, start=1):
            _import_merge(session, contact_id, incoming, today)
            merged.append(contact_id)
            if progress is not None and (done % 200 == 0 or done == len(merges)):
                progress(len(added) + done, total)
    return Imported(added, merged)


IMPORT_BATCH = 1000
# Core tables, not the mapped classes: an ORM bulk INSERT spends twice as long in
# SQLAlchemy's bookkeeping for rows nobody holds on to.


def _import_adds(
    session: Session,
    library: Library,
    batch: list[Incoming],
    today: date,
    rules: Rules,
    offset: int,
    count: int,
) -> list[int]:
    ids = _insert_rows(
        session,
        tables.contacts,
        [
            {
                "name": c.name,
                "kind": c.kind.value,
                "team_level": team_level_value(c.kind, c.level),
                "phone": c.phone,
                "email": c.email,
                "met_at": c.met_at,
                "met_on": c.met_on,
                "referred_by_id": None,
                "do_not_contact": c.do_not_contact,
                "discreet": c.discreet,
                "is_me": False,
                "created_on": today,
            }
            for c in batch
        ],
    )
    pairs = list(zip(ids, batch, strict=True))
    session.execute(
        insert(tables.kind_changes),
        [
            {
                "contact_id": contact_id,
                "kind": c.kind.value,
                "team_level": team_level_value(c.kind, c.level),
                "changed_on": today,
                "reason": "imported",
            }
            for contact_id, c in pairs
        ],
    )
    facts = [
        {"contact_id": contact_id, "key": key, "value": value, "noted_on": today}
        for contact_id, c in pairs
        for key, value in c.facts
    ]
    if facts:
        session.execute(insert(tables.facts), facts)
    now = _now()
    notes = [
        {"contact_id": contact_id, "body": body, "written_on": today, "created_at": now}
        for contact_id, c in pairs
        for body in c.notes
    ]
    if notes:
        session.execute(insert(tables.notes), notes)
    _import_first_touches(session, library, pairs, today, rules, offset, count)
    return ids


def _insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` in one executemany and return their ids, in order.

    INSERT ... RETURNING keeping the rows' order goes one row a statement on SQLite
    (20,000 statements for 10,000 contacts); within this write transaction SQLite gives
    an INTEGER PRIMARY KEY max+1, row after row, so the ids are known without it. The
    count afterwards makes sure of that rather than trusting it.
    """
    id_column = table.c.id
    before = session.scalar(select(func.coalesce(func.max(id_column), 0))) or 0
    session.execute(insert(table), rows)
    after = session.scalar(select(func.count()).where(id_column > before))
    if after != len(rows):
        raise RuntimeError(f"{table.name}: ids not in one run after a bulk insert")
    return list(range(before + 1, before + 1 + len(rows)))


def _import_first_touches(
    session: Session,
    library: Library,
    contacts: list[tuple[int, Incoming]],
    today: date,
    rules: Rules,
    offset: int,
    count: int,
) -> None:
    """Each imported contact starts its kind's playbook, first calls spread out."""
    from followup_tui.transfer.plan import first_call_day

    starts: list[tuple[int, Incoming, Run, list[PlannedTouch]]] = []
    # What each playbook plans when started today: the same for every contact of a kind.
    natural: dict[str, list[PlannedTouch]] = {}
    for position, (contact_id, incoming) in enumerate(contacts, start=offset):
        if incoming.do_not_contact:
            continue
        level = team_level(incoming.kind, incoming.level)
        playbook = library[library.start_for(incoming.kind, level)]
        run = Run(id=0, contact_id=contact_id, playbook=playbook.slug, anchor=today)
        if incoming.kind is Kind.LEAD and incoming.met_on:
            run = replace(run, anchor=incoming.met_on)  # Day 3 counts from when you met
            starts.append((contact_id, incoming, run, start_run(playbook, run, today, rules)))
            continue
        if playbook.slug not in natural:
            natural[playbook.slug] = start_run(playbook, run, today, rules)
        planned = natural[playbook.slug]
        if not planned:
            starts.append((contact_id, incoming, run, []))
            continue
        # Move the whole run so its first call falls on the spread-out day.
        first = planned[0]
        wanted = first_call_day(today, position, count, (first.due - today).days)
        run = replace(run, anchor=today + (wanted - first.due))
        if len(planned) > 1:  # fixed dates: every step moves with the anchor
            planned = start_run(playbook, run, today, rules)
        # Set, not computed: month arithmetic clamps (Oct 31 + 1 month = Nov 30).
        starts.append((contact_id, incoming, run, [replace(planned[0], due=wanted), *planned[1:]]))
    if not starts:
        return
    run_ids = _insert_rows(
        session,
        tables.runs,
        [
            {
                "contact_id": contact_id,
                "playbook": run.playbook,
                "track": run.track,
                "anchor_on": run.anchor,
                "status": (RunStatus.ACTIVE if planned else RunStatus.ENDED).value,
                "ended_on": None if planned else today,
                "ended_reason": None if planned else "nothing due",
                "flags": "",
                "started_on": today,
                "issue_open": False,
                "had_issue": False,
                "asked_callback": False,
            }
            for contact_id, _, run, planned in starts
        ],
    )
    touches = [
        touch_values(contact_id, run_id, p, today, call_only=incoming.discreet)
        for run_id, (contact_id, incoming, _, planned) in zip(run_ids, starts, strict=True)
        for p in planned
    ]
    if touches:
        session.execute(insert(tables.touches), touches)


def _import_merge(session: Session, contact_id: int, incoming: Incoming, today: date) -> None:
    """Fill the gaps of a contact she already has; what she typed herself is never
    overwritten (a different value is kept beside it, marked imported)."""
    row = _contact_row(session, contact_id)
    facts = list(incoming.facts)
    for field_name, label in (("phone", "phone"), ("email", "email")):
        mine, theirs = getattr(row, field_name), getattr(incoming, field_name)
        if theirs and not mine:
            setattr(row, field_name, theirs)
        elif theirs and mine != theirs:
            facts.append((f"{label} (imported)", theirs))
    row.met_at = row.met_at or incoming.met_at
    row.met_on = row.met_on or incoming.met_on
    row.discreet = row.discreet or incoming.discreet
    have = {
        key: value
        for key, value in session.execute(
            select(FactRow.key, FactRow.value).where(FactRow.contact_id == contact_id)
        )
    }
    for key, value in facts:
        if have.get(key) == value:
            continue
        if key in have:
            # Hers stays; the file's goes beside it, under the first free key.
            base, n = f"{key[:64]} (imported)", 2
            key = base
            while key in have and have[key] != value:
                key, n = f"{base} {n}", n + 1
            if have.get(key) == value:
                continue
        repo.set_fact(session, contact_id, key, value, today)
        have[key] = value
    bodies = set(session.scalars(select(NoteRow.body).where(NoteRow.contact_id == contact_id)))
    for body in incoming.notes:
        if body not in bodies:
            session.add(
                NoteRow(contact_id=contact_id, body=body, written_on=today, created_at=_now())
            )


@dataclass(frozen=True)
class ExportContact:
    """A contact with all that an export writes of her."""

    contact: Contact
    referred_by: str | None
    """The name of who referred her: an id means nothing outside this book."""
    facts: list[tuple[str, str]]
    notes: list[str]


def contacts_for_export(db: Database, kind: Kind | None = None) -> list[ExportContact]:
    """Every contact (of a kind) with facts and notes: three queries, whatever the size."""
    with db.read() as session:
        query = select(ContactRow).where(ContactRow.is_me.is_(False)).order_by(ContactRow.id)
        if kind is not None:
            query = query.where(ContactRow.kind == kind.value)
        rows = list(session.scalars(query))
        names = {cid: name for cid, name in session.execute(select(ContactRow.id, ContactRow.name))}
        facts: dict[int, list[tuple[str, str]]] = {}
        for contact_id, key, value in session.execute(
            select(FactRow.contact_id, FactRow.key, FactRow.value).order_by(FactRow.id)
        ):
            facts.setdefault(contact_id, []).append((key, value))
        notes: dict[int, list[str]] = {}
        for contact_id, body in session.execute(
            select(NoteRow.contact_id, NoteRow.body).order_by(NoteRow.written_on, NoteRow.id)
        ):
            notes.setdefault(contact_id, []).append(body)
    return [
        ExportContact(
            contact=repo.to_contact(row),
            referred_by=names.get(row.referred_by_id) if row.referred_by_id else None,
            facts=facts.get(row.id, []),
            notes=notes.get(row.id, []),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CalendarTouch:
    touch_id: int
    due: date
    overdue_days: int
    name: str
    why: str
    channel: str
    phone: str | None
    email: str | None
    discreet: bool


def calendar_touches(
    db: Database, today: date, days: int = 30, library: Library | None = None
) -> list[CalendarTouch]:
    """Pending touches up to `days` ahead; overdue ones are due today."""
    until = today + timedelta(days=days)
    due = _due(db, until, None, library or default_library())
    with db.read() as session:
        # Only the people with a call in the calendar, not the whole book.
        calling = select(TouchRow.contact_id).where(
            TouchRow.status == repo.PENDING, TouchRow.due_on <= until
        )
        contacts = {
            contact_id: (phone, email, discreet)
            for contact_id, phone, email, discreet in session.execute(
                select(
                    ContactRow.id, ContactRow.phone, ContactRow.email, ContactRow.discreet
                ).where(ContactRow.id.in_(calling))
            )
        }
    found = []
    for item in sorted(due, key=lambda i: (max(i.touch.due, today), i.touch.priority, i.touch.id)):
        phone, email, discreet = contacts[item.touch.contact_id]
        found.append(
            CalendarTouch(
                touch_id=item.touch.id,
                due=max(item.touch.due, today),
                overdue_days=item.overdue_days(today),
                name=item.name,
                why=item.title,
                channel=item.touch.channel.value,
                phone=phone,
                email=email,
                discreet=discreet,
            )
        )
    return found
