"""When imported people get their first calls: spread out, never all on one morning."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from followup_tui.domain.model import Kind, Level, Run, team_level
from followup_tui.domain.playbooks import Library
from followup_tui.domain.schedule import PlannedTouch, Rules, start_run

IMPORT_CALLS_A_DAY = 10
"""New first calls an import may add to a day, at most (when the rhythm allows)."""
LONGEST_SPREAD = 365


@dataclass(frozen=True)
class Newcomer:
    """An imported contact, as her first calls need her."""

    contact_id: int
    kind: Kind
    level: Level | None
    met_on: date | None
    do_not_contact: bool


@dataclass(frozen=True)
class FirstRun:
    newcomer: Newcomer
    run: Run
    planned: list[PlannedTouch]
    """Empty when the playbook plans nothing: the run is stored as ended."""


def first_call_day(today: date, position: int, count: int, natural_gap: int) -> date:
    """The day the `position`-th of `count` imported contacts gets its first call.

    Imported people are not new acquaintances: their first calls are spread from
    tomorrow over the playbook's own interval (a 90-day circle rhythm: 300 friends come
    up three or four a day), or longer when that would mean more than
    IMPORT_CALLS_A_DAY a day (300 prospects, whose first call is "today": a month).
    """
    needed = -(-count // IMPORT_CALLS_A_DAY)
    window = min(max(natural_gap, needed, 1), LONGEST_SPREAD)
    return today + timedelta(days=1 + position % window)


def first_runs(
    newcomers: Iterable[Newcomer],
    library: Library,
    today: date,
    rules: Rules,
    offset: int,
    count: int,
) -> list[FirstRun]:
    """Each imported contact's kind's playbook, first calls spread out; `offset` is the
    first one's place among the `count` imported (an import goes in batches)."""
    starts: list[FirstRun] = []
    # What each playbook plans when started today: the same for every contact of a kind.
    natural: dict[str, list[PlannedTouch]] = {}
    # Its first call moved to each spread-out day: a few hundred days for 10,000 people
    # (dataclasses.replace a contact was a tenth of an import's writing).
    moved: dict[tuple[str, date], PlannedTouch] = {}
    for position, newcomer in enumerate(newcomers, start=offset):
        if newcomer.do_not_contact:
            continue
        level = team_level(newcomer.kind, newcomer.level)
        playbook = library[library.start_for(newcomer.kind, level)]
        slug = playbook.slug
        run = Run(id=0, contact_id=newcomer.contact_id, playbook=slug, anchor=today)
        if newcomer.kind is Kind.LEAD and newcomer.met_on:
            run = Run(id=0, contact_id=run.contact_id, playbook=slug, anchor=newcomer.met_on)
            starts.append(FirstRun(newcomer, run, start_run(playbook, run, today, rules)))
            continue  # Day 3 counts from when you met
        if slug not in natural:
            natural[slug] = start_run(playbook, run, today, rules)
        planned = natural[slug]
        if not planned:
            starts.append(FirstRun(newcomer, run, []))
            continue
        # Move the whole run so its first call falls on the spread-out day.
        first = planned[0]
        wanted = first_call_day(today, position, count, (first.due - today).days)
        anchor = today + (wanted - first.due)
        run = Run(id=0, contact_id=run.contact_id, playbook=slug, anchor=anchor)
        if len(planned) > 1:  # fixed dates: every step moves with the anchor
            planned = start_run(playbook, run, today, rules)
            first = replace(planned[0], due=wanted)
        else:
            if (slug, wanted) not in moved:
                moved[slug, wanted] = replace(first, due=wanted)
            first = moved[slug, wanted]
        # Set, not computed: month arithmetic clamps (Oct 31 + 1 month = Nov 30).
        starts.append(FirstRun(newcomer, run, [first, *planned[1:]]))
    return starts
