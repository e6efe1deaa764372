"""Who is going quiet, worked out by SQLite, is what domain.glance.going_quiet says of
every contact read into Python."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Float, Integer, and_, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from followup_tui.db.engine import Database, open_database
from followup_tui.db.models import ContactRow, OutcomeRow
from followup_tui.domain.glance import Quiet, going_quiet, rhythms
from followup_tui.domain.model import Kind, Level
from followup_tui.domain.schedule import Rules
from followup_tui.services import _unit as unit
from followup_tui.services.glance import GOT_THROUGH, quiet_contacts
from tests.conftest import TODAY


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


def quiet_in_one_query(session: Session, today: date, rules: Rules, limit: int) -> list[Quiet]:
    """The way it was done before (0008): one query ranking every contact of the book."""
    heard = (
        select(OutcomeRow.occurred_on)
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
    return [
        Quiet(row[0], row[1], Kind(row[2]), date.fromisoformat(str(row[3])), row[4], row[5])
        for row in rows
    ]


@pytest.fixture(scope="module")
def bigger_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 demo contacts: every kind and team level, years of outcomes."""
    from followup_tui import demo

    path = tmp_path_factory.mktemp("bigger") / "book.db"
    db = open_database(f"sqlite:///{path}")
    demo.fill(db, 1_500, TODAY)
    db.dispose()
    return path


@pytest.mark.parametrize("lead_weeks", [5, 1])
@pytest.mark.parametrize("later", [0, 30, 200, 800])
@pytest.mark.parametrize("limit", [1, 5, 50, 10_000])
def test_one_rhythm_at_a_time_lists_what_one_query_over_the_book_did(
    bigger_book: Path, demo_path: Path, later: int, limit: int, lead_weeks: int
) -> None:
    # GIVEN the demo book and a bigger one, some days on, leads called weekly or not
    day = TODAY + timedelta(days=later)
    rules = Rules(lead_rhythm_weeks=lead_weeks)
    for path in (demo_path, bigger_book):
        db = open_database(f"sqlite:///{path}")
        with db.read() as session:
            # WHEN the glance ranks who is going quiet
            shown = quiet_contacts(session, day, rules, limit)
            # THEN it lists exactly whom the one query over every contact listed
            expected = quiet_in_one_query(session, day, rules, limit)
        db.dispose()
        assert expected, "the book has quiet contacts"
        assert shown == expected


def test_a_rhythm_that_cannot_reach_the_list_is_not_read(bigger_book: Path) -> None:
    # GIVEN a book whose weekly team, half a year on, fills a short list far past their
    # rhythm (the book's oldest day caps how far a longer rhythm can have drifted)
    db = open_database(f"sqlite:///{bigger_book}")
    day = TODAY + timedelta(days=200)
    ranked: list[str] = []
    with db.read() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        # Every statement SQLite runs; a read ranking contacts works out their days past.
        raw.set_trace_callback(lambda sql: ranked.append(sql) if "julianday" in sql else None)
        # WHEN the glance lists the five furthest drifted
        shown = quiet_contacts(session, day, Rules(), 5)
        raw.set_trace_callback(None)
        expected = quiet_in_one_query(session, day, Rules(), 5)
    db.dispose()
    # THEN the week (team) and two-week (prospects) rhythms were read, none of the
    # four longer ones (the one query read all 1,500 contacts), and the list is the same
    assert shown == expected and {q.rhythm for q in shown} <= {7, 14}
    assert len({days for _, _, days in rhythms(Rules())}) == 6
    assert len(ranked) == 2, ranked
