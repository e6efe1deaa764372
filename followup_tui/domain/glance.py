"""The day and the week at a glance: who is going quiet, how the week went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from followup_tui.domain.model import Kind, Level
from followup_tui.domain.schedule import Rules

RHYTHM_DAYS = {
    Kind.PROSPECT: 14,
    Kind.CUSTOMER: 42,
    Kind.HOSTESS: 42,
    Kind.REFERRAL: 90,  # once called; an uncalled referral is already overdue today
    Kind.REFERRAL_PARTNER: 30,
    Kind.CIRCLE: 90,
}
TEAM_RHYTHM_DAYS = {
    Level.NEW_PARTNER: 7,
    Level.NEW_LEADER: 7,
    Level.MATURE_LEADER: 7,
    Level.SENIOR_PARTNER: 30,
}


def rhythm_days(kind: Kind, level: Level | None, rules: Rules) -> int:
    """How long a contact of this kind may go without hearing from you (DOMAIN.md)."""
    if kind is Kind.LEAD:
        return rules.lead_rhythm_days
    if kind is Kind.TEAM:
        return TEAM_RHYTHM_DAYS.get(level or Level.NEW_PARTNER, 7)
    return RHYTHM_DAYS[kind]


def rhythms(rules: Rules) -> list[tuple[Kind, Level | None, int]]:
    """Every kind (and team level) with its rhythm, for a query that works out the
    quiet ones where the contacts are. (Kind.TEAM, None): a team member of no level."""
    table: list[tuple[Kind, Level | None, int]] = []
    for kind in Kind:
        if kind is Kind.TEAM:
            table += [(kind, level, rhythm_days(kind, level, rules)) for level in Level]
        table.append((kind, None, rhythm_days(kind, None, rules)))
    return table


@dataclass(frozen=True)
class Quiet:
    contact_id: int
    name: str
    kind: Kind
    last_heard: date
    rhythm: int
    days: int

    @property
    def past_rhythm(self) -> int:
        return self.days - self.rhythm

    @property
    def drift(self) -> float:
        """How far past the rhythm, in rhythms: 0.5 is half a rhythm late."""
        return self.past_rhythm / self.rhythm


def going_quiet(
    contacts: list[tuple[int, str, Kind, Level | None, date]],
    today: date,
    rules: Rules,
    limit: int = 50,
) -> list[Quiet]:
    """Contacts past their rhythm since you last got through, furthest drifted first.
    (services.glance asks SQL the same of a whole book; a test holds the two equal.)"""
    quiet = []
    for contact_id, name, kind, level, last_heard in contacts:
        rhythm = rhythm_days(kind, level, rules)
        days = (today - last_heard).days
        if days > rhythm:
            quiet.append(Quiet(contact_id, name, kind, last_heard, rhythm, days))
    quiet.sort(key=ranked)
    return quiet[:limit]


def ranked(quiet: Quiet) -> tuple[float, str, int]:
    """Furthest drifted first, then by name (and by id, two of the same name)."""
    return (-quiet.drift, quiet.name, quiet.contact_id)


def most_drift(today: date, oldest: date, rhythm: int) -> float:
    """The furthest anyone of this rhythm can have drifted when nobody was last heard
    from (or added) before `oldest`: a rhythm past it cannot reach the list."""
    return ((today - oldest).days - rhythm) / rhythm


def week_of(today: date) -> tuple[date, date]:
    """Monday to Sunday around today."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)
