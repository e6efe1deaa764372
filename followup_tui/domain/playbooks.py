"""Playbooks are data: TOML files under data/playbooks, read into frozen values here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from followup_tui.domain.model import Category, Channel, Kind, Level
from followup_tui.resources import data_dir

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BASES = ("anchor", "delivery", "reorder")
CONDITIONS = ("issue-or-asked", "assignment", "meeting")


class PlaybookError(ValueError):
    """A playbook file that cannot be used, with the file and the reason."""


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    channel: Channel
    priority: int
    """1 is the most urgent."""
    day: int = 0
    business_days: int | None = None
    months: int = 0
    base: str = "anchor"
    weekday: int | None = None
    """0 = Monday: the latest such weekday on or before base + day; for a repeating
    step, the first such weekday after the anchor, then every week."""
    only_categories: frozenset[Category] | None = None
    low_priority_categories: frozenset[Category] = frozenset()
    only_if: str | None = None
    repeat_days: int | str | None = None
    """Days between repeats, or the name of a rule (e.g. "lead_rhythm_days")."""
    repeat_months: int | None = None
    boost_flags: frozenset[str] = frozenset()
    """Run flags that make this step one notch more urgent."""
    has_offset: bool = False
    """False for a repeating step that simply follows the one before by its interval."""
    keeps_day: bool = False
    """Its day is fixed by the rules (the morning after a party, the day before an
    appointment): it stays there even on a day she does not make calls."""

    @property
    def repeats(self) -> bool:
        return self.repeat_days is not None or self.repeat_months is not None


@dataclass(frozen=True)
class Playbook:
    slug: str
    name: str
    steps: tuple[Step, ...]
    guest_steps: tuple[Step, ...] = ()
    event_steps: tuple[Step, ...] = ()
    retry_days: int = 1
    max_attempts: int = 3
    """Tries of a touch not answered before the playbook goes on; 0: until answered."""
    then_if_unanswered: str | None = None
    """A playbook to start, on the same order, when the last step ends unanswered (a
    corporate backorder nobody could reach still gets its deadline check)."""
    fixed_dates: bool = False
    """Dates fixed around an event: all touches are planned at once, past ones left out."""
    keeps_days: bool = False
    """Every step keeps its day, working day or not (a referral: within 48 hours)."""
    counts_from: str = "start"
    """Put on by hand, what Day 0 is: the day it starts, or "first-contact" (the day they
    met, else the first call logged with them)."""
    description: str = ""

    def track(self, name: str) -> tuple[Step, ...]:
        tracks = {"steps": self.steps, "guest": self.guest_steps, "event": self.event_steps}
        return tracks[name]

    @property
    def takes_meetings(self) -> bool:
        """True when a next meeting's date can be logged on its touches."""
        return any(step.only_if == "meeting" for step in self.steps)

    def keeps_day(self, slug: str) -> bool:
        """True when the step (or a call between steps) stays on its day off days too."""
        if self.keeps_days:
            return True
        try:
            return self.step(slug).keeps_day
        except KeyError:  # an issue follow-up or a call back: counted days, they move
            return False

    def step(self, slug: str) -> Step:
        for track in (self.steps, self.guest_steps, self.event_steps):
            for step in track:
                if step.slug == slug:
                    return step
        raise KeyError(f"{self.slug} has no step {slug!r}")


@dataclass(frozen=True)
class Library:
    """Every playbook, and which one keeps each kind in touch when all else has ended."""

    playbooks: dict[str, Playbook]
    start: dict[str, str] = field(default_factory=dict)
    """kind (or team level) -> playbook started when a contact of that kind is added."""
    fallback: dict[str, str] = field(default_factory=dict)
    """kind, team level or derived state -> rhythm playbook."""
    events: dict[str, tuple[Level, ...]] = field(default_factory=dict)
    """team event kind -> the levels it reminds."""

    def __getitem__(self, slug: str) -> Playbook:
        return self.playbooks[slug]

    def start_for(self, kind: Kind, level: Level | None) -> str:
        if kind is Kind.TEAM and level is not None:
            return self.start[level.value]
        return self.start[kind.value]

    def fallback_for(self, key: str) -> str:
        return self.fallback[key]


def _frozen_categories(raw: object, where: str) -> frozenset[Category]:
    if not isinstance(raw, list):
        raise PlaybookError(f"{where}: expected a list of categories")
    try:
        return frozenset(Category(c) for c in raw)
    except ValueError as exc:
        raise PlaybookError(f"{where}: {exc}") from None


