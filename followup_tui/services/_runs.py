"""The kernel every feature shares: starting runs, storing their touches, ending them,
keeping every active contact on a next touch (inside the caller's session), and the
due list read for today's calls, the week ahead and the calendar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, KindChangeRow, RunRow, TouchRow
from followup_tui.db.rows import run_values, touch_values
from followup_tui.domain import roles
from followup_tui.domain.channels import call_title, for_contact
from followup_tui.domain.model import (
    Category,
    Channel,
    Kind,
    Level,
    Outcome,
    Reach,
    Run,
    RunStatus,
    Said,
    Touch,
    TouchStatus,
)
from followup_tui.domain.playbooks import Library
from followup_tui.domain.rhythm import fallback_key, is_quieter, quiet_state
from followup_tui.domain.schedule import (
    PlannedTouch,
    Rules,
    lapsed_steps,
    plan_outcome,
    start_run,
    touch_title,
)
from followup_tui.domain.today import DueTouch
from followup_tui.errors import InputError


@dataclass(frozen=True)
class Scheduled:
    touch_id: int
    contact_id: int
    name: str
    title: str
    due: date
    time: str | None = None
    """"18:00" when she asked to be called at a time."""


def timestamp() -> datetime:
    # Only a timestamp for ordering rows written the same day; "today" comes from clock.
    return datetime.now()


def insert_touches(
    session: Session,
    contact_id: int,
    run_id: int | None,
    planned: Iterable[PlannedTouch],
    today: date,
    *,
    order_id: int | None = None,
    from_outcome_id: int | None = None,
) -> list[TouchRow]:
    call_only = is_discreet(session, contact_id)
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
        for p in as_she_is_reached(session, contact_id, planned)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def begin_run(
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
    planned = one_touch_a_day(session, contact_id, row, planned, today)
    if not planned:
        row.status, row.ended_on, row.ended_reason = RunStatus.ENDED.value, today, "nothing due"
    return insert_touches(
        session,
        contact_id,
        row.id,
        planned,
        today,
        order_id=order_id,
        from_outcome_id=from_outcome_id,
    )


def is_discreet(session: Session, contact_id: int) -> bool:
    contact = session.get(ContactRow, contact_id)
    return contact is not None and contact.discreet


def as_she_is_reached(
    session: Session, contact_id: int, planned: Iterable[PlannedTouch]
) -> list[PlannedTouch]:
    """`planned` as they go to the contact: to a discreet one, calls titled as calls."""
    discreet = is_discreet(session, contact_id)
    return [for_contact(p, discreet=discreet) for p in planned]


def calls_only(session: Session, library: Library, contact_id: int) -> int:
    """A contact just marked discreet: her pending texts, emails and cards become calls,
    titled as calls. Answers how many did."""
    rows = session.scalars(
        select(TouchRow).where(
            TouchRow.contact_id == contact_id,
            TouchRow.status == repo.PENDING,
            TouchRow.channel != Channel.CALL.value,
        )
    ).all()
    for row in rows:
        row.channel = Channel.CALL.value
        row.title = call_title(row.title or touch_title(library, row.playbook, row.step))
    return len(rows)


MERGED = "one touch that day with the weekly one"


def one_touch_a_day(
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
    # As she is reached first: the words an event's touch gives the weekly one are a call's.
    for touch in as_she_is_reached(session, contact_id, planned):
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
                end_if_done(session, event_run, today)
            touch = replace(
                touch,
                title=other.title or touch.title,
                priority=min(other.priority, touch.priority),
            )
        kept.append(touch)
    return kept


def end_runs(
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


def change_kind(
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


def ensure_next_touch(
    session: Session,
    library: Library,
    row: ContactRow,
    today: date,
    rules: Rules,
    *,
    not_interested: bool = False,
    worked_today: bool = False,
) -> list[TouchRow]:
    """Every active contact always has a next touch: fall back to its kind's rhythm."""
    contact = repo.to_contact(row)
    if not contact.followed_up or repo.has_pending_touch(session, contact.id):
        return []
    key = fallback_key(
        contact,
        repo.last_activity(session, contact),
        today,
        rules,
        not_interested=not_interested or contact.said_no_on is not None,
    )
    begun = begin_run(session, library, contact.id, library.fallback_for(key), today, today, rules)
    handed_over = follow_derived_state(
        session, library, rules, row, today, worked_today=worked_today
    )
    return [touch for touch in begun if touch.status == repo.PENDING] + handed_over


