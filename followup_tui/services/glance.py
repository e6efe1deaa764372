"""The week at a glance: calls, bookings, reorders, and who is going quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, and_, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from followup_tui.db import tables
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, KindChangeRow, OrderRow, OutcomeRow
from followup_tui.domain.glance import Quiet, rhythms, week_of
from followup_tui.domain.model import Kind, Reach, Said
from followup_tui.domain.schedule import Rules
from followup_tui.services import _unit as unit


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
    Reading every contact and the last outcome of each into Python took 1-2 s at 100,000
    contacts; here the last one that got through is the newest of the contact's index
    entries whose row says so (usually the first one looked at)."""
    heard = (
        select(OutcomeRow.occurred_on)
        # The reaches written into the SQL, not bound: a partial index on them
        # (notes/lists.md) is used only so.
        .where(
            OutcomeRow.contact_id == ContactRow.id,
            OutcomeRow.reach.in_([literal_column(f"'{reach}'") for reach in GOT_THROUGH]),
        )
        .order_by(OutcomeRow.occurred_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    rhythm = case(
        *(
            (
                and_(ContactRow.kind == kind.value, ContactRow.team_level == level.value)
                if level is not None
                else ContactRow.kind == kind.value,
                days,
            )
            for kind, level, days in rhythms(rules)
        ),
        else_=None,
    )
    people = (
        select(
            ContactRow.id.label("id"),
            ContactRow.name.label("name"),
            ContactRow.kind.label("kind"),
            func.coalesce(heard, ContactRow.created_on).label("last"),
            rhythm.label("rhythm"),
        )
        .where(ContactRow.do_not_contact == False, ContactRow.is_me == False)  # noqa: E712
        # LIMIT -1 (none) keeps SQLite from copying the subquery into the outer query,
        # where the last outcome was looked up three times a contact instead of once.
        .limit(-1)
        .subquery()
    )
    days = cast(func.julianday(today.isoformat()) - func.julianday(people.c.last), Integer)
    drift = (days - people.c.rhythm) / cast(people.c.rhythm, Float)
    rows = session.execute(
        select(people.c.id, people.c.name, people.c.kind, people.c.last, people.c.rhythm, days)
        .where(days > people.c.rhythm)
        .order_by(drift.desc(), people.c.name)
        .limit(limit)
    )
    return [Quiet(row[0], row[1], Kind(row[2]), _as_date(row[3]), row[4], row[5]) for row in rows]


def _as_date(value: date | str) -> date:
    # COALESCE of two dates comes back as SQLite's text when the row mapper cannot tell.
    return value if isinstance(value, date) else date.fromisoformat(value)
