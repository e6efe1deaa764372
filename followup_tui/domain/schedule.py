"""The scheduling engine: playbooks, runs and outcomes in; touches to plan out.

Pure functions over plain values. The service layer loads a run and its touch,
asks here what follows, and writes the answer in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from followup_tui.domain import roles
from followup_tui.domain.dates import (
    EVERY_DAY,
    add_business_days,
    add_days,
    add_months,
    next_working_day,
    weekday_after,
    weekday_on_or_before,
)
from followup_tui.domain.model import (
    Channel,
    Kind,
    Outcome,
    Run,
    RunStatus,
    Said,
    Touch,
)
from followup_tui.domain.playbooks import Library, Playbook, Step

ISSUE_STEP = "issue"
CALL_BACK_STEP = "call-back"
VIRTUAL_STEP_TITLES = {
    ISSUE_STEP: "Issue follow-up: is it sorted?",
    CALL_BACK_STEP: "Call back, as they asked",
}
BACKORDER_DEADLINE_BUSINESS_DAYS = 10
MEETING_FLAG = "meeting"
"""On a run anchored on a meeting set ahead: its steps before the meeting apply."""


@dataclass(frozen=True)
class Rules:
    """The numbers a consultant may change (settings), with DOMAIN.md's defaults."""

    delivery_estimate_days: int = 7
    lead_rhythm_weeks: int = 5
    issue_retry_days: int = 2
    inactive_after_days: int = 90
    past_client_after_days: int = 730
    working_days: frozenset[int] = EVERY_DAY
    """The weekdays she makes calls (0 = Monday): a day a playbook counts to that falls on
    another moves to the next of these, unless the step keeps its day."""
    country: str | None = None
    """Whose public holidays business days skip (None: weekends only)."""

    @property
    def lead_rhythm_days(self) -> int:
        return self.lead_rhythm_weeks * 7


@dataclass(frozen=True)
class PlannedTouch:
    playbook: str
    step: str
    title: str
    due: date
    channel: Channel
    priority: int
    attempt: int = 1
    is_issue: bool = False


@dataclass(frozen=True)
class StartPlaybook:
    """Start `playbook` for the same contact, anchored on `anchor`."""

    playbook: str
    anchor: date
    on_the_order: bool = False
    """About the same order as the run it follows, anchored on that order's date."""


@dataclass(frozen=True)
class Plan:
    """Everything one worked touch changes; the service applies it in one transaction."""

    touches: tuple[PlannedTouch, ...] = ()
    run: Run | None = None
    new_kind: Kind | None = None
    start: tuple[StartPlaybook, ...] = ()
    referral_name: str | None = None
    record_reorder: bool = False
    do_not_contact: bool = False
    not_interested: bool = False


# --- dates ---------------------------------------------------------------------------


def base_date(step: Step, run: Run, rules: Rules) -> date:
    if step.base == "delivery":
        return run.delivery or add_days(run.anchor, rules.delivery_estimate_days)
    if step.base == "reorder":
        return add_days(run.anchor, run.reorder_day or 30)
    return run.anchor


def nominal_due(step: Step, run: Run, rules: Rules) -> date:
    """The date the playbook gives a step, before any late working is accounted for."""
    base = base_date(step, run, rules)
    if step.business_days is not None:
        due = add_business_days(base, step.business_days, rules.country)
    else:
        due = add_months(base, step.months) if step.months else base
        due = add_days(due, step.day)
    if step.weekday is not None:
        if step.repeats:
            return weekday_after(due, step.weekday)
        due = weekday_on_or_before(due, step.weekday)
    return due


def repeat_due(step: Step, worked_on: date, rules: Rules) -> date:
    if step.weekday is not None:
        return weekday_after(worked_on, step.weekday)
    if step.repeat_months is not None:
        return add_months(worked_on, step.repeat_months)
    days = step.repeat_days
    if isinstance(days, str):
        days = int(getattr(rules, days))
    return add_days(worked_on, days or 7)


def backorder_deadline(ordered_on: date, country: str | None = None) -> date:
    """Ten business days after the order: weekends and her country's holidays skipped."""
    return add_business_days(ordered_on, BACKORDER_DEADLINE_BUSINESS_DAYS, country)


def on_working_day(playbook: Playbook, step: str, due: date, rules: Rules) -> date:
    """A day the playbook counted to that she does not make calls on moves to her next
    working day, unless the rules fix the step's day (the morning after a party...)."""
    if playbook.keeps_day(step):
        return due
    return next_working_day(due, rules.working_days)


# --- which step ----------------------------------------------------------------------


