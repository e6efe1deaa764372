"""Every outcome on every kind of call, through the services (issue 13): each log takes the
call off today's list, and its undo leaves every table as it was, row for row.

The desk's own test (tests/ui/test_every_outcome_key.py) presses each key once; this one
covers every kind times every outcome, which through the UI cost CI four minutes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from followup_tui.db.engine import Database, open_database
from followup_tui.domain.model import Outcome, Reach, Said
from followup_tui.services.calls import log_outcome
from followup_tui.services.due import todays_calls
from followup_tui.services.undo import undo_log
from tests.conftest import TODAY

CALLS = {
    "referral": "Maria Lopez",
    "issue follow-up": "Keisha Washington",
    "lead": "Tom Reilly",
    "party morning-after": "Holly Rossi",
    "party guest": "Carmen Silva",
    "new customer": "Jenna Brooks",
    "prospect": "Grace Okafor",
    "reorder": "Amy Jordan",
    "team": "Marcus Cole",
    "circle": "Linda Nguyen",
}
LATER = TODAY + timedelta(days=3)
NOT_REACHED = [Outcome(reach) for reach in Reach if reach is not Reach.REACHED]
SAID = [
    Outcome(Reach.REACHED, Said.ALL_GOOD),
    Outcome(Reach.REACHED, Said.ISSUE),
    Outcome(Reach.REACHED, Said.RESOLVED),
    Outcome(Reach.REACHED, Said.NOT_STARTED, on=LATER),
    Outcome(Reach.REACHED, Said.CALL_ON, on=LATER),
    Outcome(Reach.REACHED, Said.WANTS_TO_HOST),
    Outcome(Reach.REACHED, Said.WANTS_TO_JOIN),
    Outcome(Reach.REACHED, Said.REFERRAL, referral_name="Gia Lo"),
    Outcome(Reach.REACHED, Said.REORDER, skus=("DTX-TEA",)),
    Outcome(Reach.REACHED, Said.NOT_INTERESTED),
    Outcome(Reach.REACHED, Said.DO_NOT_CONTACT),
]
MEETING = [Outcome(Reach.REACHED, Said.MEETING, on=LATER)]
CHOICES = [
    Outcome(Reach.REACHED, choice="wait"),
    Outcome(Reach.REACHED, choice="substitute", skus=("SKN-NGT",)),
    Outcome(Reach.REACHED, choice="refund"),
]


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Each table's rows in id order (the sequence of ids handed out aside)."""
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr)
            for table in tables
        }


def call_of(db: Database, name: str) -> int:
    [touch_id] = [due.touch.id for due in todays_calls(db, TODAY) if due.name == name][:1]
    return touch_id


def log_and_undo_each(path: Path, name: str, outcomes: list[Outcome]) -> None:
    db = open_database(f"sqlite:///{path}")
    try:
        touch_id = call_of(db, name)
        before = every_row(path)
        for outcome in outcomes:
            logged = log_outcome(db, touch_id, outcome, TODAY)
            listed = {due.touch.id for due in todays_calls(db, TODAY)}
            assert touch_id not in listed, outcome
            assert logged.undo is not None, outcome
            undo_log(db, logged.undo)
            after = every_row(path)
            changed = {table for table in before if before[table] != after[table]}
            assert not changed, (outcome, changed)
            assert touch_id in {due.touch.id for due in todays_calls(db, TODAY)}, outcome
    finally:
        db.dispose()


@pytest.mark.parametrize("kind", CALLS, ids=list(CALLS))
def test_every_outcome_is_taken_back_exactly(demo_path: Path, kind: str) -> None:
    extra = MEETING if kind == "prospect" else []
    log_and_undo_each(demo_path, CALLS[kind], [*NOT_REACHED, *SAID, *extra])


def test_every_choice_on_a_corporate_backorder(demo_path: Path) -> None:
    # Undo puts the line's choice back, and "Chose to wait." (the log's words, not hers)
    # is not kept as a note (issue 16).
    log_and_undo_each(demo_path, "Priya Shah", [*NOT_REACHED, *CHOICES])
