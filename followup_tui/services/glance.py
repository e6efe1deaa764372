"""The week at a glance: calls, bookings, reorders, and who is going quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from followup_tui.db import tables
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, KindChangeRow, OrderRow, OutcomeRow
from followup_tui.domain.glance import Quiet, most_drift, ranked, rhythms, week_of
from followup_tui.domain.model import Kind, Reach, Said
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
    in_week = (monday, today)
    with unit.read(db) as (session, _, rules):

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
        quiet = quiet_contacts(session, today, rules)
        return WeekStats(
            monday=monday,
            calls_made=outcomes(),
            reached=outcomes(OutcomeRow.reach.in_(GOT_THROUGH)),
            party_bookings=outcomes(OutcomeRow.said == Said.WANTS_TO_HOST.value),
            reorders=reorders,
            new_team_members=team,
            quiet=quiet,
        )


def quiet_contacts(session: Session, today: date, rules: Rules, limit: int = 50) -> list[Quiet]:
    """domain.glance.going_quiet, worked out by SQLite: only the `limit` shown come back.

    One rhythm at a time, shortest first: a week's rhythm drifts furthest soonest, so
    the team's and prospects' usually fill the list, and a longer rhythm whose
    furthest possible drift (nobody was added or heard from before the book's oldest
    day) is short of the last one listed is not read at all. At 100,000 contacts, the
    one query over every contact took ~90 ms of CPU; the rhythms read take ~30."""
    if limit <= 0:
        return []
    table = rhythms(rules)
    rhythm = case(
        *(
            (
                and_(ContactRow.kind == kind.value, ContactRow.team_level == level.value)
                if level is not None
                else ContactRow.kind == kind.value,
                days,
            )
            for kind, level, days in table
        ),
        else_=None,
    )
    oldest = _oldest_day(session)
    quiet: list[Quiet] = []
    for days in sorted({days for _, _, days in table}):
        full = len(quiet) >= limit
        if full and oldest is not None and quiet[-1].drift > most_drift(today, oldest, days):
            break  # nobody of this rhythm, or of a longer one, gets past the last listed
        kinds = sorted({kind.value for kind, _, of_kind in table if of_kind == days})
        found = _quiet_of_rhythm(session, today, rhythm, days, kinds, limit)
        quiet = sorted([*quiet, *found], key=ranked)[:limit]
    return quiet


def _quiet_of_rhythm(
    session: Session,
    today: date,
    rhythm: ColumnElement[Any],
    days: int,
    kinds: list[str],
    limit: int,
) -> list[Quiet]:
    """The `limit` furthest drifted of the contacts whose rhythm is `days`."""
    heard = (
        select(OutcomeRow.occurred_on)
        # The reaches written into the SQL, not bound: a partial index on them
        # (ix_outcomes_heard, migration 0008) is used only so.
        .where(
            OutcomeRow.contact_id == ContactRow.id,
            OutcomeRow.reach.in_([literal_column(f"'{reach}'") for reach in GOT_THROUGH]),
        )
        .order_by(OutcomeRow.occurred_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    people = (
        select(
            ContactRow.id.label("id"),
            ContactRow.name.label("name"),
            ContactRow.kind.label("kind"),
            func.coalesce(heard, ContactRow.created_on).label("last"),
            rhythm.label("rhythm"),
        )
        # The kinds with this rhythm: read through the index on kind.
        .where(ContactRow.kind.in_(kinds))
        .where(ContactRow.do_not_contact == False, ContactRow.is_me == False)  # noqa: E712
        # LIMIT -1 (none) keeps SQLite from copying the subquery into the outer query,
        # where the last outcome was looked up three times a contact instead of once.
        .limit(-1)
        .subquery()
    )
    past = cast(func.julianday(today.isoformat()) - func.julianday(people.c.last), Integer)
    drift = (past - people.c.rhythm) / cast(people.c.rhythm, Float)
    rows = session.execute(
        select(people.c.id, people.c.name, people.c.kind, people.c.last, people.c.rhythm, past)
        .where(people.c.rhythm == days, past > people.c.rhythm)
        .order_by(drift.desc(), people.c.name, people.c.id)
        .limit(limit)
    )
    return [Quiet(row[0], row[1], Kind(row[2]), _as_date(row[3]), row[4], row[5]) for row in rows]


def _oldest_day(session: Session) -> date | None:
    """No one was added or heard from before this day: the first contact's day or the
    first outcome's, whichever is earlier (each read from an index). None when the
    book has neither, or holds a day that is not one (nothing is then left unread)."""
    days = [
        session.scalar(select(func.min(column, type_=String)))
        for column in (ContactRow.created_on, OutcomeRow.occurred_on)
    ]
    try:
        return min(date.fromisoformat(day) for day in days if day is not None)
    except ValueError:  # no day at all, or one that is not a date
        return None


def _as_date(value: date | str) -> date:
    # COALESCE of two dates comes back as SQLite's text when the row mapper cannot tell.
    return value if isinstance(value, date) else date.fromisoformat(value)