def applies(step: Step, run: Run) -> bool:
    categories = step.only_categories
    if categories is not None and run.category is not None and run.category not in categories:
        return False
    if step.base == "reorder" and run.reorder_day is None:
        return False  # nothing in the order runs out
    if step.only_if == "issue-or-asked":
        return run.had_issue or run.asked_callback
    if step.only_if == "assignment":
        return "assignment" in run.flags
    if step.only_if == "meeting":
        return MEETING_FLAG in run.flags
    return True


def priority(step: Step, run: Run) -> int:
    value = step.priority
    if run.category is not None and run.category in step.low_priority_categories:
        value += 3
    if step.boost_flags & run.flags:
        value -= 1
    return max(1, value)


def next_step(playbook: Playbook, run: Run, after: str | None) -> Step | None:
    steps = playbook.track(run.track)
    slugs = [s.slug for s in steps]
    start = 0
    if after is not None and after in slugs:
        current = steps[slugs.index(after)]
        if current.repeats:
            return current
        start = slugs.index(after) + 1
    return next((s for s in steps[start:] if applies(s, run)), None)


def _planned(
    playbook: Playbook, step: Step, run: Run, due: date, rules: Rules | None = None
) -> PlannedTouch:
    """`rules` given: `due` was counted, and moves off her days off; without, it is a date
    she gave (call me on, will start on) and stays."""
    return PlannedTouch(
        playbook=playbook.slug,
        step=step.slug,
        title=step.title,
        due=on_working_day(playbook, step.slug, due, rules) if rules else due,
        channel=step.channel,
        priority=priority(step, run),
    )


def _fixed_dates(playbook: Playbook, run: Run) -> bool:
    return run.track != "steps" or playbook.fixed_dates


# --- starting a run ------------------------------------------------------------------


def _one_a_day(planned: Iterable[PlannedTouch]) -> list[PlannedTouch]:
    """One event's calls to one person that meet on a day are one call: the most urgent
    says it (the day-before confirmation of an appointment on a Tuesday is also its
    "this week" text)."""
    by_day: dict[date, PlannedTouch] = {}
    for touch in planned:
        kept = by_day.get(touch.due)
        if kept is None or touch.priority <= kept.priority:
            by_day[touch.due] = touch
    return sorted(by_day.values(), key=lambda p: p.due)


def _moves_past(due: date, run: Run, rules: Rules) -> bool:
    """A call getting ready for the party or event that her days off would push to the
    day itself or after it: it stays on its day instead."""
    return due < run.anchor <= next_working_day(due, rules.working_days)


def start_run(playbook: Playbook, run: Run, today: date, rules: Rules) -> list[PlannedTouch]:
    """The first touches of a new run: one for a sequence, all for fixed dates."""
    if _fixed_dates(playbook, run):
        planned = [
            _planned(playbook, step, run, due, None if _moves_past(due, run, rules) else rules)
            for step in playbook.track(run.track)
            if applies(step, run)
            for due in [nominal_due(step, run, rules)]
        ]
        return _one_a_day(p for p in planned if p.due >= today)
    first = next_step(playbook, run, None)
    if first is None:
        return []
    # Started after its first days have passed (put on three-three-three a week after
    # meeting her): what is past is due now.
    return [_planned(playbook, first, run, max(nominal_due(first, run, rules), today), rules)]


def lapsed_steps(playbook: Playbook, run: Run, on: date, rules: Rules) -> frozenset[str]:
    """The steps of a run around an event (a party, a team event) that get ready for it,
    once the event has passed on `on`: "tomorrow's the party" has nothing left to say the
    morning after. Their touches end rather than stay overdue."""
    if not _fixed_dates(playbook, run) or on <= run.anchor:
        return frozenset()
    return frozenset(
        step.slug
        for step in playbook.track(run.track)
        if nominal_due(step, run, rules) < run.anchor
    )


# --- working a touch -----------------------------------------------------------------


