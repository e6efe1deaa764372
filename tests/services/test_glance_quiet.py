"""Who is going quiet, worked out by SQLite, is what domain.glance.going_quiet says of
every contact read into Python."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from followup_tui.db.engine import Database, open_database
from followup_tui.db.models import ContactRow, OutcomeRow
from followup_tui.domain.glance import Quiet, going_quiet
from followup_tui.domain.model import Kind, Level
from followup_tui.domain.schedule import Rules
from followup_tui.services import _unit as unit
from followup_tui.services.glance import GOT_THROUGH, quiet_contacts


def quiet_in_python(db: Database, today: date, rules: Rules, limit: int) -> list[Quiet]:
    """The way it was done before: every contact and the last outcome of each."""
    with db.read() as session:
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
    return going_quiet(contacts, today, rules, limit)


@pytest.mark.parametrize("later", [0, 30, 200])
@pytest.mark.parametrize("limit", [5, 50, 10_000])
def test_sql_and_python_agree(demo_path: Path, today: date, later: int, limit: int) -> None:
    db = open_database(f"sqlite:///{demo_path}")
    day = today + timedelta(days=later)
    with unit.read(db) as (session, _, rules):
        in_sql = quiet_contacts(session, day, rules, limit)
    expected = quiet_in_python(db, day, rules, limit)
    db.dispose()
    assert expected, "the demo has quiet contacts"
    assert in_sql == expected
