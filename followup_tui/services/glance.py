"""The week at a glance: calls, bookings, reorders, and who is going quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from followup_tui.db.engine import Database
from followup_tui.domain.glance import Quiet, most_drift, ranked, rhythms, week_of
from followup_tui.domain.model import Kind, Level, Reach, Said
from followup_tui.domain.schedule import Rules
from followup_tui.services import _unit as unit

if TYPE_CHECKING:
    from followup_tui.db.watch import ChangeProbe


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
HEARD = "reach IN ({})".format(", ".join(f"'{reach}'" for reach in GOT_THROUGH))
"""Outcomes that got through, written into the SQL, not bound: SQLite uses the partial
index on them (ix_outcomes_heard, migration 0008) only so."""

# Plain SQL through the driver: SQLAlchemy built and compiled these statements in ~30 ms
# of CPU at the first open (8 ms at each later one), as long as SQLite took to run them.
WEEK = f"""
SELECT
    (SELECT count(*) FROM outcomes WHERE occurred_on BETWEEN :monday AND :today),
    (SELECT count(*) FROM outcomes WHERE occurred_on BETWEEN :monday AND :today AND {HEARD}),
    (SELECT count(*) FROM outcomes
        WHERE occurred_on BETWEEN :monday AND :today AND said = :hosts),
    (SELECT count(*) FROM orders
        WHERE ordered_on BETWEEN :monday AND :today AND EXISTS (
            SELECT 1 FROM orders AS older
            WHERE older.contact_id = orders.contact_id AND older.id < orders.id)),
    (SELECT count(DISTINCT contact_id) FROM kind_changes
        WHERE kind = :team AND changed_on BETWEEN :monday AND :today),
    (SELECT min(created_on) FROM contacts),
    (SELECT min(occurred_on) FROM outcomes)
"""
"""This week's five numbers, and the book's oldest day: nobody was added or heard from
before the first contact's day or the first outcome's (each read from an index)."""

QUIET = f"""
SELECT id, name, kind, last, rhythm, past FROM (
    SELECT id, name, kind, last, rhythm,
        CAST(julianday(:today) - julianday(last) AS INTEGER) AS past
    FROM (
        SELECT c.id AS id, c.name AS name, c.kind AS kind,
            coalesce((
                SELECT o.occurred_on FROM outcomes AS o
                WHERE o.contact_id = c.id AND o.{HEARD}
                ORDER BY o.occurred_on DESC LIMIT 1
            ), c.created_on) AS last,
            {{rhythm}} AS rhythm
        FROM contacts AS c
        WHERE c.kind IN ({{kinds}}) AND c.do_not_contact = 0 AND c.is_me = 0
        -- LIMIT -1 (none) keeps SQLite from copying these into the outer queries,
        -- where the last outcome was looked up three times a contact instead of once.
        LIMIT -1
    )
    LIMIT -1
)
WHERE rhythm = :days AND past > rhythm
ORDER BY (past - rhythm) / CAST(rhythm AS REAL) DESC, name, id
LIMIT :limit
"""
"""The `limit` furthest drifted of the contacts of one rhythm (`days`), of the kinds
that have it (read through the index on kind); {rhythm} is each contact's rhythm."""


@dataclass
class KeptGlance:
    """A glance kept for the next open while the book has not changed: shown again at
    once instead of read again (~40 ms of CPU at 100,000 contacts, more on a busy
    machine). Her settings are in the book, so a change to her rhythms is a change."""

    stats: WeekStats
    today: date
    probe: ChangeProbe | None
    """Tells whether anyone committed since (db/watch.py: SQLite's data_version)."""
    version: int | None
    """The probe's number before the glance was read."""

    def is_current(self, today: date) -> bool:
        """Still the book's glance for `today`. A number that could not be read (None)
        vouches for nothing."""
        probe = self.probe  # once: close() from another thread may set it to None
        return (
            today == self.today
            and probe is not None
            and self.version is not None
            and probe.version() == self.version
        )

    def close(self) -> None:
        if self.probe is not None:
            self.probe.close()
            self.probe = None


def kept_glance(db: Database, today: date, probe: ChangeProbe | None) -> KeptGlance:
    """week_at_a_glance, with what tells the next open whether it may show it again."""
    # Read before the glance: a commit while it is read shows as a change.
    version = probe.version() if probe is not None else None
    return KeptGlance(week_at_a_glance(db, today), today, probe, version)


