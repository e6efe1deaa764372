"""The glance's five numbers, read in one statement of plain SQL, are what the ORM's
five queries counted (the way it was done before), week after week of the demo book."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from followup_tui.db import tables
from followup_tui.db.engine import Database, open_database
from followup_tui.db.models import KindChangeRow, OrderRow, OutcomeRow
from followup_tui.domain.glance import week_of
from followup_tui.domain.model import Kind, Said
from followup_tui.services.glance import GOT_THROUGH, week_at_a_glance
from tests.conftest import TODAY


def counted_by_the_orm(db: Database, today: date) -> tuple[int, int, int, int, int]:
    monday, _ = week_of(today)
    in_week = (monday, today)
    with db.read() as session:

        def outcomes(*conditions: object) -> int:
            found = select(func.count(OutcomeRow.id)).where(
                OutcomeRow.occurred_on.between(*in_week),
                *conditions,  # type: ignore[arg-type]
            )
            return session.scalar(found) or 0

        older = tables.orders.alias("older")
        reorders = select(func.count(OrderRow.id)).where(
            OrderRow.ordered_on.between(*in_week),
            select(older.c.id)
            .where(older.c.contact_id == OrderRow.contact_id, older.c.id < OrderRow.id)
            .exists(),
        )
        team = select(func.count(func.distinct(KindChangeRow.contact_id))).where(
            KindChangeRow.kind == Kind.TEAM.value, KindChangeRow.changed_on.between(*in_week)
        )
        return (
            outcomes(),
            outcomes(OutcomeRow.reach.in_(GOT_THROUGH)),
            outcomes(OutcomeRow.said == Said.WANTS_TO_HOST.value),
            session.scalar(reorders) or 0,
            session.scalar(team) or 0,
        )


@pytest.fixture
def counted_book(demo_path: Path) -> Path:
    """The demo book, with what its history lacks in the weeks compared: reorders (a
    second and third order of a customer), a party booked, a new team member."""
    with closing(sqlite3.connect(demo_path)) as book, book:
        for weeks_back in (1, 4):
            day = (TODAY - timedelta(weeks=weeks_back) + timedelta(days=1)).isoformat()
            book.executemany(
                "INSERT INTO orders (contact_id, ordered_on) VALUES (?, ?)", [(5, day)] * 3
            )
            book.execute(
                "UPDATE outcomes SET said = 'wants-to-host' WHERE id = (SELECT min(id)"
                " FROM outcomes WHERE occurred_on BETWEEN date(?, '-1 day') AND ?)",
                (day, day),
            )
            book.execute(
                "INSERT INTO kind_changes (contact_id, kind, changed_on, reason)"
                " VALUES (7, 'team', ?, '')",
                (day,),
            )
    return demo_path


@pytest.mark.parametrize("weeks_back", [0, 1, 2, 4, 9, 20, 52])
def test_the_five_numbers_are_what_the_orm_counted(counted_book: Path, weeks_back: int) -> None:
    # GIVEN the book, a Thursday some weeks back
    day = TODAY - timedelta(weeks=weeks_back) + timedelta(days=3)
    db = open_database(f"sqlite:///{counted_book}")
    # WHEN the glance counts that week
    stats = week_at_a_glance(db, day)
    expected = counted_by_the_orm(db, day)
    db.dispose()
    # THEN it counts what the ORM's queries did
    shown = (
        stats.calls_made,
        stats.reached,
        stats.party_bookings,
        stats.reorders,
        stats.new_team_members,
    )
    assert shown == expected
    if weeks_back in (1, 4):  # something of each to count
        assert all(shown), shown
