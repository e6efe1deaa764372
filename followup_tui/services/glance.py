"""The week at a glance: calls, bookings, reorders, and who is going quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from followup_tui.db import tables
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, KindChangeRow, OrderRow, OutcomeRow
from followup_tui.domain.glance import Quiet, going_quiet, week_of
from followup_tui.domain.model import Kind, Level, Reach, Said
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
        heard = (
            select(OutcomeRow.contact_id, func.max(OutcomeRow.occurred_on).label("last"))
            .where(OutcomeRow.reach.in_(GOT_THROUGH))
            .group_by(OutcomeRow.contact_id)
            .subquery()
        )
        rows = session.execute(
            select(
                ContactRow.id,
                ContactRow.name,
                ContactRow.kind,
                ContactRow.team_level,
                func.coalesce(heard.c.last, ContactRow.created_on),
            )
            .outerjoin(heard, heard.c.contact_id == ContactRow.id)
            .where(ContactRow.do_not_contact == False, ContactRow.is_me == False)  # noqa: E712
        )
        contacts = [
            (row[0], row[1], Kind(row[2]), Level(row[3]) if row[3] else None, row[4])
            for row in rows
        ]
        return WeekStats(
            monday=monday,
            calls_made=outcomes(),
            reached=outcomes(OutcomeRow.reach.in_(GOT_THROUGH)),
            party_bookings=outcomes(OutcomeRow.said == Said.WANTS_TO_HOST.value),
            reorders=reorders,
            new_team_members=team,
            quiet=going_quiet(contacts, today, rules),
        )