def week_at_a_glance(db: Database, today: date) -> WeekStats:
    """This week's calls, reached, bookings, reorders, new team members; who is going quiet."""
    monday, _ = week_of(today)
    with unit.read(db) as (session, _, rules):
        raw = _driver(session)
        week = {
            "monday": monday.isoformat(),
            "today": today.isoformat(),
            "hosts": Said.WANTS_TO_HOST.value,
            "team": Kind.TEAM.value,
        }
        calls, reached, booked, reorders, team, first_added, first_heard = raw.execute(
            WEEK, week
        ).fetchone()
        oldest = _oldest_day(first_added, first_heard)
        return WeekStats(
            monday=monday,
            calls_made=calls,
            reached=reached,
            party_bookings=booked,
            reorders=reorders,
            new_team_members=team,
            quiet=_quiet(raw, today, rules, 50, oldest),
        )


def quiet_contacts(session: Session, today: date, rules: Rules, limit: int = 50) -> list[Quiet]:
    """domain.glance.going_quiet, worked out by SQLite: only the `limit` shown come back."""
    raw = _driver(session)
    first_added, first_heard = raw.execute(
        "SELECT (SELECT min(created_on) FROM contacts), (SELECT min(occurred_on) FROM outcomes)"
    ).fetchone()
    return _quiet(raw, today, rules, limit, _oldest_day(first_added, first_heard))


def _quiet(raw: Any, today: date, rules: Rules, limit: int, oldest: date | None) -> list[Quiet]:
    """One rhythm at a time, shortest first: a week's rhythm drifts furthest soonest, so
    the team's and prospects' usually fill the list, and a longer rhythm whose furthest
    possible drift (from the book's `oldest` day) is short of the last one listed is not
    read at all. At 100,000 contacts, one query over every contact took ~90 ms of CPU;
    the two rhythms read take ~30."""
    if limit <= 0:
        return []
    table = rhythms(rules)
    rhythm, parameters = _rhythm_case(table)
    quiet: list[Quiet] = []
    for days in sorted({days for _, _, days in table}):
        full = len(quiet) >= limit
        if full and oldest is not None and quiet[-1].drift > most_drift(today, oldest, days):
            break  # nobody of this rhythm, or of a longer one, gets past the last listed
        kinds = sorted({kind.value for kind, _, of_kind in table if of_kind == days})
        marks = ", ".join(f":in{i}" for i in range(len(kinds)))
        rows = raw.execute(
            QUIET.format(rhythm=rhythm, kinds=marks),
            {
                **parameters,
                **{f"in{i}": kind for i, kind in enumerate(kinds)},
                "today": today.isoformat(),
                "days": days,
                "limit": limit,
            },
        ).fetchall()
        found = [Quiet(r[0], r[1], Kind(r[2]), date.fromisoformat(r[3]), r[4], r[5]) for r in rows]
        quiet = sorted([*quiet, *found], key=ranked)[:limit]
    return quiet


def _rhythm_case(table: list[tuple[Kind, Level | None, int]]) -> tuple[str, dict[str, Any]]:
    """Each contact's rhythm in SQL (domain.glance.rhythms: the first that fits), with
    its parameters."""
    arms: list[str] = []
    parameters: dict[str, Any] = {}
    for i, (kind, level, days) in enumerate(table):
        parameters |= {f"kind{i}": kind.value, f"days{i}": days}
        if level is None:
            arms.append(f"WHEN c.kind = :kind{i} THEN :days{i}")
        else:
            parameters[f"level{i}"] = level.value
            arms.append(f"WHEN c.kind = :kind{i} AND c.team_level = :level{i} THEN :days{i}")
    return f"CASE {' '.join(arms)} END", parameters


def _driver(session: Session) -> Any:
    """The session's connection as the driver has it: plain SQL, plain rows."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    return raw


def _oldest_day(*days: str | None) -> date | None:
    """The earliest of these days; None when there is none, or one is not a day (the
    glance then reads every rhythm)."""
    try:
        return min(date.fromisoformat(day) for day in days if day is not None)
    except ValueError:  # no day at all, or one that is not a date
        return None