def _advance(
    playbook: Playbook,
    run: Run,
    position: str | None,
    worked_on: date,
    rules: Rules,
    *,
    after_extra: bool = False,
) -> tuple[Run, tuple[PlannedTouch, ...]]:
    """Move the run past `position` and plan its next step, if it has one.

    `after_extra`: the touch worked was an extra call between the playbook's own (an
    issue follow-up, a call-back), which does not move the playbook's days.
    """
    run = replace(run, position=position, issue_open=False)
    if _fixed_dates(playbook, run):
        # Fixed-date touches were all planned at the start; nothing follows from one.
        return run, ()
    step = next_step(playbook, run, position)
    if step is None:
        return replace(run, status=RunStatus.ENDED), ()
    previous = _step_or_none(playbook, run, position)
    repeating = previous is not None and previous.slug == step.slug
    if repeating or (step.repeats and not step.has_offset):
        due = repeat_due(step, worked_on, rules)
    else:
        due = nominal_due(step, run, rules)
        expected = _expected(playbook, previous, run, rules) if previous else worked_on
        if after_extra:
            # Day N stays Day N: the step keeps its own day, or comes the day after the
            # extra call when that day passed while it was waiting (an open issue).
            due = due if due >= worked_on else add_days(worked_on, 1)
        elif step.base == "anchor" and worked_on > expected:
            # Worked late: keep the playbook's spacing from the day it was worked, so
            # overdue touches never pile up. A reorder or a delivery keeps its own day:
            # the product runs out, or arrives, whenever the calls were made.
            gap = (due - expected).days
            due = max(due, add_days(worked_on, max(1, gap)))
        else:
            # Worked on its day: the next keeps its own day, or, when that had passed
            # before the run began (put on three-three-three late), comes next.
            due = max(due, add_days(worked_on, 1))
    return run, (_planned(playbook, step, run, due, rules),)


def _expected(playbook: Playbook, step: Step, run: Run, rules: Rules) -> date:
    """The day the engine itself gave `step`: its own day, the run's first day when that
    had passed before the run began, moved off a day she does not make calls. Worked
    after this, it was worked late."""
    due = nominal_due(step, run, rules)
    if run.started is not None:
        due = max(due, run.started)
    return on_working_day(playbook, step.slug, due, rules)


def _step_or_none(playbook: Playbook, run: Run, slug: str | None) -> Step | None:
    if slug is None:
        return None
    for step in playbook.track(run.track):
        if step.slug == slug:
            return step
    return None


def _virtual(
    playbook: Playbook, run: Run, step: str, due: date, *, is_issue: bool = False
) -> PlannedTouch:
    current = _step_or_none(playbook, run, run.position)
    return PlannedTouch(
        playbook=playbook.slug,
        step=step,
        title=VIRTUAL_STEP_TITLES[step],
        due=due,
        channel=Channel.CALL,
        priority=3 if is_issue else (current.priority if current else 4),
        is_issue=is_issue,
    )


def plan_outcome(
    playbook: Playbook,
    run: Run,
    touch: Touch,
    outcome: Outcome,
    worked_on: date,
    rules: Rules,
) -> Plan:
    """What follows from working `touch` (of `run`) with `outcome` on `worked_on`."""
    # The step the run stands on: a virtual touch (issue, call-back) keeps the real one.
    extra = touch.step in VIRTUAL_STEP_TITLES
    position = run.position if extra else touch.step

    if not outcome.reach.got_through:
        # An issue is chased until it is logged resolved, however many tries it takes.
        unlimited = playbook.max_attempts == 0
        if touch.is_issue or unlimited or touch.attempt < playbook.max_attempts:
            retry = PlannedTouch(
                playbook=touch.playbook,
                step=touch.step,
                title=touch.title or _title(playbook, touch.step),
                due=on_working_day(
                    playbook, touch.step, add_days(worked_on, playbook.retry_days), rules
                ),
                channel=touch.channel,
                priority=touch.priority,
                attempt=touch.attempt + 1,
                is_issue=touch.is_issue,
            )
            return Plan(touches=(retry,), run=run)
        # Tried enough: the playbook goes on without an answer.
        new_run, touches = _advance(playbook, run, position, worked_on, rules, after_extra=extra)
        then = playbook.then_if_unanswered
        if then and not touches and new_run.status is RunStatus.ENDED:
            follow = StartPlaybook(then, run.anchor, on_the_order=True)
            return Plan(touches=touches, run=new_run, start=(follow,))
        return Plan(touches=touches, run=new_run)

    said = outcome.said or Said.ALL_GOOD
    if said is Said.DO_NOT_CONTACT:
        return Plan(run=replace(run, status=RunStatus.ENDED), do_not_contact=True)
    if said is Said.NOT_INTERESTED:
        return Plan(run=replace(run, status=RunStatus.ENDED), not_interested=True)
    if said is Said.ISSUE:
        held = replace(run, position=position, issue_open=True, had_issue=True)
        due = on_working_day(
            playbook, ISSUE_STEP, add_days(worked_on, rules.issue_retry_days), rules
        )
        return Plan(touches=(_virtual(playbook, held, ISSUE_STEP, due, is_issue=True),), run=held)
    if said is Said.CALL_ON:
        when = _needs_date(outcome, worked_on)
        held = replace(run, position=position, asked_callback=True)
        return Plan(touches=(_virtual(playbook, held, CALL_BACK_STEP, when),), run=held)
    if said is Said.NOT_STARTED:
        return _reanchor(playbook, run, position, _needs_date(outcome, worked_on), rules)
    if said is Said.MEETING:
        return _next_meeting(playbook, run, _needs_date(outcome, worked_on), worked_on, rules)

    new_run, touches = _advance(playbook, run, position, worked_on, rules, after_extra=extra)
    plan = Plan(touches=touches, run=new_run)
    if said is Said.WANTS_TO_HOST:
        # The hostess playbook's book-the-party step is Day 1: tomorrow.
        return replace(plan, new_kind=Kind.HOSTESS, start=(StartPlaybook("hostess", worked_on),))
    if said is Said.WANTS_TO_JOIN:
        return replace(plan, new_kind=Kind.PROSPECT, start=(StartPlaybook("prospect", worked_on),))
    if said is Said.REFERRAL:
        plan = replace(plan, referral_name=outcome.referral_name or "")
    if said is Said.REORDER:
        return replace(plan, record_reorder=True)
    ended = new_run.status is RunStatus.ENDED
    if playbook.slug == roles.REFERRAL and said in (Said.ALL_GOOD, Said.REFERRAL) and ended:
        # Reached, and glad to hear from her (glad enough to pass a name on): a lead from
        # today, Day 3 "did you look at the web shop?" and on, not silence until the
        # 90-day reconnect.
        return replace(plan, new_kind=Kind.LEAD, start=(StartPlaybook(roles.LEAD, worked_on),))
    return plan