def _step(raw: dict[str, object], where: str) -> Step:
    try:
        slug = str(raw["slug"])
        title = str(raw["title"])
        channel = Channel(str(raw.get("channel", "call")))
    except (KeyError, ValueError) as exc:
        raise PlaybookError(f"{where}: {exc}") from None
    where = f"{where} step {slug}"
    base = str(raw.get("base", "anchor"))
    if base not in BASES:
        raise PlaybookError(f"{where}: base must be one of {', '.join(BASES)}")
    weekday = raw.get("weekday")
    if weekday is not None and weekday not in WEEKDAYS:
        raise PlaybookError(f"{where}: weekday must be a day name")
    only_if = raw.get("only_if")
    if only_if is not None and only_if not in CONDITIONS:
        raise PlaybookError(f"{where}: only_if must be one of {', '.join(CONDITIONS)}")
    only = raw.get("only_categories")
    repeat_days = raw.get("repeat_days")
    if repeat_days is not None and not isinstance(repeat_days, int | str):
        raise PlaybookError(f"{where}: repeat_days must be a number or a rule name")
    return Step(
        slug=slug,
        title=title,
        channel=channel,
        priority=int(str(raw.get("priority", 5))),
        day=int(str(raw.get("day", 0))),
        business_days=(
            int(str(raw["business_days"])) if raw.get("business_days") is not None else None
        ),
        months=int(str(raw.get("months", 0))),
        base=base,
        weekday=WEEKDAYS.index(str(weekday)) if weekday is not None else None,
        only_categories=_frozenset_or_none(only, where),
        low_priority_categories=(
            _frozen_categories(raw["low_priority_categories"], where)
            if "low_priority_categories" in raw
            else frozenset()
        ),
        only_if=str(only_if) if only_if is not None else None,
        repeat_days=repeat_days,
        repeat_months=(
            int(str(raw["repeat_months"])) if raw.get("repeat_months") is not None else None
        ),
        boost_flags=frozenset(str(f) for f in _list(raw.get("boost_flags", []))),
        has_offset=any(key in raw for key in ("day", "business_days", "months", "base")),
        keeps_day=bool(raw.get("keeps_day", False)),
    )


def _frozenset_or_none(raw: object, where: str) -> frozenset[Category] | None:
    return None if raw is None else _frozen_categories(raw, where)


COUNTS_FROM = ("start", "first-contact")


def _counts_from(raw: object, where: str) -> str:
    if raw not in COUNTS_FROM:
        raise PlaybookError(f"{where}: counts_from must be one of {', '.join(COUNTS_FROM)}")
    return str(raw)


def _list(raw: object) -> list[object]:
    return list(raw) if isinstance(raw, list) else []


def parse_playbook(raw: dict[str, object], where: str) -> Playbook:
    try:
        slug = str(raw["slug"])
        name = str(raw["name"])
    except KeyError as exc:
        raise PlaybookError(f"{where}: missing {exc}") from None

    def track(key: str) -> tuple[Step, ...]:
        items = raw.get(key, [])
        if not isinstance(items, list):
            raise PlaybookError(f"{where}: {key} must be an array of tables")
        return tuple(_step(item, f"{where} {key}") for item in items)

    playbook = Playbook(
        slug=slug,
        name=name,
        steps=track("steps"),
        guest_steps=track("guest_steps"),
        event_steps=track("event_steps"),
        retry_days=int(str(raw.get("retry_days", 1))),
        max_attempts=int(str(raw.get("max_attempts", 3))),
        then_if_unanswered=(
            str(raw["then_if_unanswered"]) if raw.get("then_if_unanswered") else None
        ),
        fixed_dates=bool(raw.get("fixed_dates", False)),
        keeps_days=bool(raw.get("keeps_days", False)),
        counts_from=_counts_from(raw.get("counts_from", "start"), where),
        description=str(raw.get("description", "")).strip(),
    )
    if not (playbook.steps or playbook.guest_steps or playbook.event_steps):
        raise PlaybookError(f"{where}: a playbook needs at least one step")
    return playbook


def load_library(folder: Path | None = None) -> Library:
    folder = folder or data_dir() / "playbooks"
    playbooks: dict[str, Playbook] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "rhythms.toml":
            continue
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise PlaybookError(f"{path.name}: {exc}") from None
        playbook = parse_playbook(raw, path.name)
        playbooks[playbook.slug] = playbook
    rhythms = tomllib.loads((folder / "rhythms.toml").read_text(encoding="utf-8"))
    start = {str(k): str(v) for k, v in dict(rhythms.get("start", {})).items()}
    fallback = {str(k): str(v) for k, v in dict(rhythms.get("fallback", {})).items()}
    try:
        events = {
            str(kind): tuple(Level(level) for level in levels)
            for kind, levels in dict(rhythms.get("events", {})).items()
        }
    except ValueError as exc:
        raise PlaybookError(f"rhythms.toml [events]: {exc}") from None
    for slug in [*start.values(), *fallback.values()]:
        if slug not in playbooks:
            raise PlaybookError(f"rhythms.toml names an unknown playbook {slug!r}")
    return Library(playbooks=playbooks, start=start, fallback=fallback, events=events)


@cache
def default_library() -> Library:
    return load_library()
