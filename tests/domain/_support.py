"""Small builders shared by the domain tests: planned touches become touches, runs walk on."""

from __future__ import annotations

from datetime import date

from followup_tui.domain.model import Channel, Outcome, Reach, Run, Said, Touch
from followup_tui.domain.playbooks import Playbook
from followup_tui.domain.schedule import VIRTUAL_STEP_TITLES, PlannedTouch, Rules, plan_outcome

ALL_GOOD = Outcome(reach=Reach.REACHED, said=Said.ALL_GOOD)
NO_ANSWER = Outcome(reach=Reach.NO_ANSWER)


def as_touch(planned: PlannedTouch, run: Run, touch_id: int = 1) -> Touch:
    """The touch the service would store for `planned`."""
    return Touch(
        id=touch_id,
        contact_id=run.contact_id,
        playbook=planned.playbook,
        step=planned.step,
        due=planned.due,
        channel=planned.channel,
        priority=planned.priority,
        run_id=run.id,
        attempt=planned.attempt,
        is_issue=planned.is_issue,
    )


def touch_at(
    playbook: Playbook,
    run: Run,
    step: str,
    due: date,
    *,
    attempt: int = 1,
    touch_id: int = 7,
) -> Touch:
    """A pending touch of `run` on `step` (a playbook step, or a virtual "issue"/"call-back")."""
    virtual = step in VIRTUAL_STEP_TITLES
    channel = Channel.CALL if virtual else playbook.step(step).channel
    priority = 3 if virtual else playbook.step(step).priority
    return Touch(
        id=touch_id,
        contact_id=run.contact_id,
        playbook=playbook.slug,
        step=step,
        due=due,
        channel=channel,
        priority=priority,
        run_id=run.id,
        attempt=attempt,
        is_issue=step == "issue",
    )


def walk_all_good(
    playbook: Playbook, run: Run, first: PlannedTouch, rules: Rules
) -> tuple[list[PlannedTouch], Run]:
    """Work every touch on its due day with "all good" until the run plans nothing more."""
    seen = [first]
    current = first
    for touch_id in range(1, 50):
        plan = plan_outcome(
            playbook, run, as_touch(current, run, touch_id), ALL_GOOD, current.due, rules
        )
        assert plan.run is not None
        run = plan.run
        if not plan.touches:
            return seen, run
        (current,) = plan.touches
        seen.append(current)
    raise AssertionError("the run never ended")


def steps_and_dates(planned: list[PlannedTouch]) -> list[tuple[str, date]]:
    return [(p.step, p.due) for p in planned]