def as_scheduled(
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
                time=row.due_time,
            )
        )
    return tuple(result)


def contact_row_by_id(session: Session, contact_id: int) -> ContactRow:
    row = session.get(ContactRow, contact_id)
    if row is None:
        raise InputError(f"no contact with id {contact_id}")
    return row


LAPSED = "the day it got ready for has passed"


def end_lapsed(
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
        end_if_done(session, run_row, today)


def follow_derived_state(
    session: Session,
    library: Library,
    rules: Rules,
    contact_row: ContactRow,
    today: date,
    *,
    worked_today: bool = False,
) -> list[TouchRow]:
    """A customer long unheard becomes inactive, then a past client (or back again): the
    rhythm keeping her in touch changes with it, on the day it does. Her next six-weekly
    check-in falling after her 90th quiet day gives way to the re-engage call on that day;
    a call of hers worked today and not answered puts it tomorrow at the soonest."""
    run_row = session.scalars(
        select(RunRow).where(
            RunRow.contact_id == contact_row.id,
            RunRow.status == RunStatus.ACTIVE.value,
            RunRow.playbook.in_(sorted(roles.DERIVED_RHYTHMS)),
        )
    ).first()
    if run_row is None:
        return []
    contact = repo.to_contact(contact_row)
    last = repo.last_activity(session, contact)
    key, since = quiet_state(contact, last, today, rules)
    if library.fallback.get(key) == run_row.playbook:
        # No change today: does she go quiet before the rhythm's next call?
        next_due = session.scalar(
            select(func.min(TouchRow.due_on)).where(
                TouchRow.run_id == run_row.id, TouchRow.status == repo.PENDING
            )
        )
        if next_due is None:
            return []
        key, since = quiet_state(contact, last, next_due, rules)
    wanted = library.fallback.get(key)
    if wanted is None or wanted == run_row.playbook or wanted not in roles.DERIVED_RHYTHMS:
        return []
    anchor = max(since, today)
    quieter = is_quieter(wanted, run_row.playbook)
    if quieter and worked_today:
        anchor = max(anchor, today + timedelta(days=1))
    reason = f"now {key.replace('-', ' ')}" if quieter else "heard from again"
    end_runs(session, contact.id, today, reason, run_ids=[run_row.id])
    return begin_run(session, library, contact.id, wanted, anchor, today, rules)


def loose_run(touch: Touch) -> Run:
    """A touch whose run is gone still gets its next step from its playbook."""
    return Run(id=0, contact_id=touch.contact_id, playbook=touch.playbook, anchor=touch.due)


def end_if_done(session: Session, run_row: RunRow, today: date) -> None:
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


def due_calls(
    db: Database,
    until: date,
    after: date | None,
    library: Library,
    window: tuple[int, int] | None = None,
) -> list[DueTouch]:
    with db.read() as session:
        # The contact row is read for her name anyway: the discreet flag rides along (a
        # query of its own scanned every contact, no index, at every reload).
        return [
            DueTouch(
                touch=touch,
                name=name,
                kind=Kind(kind),
                title=touch.title or touch_title(library, touch.playbook, touch.step),
                discreet=discreet,
            )
            for touch, name, kind, discreet in repo.due_touches(
                session, until, after=after, window=window
            )
        ]


def skip_step(
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
    created = insert_touches(
        session,
        touch_row.contact_id,
        run_row.id,
        one_touch_a_day(session, touch_row.contact_id, run_row, plan.touches, today),
        today,
        order_id=touch_row.order_id,
    )
    end_if_done(session, run_row, today)
    return created


def next_up(session: Session, library: Library, contact_id: int) -> tuple[Scheduled, ...]:
    """A contact's pending touches on the soonest day any is due."""
    pending = repo.pending_touches(session, contact_id)
    soonest = [t for t in pending if t.due == pending[0].due] if pending else []
    rows = [row for t in soonest if (row := session.get(TouchRow, t.id)) is not None]
    return as_scheduled(session, library, rows)
