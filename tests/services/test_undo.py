"""Undo of the last logged outcome puts the database back as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from followup_tui.db.engine import Database, open_database
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said
from followup_tui.errors import InputError
from followup_tui.services import adding, calls, contact_views, due, orders, undo

TODAY = date(2026, 11, 23)
TABLES = ("contacts", "touches", "outcomes", "runs", "orders", "order_lines", "kind_changes")


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.read() as session:
        return {
            table: [tuple(row) for row in session.execute(text(f"SELECT * FROM {table}"))]
            for table in TABLES
        }


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(f"sqlite:///{tmp_path / 'undo.db'}")
    sally = adding.add_contact(database, NewContact("Sally Jensen", Kind.CUSTOMER), TODAY)
    orders.record_order(database, sally, ["DTX-7"], TODAY, ordered_on=date(2026, 11, 22))
    return database


def first_touch(db: Database) -> int:
    return due.todays_calls(db, TODAY)[0].touch.id


@pytest.mark.parametrize(
    "outcome",
    [
        Outcome(Reach.REACHED, Said.ALL_GOOD, note="lovely"),
        Outcome(Reach.NO_ANSWER),
        Outcome(Reach.REACHED, Said.ISSUE),
        Outcome(Reach.REACHED, Said.WANTS_TO_HOST),
        Outcome(Reach.REACHED, Said.REFERRAL, referral_name="Maria Lopez"),
        Outcome(Reach.REACHED, Said.REORDER),
        Outcome(Reach.REACHED, Said.NOT_INTERESTED),
        Outcome(Reach.REACHED, Said.DO_NOT_CONTACT),
    ],
    ids=lambda o: o.said.value if o.said else o.reach.value,
)
def test_undo_restores_every_table(db: Database, outcome: Outcome) -> None:
    # GIVEN the database before a log
    before = dump(db)
    # WHEN an outcome is logged and then undone
    logged = calls.log_outcome(db, first_touch(db), outcome, TODAY)
    assert logged.undo is not None
    assert dump(db) != before
    undo.undo_log(db, logged.undo)
    # THEN every table holds exactly what it held before
    assert dump(db) == before


def test_undo_twice_is_refused(db: Database) -> None:
    logged = calls.log_outcome(db, first_touch(db), Outcome(Reach.REACHED), TODAY)
    assert logged.undo is not None
    undo.undo_log(db, logged.undo)
    with pytest.raises(InputError, match="already undone"):
        undo.undo_log(db, logged.undo)


def test_log_reports_every_touch_it_scheduled(db: Database) -> None:
    outcome = Outcome(Reach.REACHED, Said.REFERRAL, referral_name="Maria Lopez")
    logged = calls.log_outcome(db, first_touch(db), outcome, TODAY)
    # THEN the next step for Sally and the referral's first call are both reported
    assert [(s.name, s.due) for s in logged.scheduled] == [
        ("Sally Jensen", date(2026, 11, 25)),
        ("Maria Lopez", TODAY),
    ]


def test_undo_keeps_the_typed_note(db: Database) -> None:
    touch = first_touch(db)
    logged = calls.log_outcome(db, touch, Outcome(Reach.REACHED, note="loves lavender"), TODAY)
    assert logged.undo is not None
    undo.undo_log(db, logged.undo)
    sally = contact_views.find_contacts(db, search="Sally")[0]
    notes = contact_views.contact_detail(db, sally.id, TODAY).notes
    assert [n.body for n in notes] == ["loves lavender"]


def test_undo_leaves_later_unrelated_work_alone(db: Database) -> None:
    # GIVEN a second contact with a touch of her own, skipped after the log
    sally_touch = first_touch(db)
    maria = adding.add_contact(db, NewContact("Maria Lopez", Kind.REFERRAL), TODAY)
    logged = calls.log_outcome(db, sally_touch, Outcome(Reach.REACHED), TODAY)
    maria_touch = contact_views.contact_detail(db, maria, TODAY).pending[0].touch.id
    calls.skip_touch(db, maria_touch, "called her at the party", TODAY)
    # WHEN the first log is undone
    assert logged.undo is not None
    undo.undo_log(db, logged.undo)
    # THEN Maria's skip stands
    with db.read() as session:
        status = session.execute(
            text("SELECT status, close_reason FROM touches WHERE id = :id"), {"id": maria_touch}
        ).one()
    assert tuple(status) == ("skipped", "called her at the party")