def _needs_date(outcome: Outcome, worked_on: date) -> date:
    if outcome.on is None or outcome.on < worked_on:
        raise ValueError(f"{outcome.said} needs a date from {worked_on.isoformat()} on")
    return outcome.on


def _reanchor(
    playbook: Playbook, run: Run, position: str | None, start: date, rules: Rules
) -> Plan:
    """Not started yet: the next step falls on the start date, the rest keep their spacing."""
    run = replace(run, position=position)
    step = next_step(playbook, run, position)
    if step is None or step.base != "anchor" or step.months or step.business_days is not None:
        held = replace(run, asked_callback=True)
        return Plan(touches=(_virtual(playbook, held, CALL_BACK_STEP, start),), run=held)
    anchor = add_days(start, -step.day)
    # The reorder still counts from the order date: shift its day by as much.
    reorder_day = run.reorder_day
    if reorder_day is not None:
        reorder_day += (run.anchor - anchor).days
    run = replace(run, anchor=anchor, reorder_day=reorder_day)
    return Plan(touches=(_planned(playbook, step, run, start),), run=run)


def _next_meeting(
    playbook: Playbook, run: Run, meeting: date, worked_on: date, rules: Rules
) -> Plan:
    """The next meeting is set: the playbook starts again, anchored on the meeting day
    (the reminder the day before, the information after it, then the next step)."""
    if not playbook.takes_meetings:
        raise ValueError(f"{playbook.slug} has no meeting steps: a meeting is for a prospect")
    run = replace(
        run, anchor=meeting, position=None, issue_open=False, flags=run.flags | {MEETING_FLAG}
    )
    step = next_step(playbook, run, None)
    # A reminder before the meeting that would be due by the day it was set (a meeting
    # today or tomorrow) adds nothing to the call that set it: what follows comes next.
    while (
        step is not None
        and not step.repeats
        and nominal_due(step, run, rules) < meeting
        and nominal_due(step, run, rules) <= worked_on
    ):
        run = replace(run, position=step.slug)
        step = next_step(playbook, run, step.slug)
    if step is None:
        return Plan(run=replace(run, status=RunStatus.ENDED))
    due = max(nominal_due(step, run, rules), worked_on)
    return Plan(touches=(_planned(playbook, step, run, due, rules),), run=run)


def _title(playbook: Playbook, step: str) -> str:
    if step in VIRTUAL_STEP_TITLES:
        return VIRTUAL_STEP_TITLES[step]
    return playbook.step(step).title


def touch_title(library: Library, playbook: str, step: str) -> str:
    """Plain words for a touch's reason, for lists and exports."""
    if step in VIRTUAL_STEP_TITLES:
        return VIRTUAL_STEP_TITLES[step]
    try:
        return library[playbook].step(step).title
    except KeyError:
        return f"{playbook}: {step}"
