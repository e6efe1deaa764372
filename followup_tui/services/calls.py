"""The desk's calls: today's list, logging how a call went, skipping and moving one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, OrderRow, OutcomeRow, RunRow, TouchRow
from followup_tui.db.rows import insert_contact
from followup_tui.domain import roles
from followup_tui.domain.model import (
    Kind,
    NewContact,
    Outcome,
    Reach,
    RunStatus,
    Said,
    TouchStatus,
)
from followup_tui.domain.outcomes import check_outcome, note_with_choice
from followup_tui.domain.playbooks import Library
from followup_tui.domain.schedule import Rules, plan_outcome
from followup_tui.errors import AlreadyWorked, InputError
from followup_tui.services import _unit as unit
from followup_tui.services._journal import recording
from followup_tui.services._runs import (
    Scheduled,
    as_scheduled,
    begin_run,
    change_kind,
    contact_row_by_id,
    end_if_done,
    end_lapsed,
    end_runs,
    ensure_next_touch,
    follow_derived_state,
    insert_touches,
    loose_run,
    next_up,
    one_touch_a_day,
    skip_step,
    timestamp,
)
from followup_tui.services.adding import AlreadyThere, find_duplicate
from followup_tui.services.backorders import record_backorder_choice
from followup_tui.services.orders import repeat_order
from followup_tui.services.undo import LATER, LOG, SKIP, UndoLog

SAYS_YES_AGAIN = frozenset(
    {Said.CALL_ON, Said.WANTS_TO_HOST, Said.WANTS_TO_JOIN, Said.REORDER, Said.NOT_STARTED}
)
"""After a "not interested", what she says that takes it back: she asks to be called,
books, joins or orders."""


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


def log_outcome(
    db: Database,
    touch_id: int,
    outcome: Outcome,
    today: date,
    *,
    worked_on: date | None = None,
    library: Library | None = None,
) -> Logged:
    worked_on = worked_on or today
    if worked_on > today:
        raise InputError("a touch cannot be logged as worked in the future")
    check_outcome(outcome, worked_on)
    with unit.write(db, library) as (session, library, rules):
        return _log(session, library, rules, touch_id, outcome, today, worked_on)


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
        raise AlreadyWorked(f"touch {touch_id} is already {touch_row.status}")
    # Worked early and logged late is fine; before the playbook even began is a typo.
    run_anchor = session.scalar(select(RunRow.anchor_on).where(RunRow.id == touch_row.run_id))
    earliest = min(d for d in (touch_row.created_on, touch_row.due_on, run_anchor) if d)
    if worked_on < earliest:
        raise InputError(f"touch {touch_id} did not exist before {earliest.isoformat()}")
    contact_row = contact_row_by_id(session, touch_row.contact_id)
    referral_name = None
    if outcome.said is Said.REFERRAL:
        from followup_tui.validation import clean_name

        referral_name = clean_name(outcome.referral_name or "")
    if outcome.choice is not None and touch_row.playbook != roles.CORPORATE_BACKORDER:
        raise InputError("a choice (wait, substitute, refund) is for a corporate backorder call")
    if outcome.said is Said.MEETING and not library[touch_row.playbook].takes_meetings:
        raise InputError(
            "a next meeting is for a prospect's calls: log wants-to-join first, "
            "or call-on for a call on that date"
        )
    with recording(session) as journal:
        wrote = _write_log(
            session,
            library,
            rules,
            touch_row,
            contact_row,
            outcome,
            referral_name,
            today,
            worked_on,
        )
        created, changed = journal.finish()
    undo = UndoLog(
        LOG,
        touch_id,
        contact_row.id,
        created,
        changed,
        outcome_id=wrote.outcome_id,
        note=outcome.note or None,
    )
    if wrote.stopped:
        return Logged(wrote.outcome_id, (), undo=undo)
    new_touches = [c.id for c in created if c.table == "touches"]
    scheduled = session.scalars(
        select(TouchRow)
        .where(TouchRow.id.in_(new_touches), TouchRow.status == repo.PENDING)
        .order_by(TouchRow.id)
    )
    return Logged(
        wrote.outcome_id,
        as_scheduled(session, library, scheduled),
        wrote.new_contact_id,
        wrote.new_order_id,
        undo,
        next_up=next_up(session, library, contact_row.id),
    )


class _Wrote(NamedTuple):
    outcome_id: int
    new_contact_id: int | None = None
    new_order_id: int | None = None
    stopped: bool = False
    """She is not to be contacted: nothing is next."""


def _write_log(
    session: Session,
    library: Library,
    rules: Rules,
    touch_row: TouchRow,
    contact_row: ContactRow,
    outcome: Outcome,
    referral_name: str | None,
    today: date,
    worked_on: date,
) -> _Wrote:
    touch_id = touch_row.id

    record = OutcomeRow(
        touch_id=touch_id,
        contact_id=contact_row.id,
        reach=outcome.reach.value,
        said=outcome.said.value if outcome.said else None,
        said_date=outcome.on,
        said_time=outcome.at,
        note=note_with_choice(outcome),
        occurred_on=worked_on,
        created_at=timestamp(),
    )
    session.add(record)
    touch_row.status, touch_row.closed_on = TouchStatus.DONE.value, worked_on
    session.flush()

    touch = repo.to_touch(touch_row)
    run_row = session.get(RunRow, touch_row.run_id) if touch_row.run_id else None
    run = repo.to_run(run_row) if run_row else loose_run(touch)
    plan = plan_outcome(library[touch.playbook], run, touch, outcome, worked_on, rules)

    new_contact_id = new_order_id = None
    if plan.run is not None and run_row is not None:
        repo.store_run(run_row, plan.run)
        if plan.run.status is RunStatus.ENDED:
            run_row.ended_on = worked_on
            run_row.ended_reason = outcome.said.value if outcome.said else "finished"
    planned = insert_touches(
        session,
        contact_row.id,
        run_row.id if run_row else None,
        one_touch_a_day(session, contact_row.id, run_row, plan.touches, today),
        today,
        order_id=touch.order_id,
        from_outcome_id=record.id,
    )
    if outcome.at is not None:
        # "Call me tuesday after 6": the time goes with the call on that day.
        for row in planned:
            if row.due_on == outcome.on:
                row.due_time = outcome.at
    if plan.do_not_contact:
        contact_row.do_not_contact = True
        end_runs(session, contact_row.id, worked_on, "do not contact")
        return _Wrote(record.id, stopped=True)
    if plan.not_interested:
        # No means no: every selling playbook ends, not only this call's; what she already
        # ordered (a backorder on its way) is still seen through.
        contact_row.said_no_on = worked_on
        end_runs(
            session,
            contact_row.id,
            worked_on,
            "not interested",
            playbooks=set(library.playbooks) - roles.SEEN_THROUGH_AFTER_NO,
        )
    elif outcome.said in SAYS_YES_AGAIN:
        contact_row.said_no_on = None
    if plan.new_kind is not None:
        change_kind(session, contact_row, plan.new_kind, None, worked_on, outcome.said or "")
        # The old kind's rhythm (a lead's keep-in-touch) gives way to the new playbook.
        rhythms = set(library.start.values()) | set(library.fallback.values())
        end_runs(
            session, contact_row.id, worked_on, f"became {plan.new_kind.value}", playbooks=rhythms
        )
    for start in plan.start:
        order = session.get(OrderRow, run.order_id) if start.on_the_order and run.order_id else None
        begin_run(
            session,
            library,
            contact_row.id,
            start.playbook,
            order.ordered_on if order else start.anchor,
            today,
            rules,
            order_id=order.id if order else None,
            from_outcome_id=record.id,
        )
    if plan.referral_name is not None and referral_name:
        referral = NewContact(
            name=referral_name,
            kind=Kind.REFERRAL,
            phone=outcome.referral_phone,
            email=outcome.referral_email,
            note=outcome.referral_about,
            referred_by=contact_row.id,
        )
        match = find_duplicate(session, referral)
        if match is not None and match.contact_id is not None:
            # Quick add's rule: no second Dana. Nothing is written; the log comes back.
            raise AlreadyThere(match)
        new_contact_id = insert_contact(session, library, referral, today, rules)
    if touch.playbook == roles.REFERRAL and outcome.reach.got_through:
        _thank_the_referrer(session, library, rules, contact_row, worked_on, today, record.id)
    if plan.record_reorder:
        new_order_id = repeat_order(
            session, library, rules, contact_row.id, run, today, record.id, list(outcome.skus)
        )
    if outcome.choice is not None and (touch.order_id or run.order_id):
        order_id = touch.order_id or run.order_id
        assert order_id is not None
        replacement = outcome.skus[0] if outcome.skus else None
        record_backorder_choice(
            session, library, rules, order_id, outcome.choice, today, replacement=replacement
        )
    end_lapsed(session, library, rules, contact_row.id, worked_on, today)
    if run_row is not None and run_row.status == RunStatus.ACTIVE.value:
        end_if_done(session, run_row, worked_on)
    worked_today = worked_on == today
    follow_derived_state(session, library, rules, contact_row, today, worked_today=worked_today)
    ensure_next_touch(
        session,
        library,
        contact_row,
        today,
        rules,
        not_interested=plan.not_interested,
        worked_today=worked_today,
    )
    return _Wrote(record.id, new_contact_id, new_order_id)


THANKS_TITLE = "Thank them for referring {name}: say how it went"


def _thank_the_referrer(
    session: Session,
    library: Library,
    rules: Rules,
    referral: ContactRow,
    worked_on: date,
    today: date,
    outcome_id: int,
) -> None:
    """The referral is reached on her first call: the one who sent her is thanked, once,
    unless she is not to be called. (Unanswered tries thank nobody yet.)"""
    if referral.referred_by_id is None:
        return
    earlier = session.scalar(
        select(func.count(OutcomeRow.id)).where(
            OutcomeRow.contact_id == referral.id,
            OutcomeRow.id != outcome_id,
            OutcomeRow.reach.not_in([r.value for r in Reach if not r.got_through]),
        )
    )
    referrer = session.get(ContactRow, referral.referred_by_id)
    if earlier or referrer is None or referrer.do_not_contact or referrer.is_me:
        return
    if referrer.said_no_on is not None:
        return
    thanks = begin_run(
        session,
        library,
        referrer.id,
        roles.THANK_REFERRER,
        worked_on,
        today,
        rules,
        from_outcome_id=outcome_id,
    )
    for touch in thanks:
        touch.title = THANKS_TITLE.format(name=referral.name.split()[0])


@dataclass(frozen=True)
class Skipped:
    scheduled: tuple[Scheduled, ...]
    undo: UndoLog


def skip_touch(
    db: Database, touch_id: int, reason: str, today: date, library: Library | None = None
) -> Skipped:
    """Skip a touch with a reason; the playbook goes on as if it had been worked."""
    if not reason.strip():
        raise InputError("say why it is skipped")
    with unit.write(db, library) as (session, library, rules):
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None:
            raise InputError(f"touch {touch_id} is not waiting to be worked")
        if touch_row.status != repo.PENDING:
            raise AlreadyWorked(f"touch {touch_id} is not waiting to be worked")
        contact_row = contact_row_by_id(session, touch_row.contact_id)
        with recording(session) as journal:
            created = skip_step(session, library, rules, touch_row, reason.strip(), today)
            created += ensure_next_touch(session, library, contact_row, today, rules)
            made, changed = journal.finish()
        undo = UndoLog(SKIP, touch_id, contact_row.id, made, changed)
        return Skipped(as_scheduled(session, library, created), undo)


def reschedule_touch(
    db: Database, touch_id: int, when: date, today: date, *, at: str | None = None
) -> UndoLog:
    """Move a call to another day (at a time, "18:00", or none: a time it had is dropped);
    answers how to move it back."""
    if when < today:
        raise InputError("pick today or a later date")
    with db.begin() as session:
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None or touch_row.status != repo.PENDING:
            raise InputError(f"touch {touch_id} is not waiting to be worked")
        due_before, time_before = touch_row.due_on, touch_row.due_time
        with recording(session) as journal:
            touch_row.due_on, touch_row.due_time = when, at
            made, changed = journal.finish()
        return UndoLog(
            LATER,
            touch_id,
            touch_row.contact_id,
            made,
            changed,
            due_before=due_before,
            time_before=time_before,
        )
