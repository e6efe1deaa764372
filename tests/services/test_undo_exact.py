"""Undo takes back exactly what the log (skip, later) did, and nothing saved since (issue 16):
an order recorded after the log, in this window or another, survives the undo; when what was
saved since built on the log, the undo is refused in one line and nothing is written."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from followup_tui.db.engine import Database, open_database
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said
from followup_tui.errors import InputError
from followup_tui.services import adding, calls, contact_views, contacts, due, orders, undo
from followup_tui.services.settings import store_value, stored_value
from tests.services.test_undo import dump

TODAY = date(2026, 11, 23)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(f"sqlite:///{tmp_path / 'undo.db'}")
    sally = adding.add_contact(database, NewContact("Sally Jensen", Kind.CUSTOMER), TODAY)
    orders.record_order(database, sally, ["DTX-7"], TODAY, ordered_on=date(2026, 11, 22))
    return database


def sally(db: Database) -> int:
    return contact_views.find_contacts(db, search="Sally Jensen")[0].id


def first_touch(db: Database) -> int:
    return due.todays_calls(db, TODAY)[0].touch.id


def rows(db: Database, sql: str, **params: object) -> list[tuple[object, ...]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(text(sql), params)]


def log(db: Database, outcome: Outcome, touch: int | None = None) -> undo.UndoLog:
    logged = calls.log_outcome(db, touch or first_touch(db), outcome, TODAY)
    assert logged.undo is not None
    return logged.undo


def refused(db: Database, log: undo.UndoLog, words: str) -> None:
    """The undo is refused with `words`, and writes nothing."""
    before = dump(db)
    with pytest.raises(InputError, match=words):
        undo.undo_log(db, log)
    assert dump(db) == before


def test_an_order_saved_after_the_log_survives_its_undo(db: Database) -> None:
    # GIVEN a logged call, then an order for her (the desk's o, or `followup order`)
    touch = first_touch(db)
    done = log(db, Outcome(Reach.REACHED, Said.ALL_GOOD))
    order = orders.record_order(db, sally(db), ["DTX-TEA"], TODAY)
    order_rows = rows(db, "SELECT * FROM orders WHERE id = :o", o=order)
    lines = rows(db, "SELECT * FROM order_lines WHERE order_id = :o", o=order)
    calls_for_it = rows(db, "SELECT * FROM touches WHERE order_id = :o", o=order)
    assert order_rows and lines and calls_for_it
    # WHEN the log is undone
    undo.undo_log(db, done)
    # THEN the log is gone and the call waits again; the order, its lines and its calls stay
    assert rows(db, "SELECT status FROM touches WHERE id = :t", t=touch) == [("pending",)]
    assert rows(db, "SELECT count(*) FROM outcomes") == [(0,)]
    assert rows(db, "SELECT * FROM orders WHERE id = :o", o=order) == order_rows
    assert rows(db, "SELECT * FROM order_lines WHERE order_id = :o", o=order) == lines
    assert rows(db, "SELECT * FROM touches WHERE order_id = :o", o=order) == calls_for_it


def test_a_kind_change_saved_after_the_log_survives_its_undo(db: Database) -> None:
    # GIVEN Maria (a referral) logged, then her first order makes her a customer
    maria = adding.add_contact(db, NewContact("Maria Lopez", Kind.REFERRAL), TODAY)
    touch = contact_views.contact_detail(db, maria, TODAY).pending[0].touch.id
    done = log(db, Outcome(Reach.NO_ANSWER), touch)
    orders.record_order(db, maria, ["DTX-7"], TODAY)
    changes = "SELECT kind, reason FROM kind_changes WHERE contact_id = :c ORDER BY id"
    became = rows(db, changes, c=maria)
    assert became[-1] == ("customer", "first order")
    # WHEN the log is undone, or refused (her order built on what it planned)
    try:
        undo.undo_log(db, done)
    except InputError as refusal:
        assert str(refusal).startswith("too late to undo: ")
    # THEN she is still a customer, as the order made her
    assert rows(db, changes, c=maria) == became
    assert rows(db, "SELECT kind FROM contacts WHERE id = :c", c=maria) == [("customer",)]


def test_refused_when_an_order_since_took_back_her_no(db: Database) -> None:
    # GIVEN "not interested", then she orders after all (which takes the "no" back)
    done = log(db, Outcome(Reach.REACHED, Said.NOT_INTERESTED))
    orders.record_order(db, sally(db), ["DTX-TEA"], TODAY)
    # THEN the undo is refused, saying what changed; the order stays
    refused(db, done, 'too late to undo: Sally Jensen\'s "not interested" was changed since')
    assert rows(db, "SELECT count(*) FROM orders") == [(2,)]


def test_refused_when_a_call_it_scheduled_was_worked(db: Database) -> None:
    done = log(db, Outcome(Reach.REACHED, Said.ALL_GOOD))
    [next_call] = contact_views.contact_detail(db, sally(db), TODAY).pending[:1]
    assert next_call.touch.due == date(2026, 11, 25)
    log(db, Outcome(Reach.REACHED, Said.ALL_GOOD), next_call.touch.id)
    refused(db, done, "too late to undo: Sally Jensen's call of 25 Nov has been worked since")


def test_refused_when_a_call_it_scheduled_was_moved(db: Database) -> None:
    done = log(db, Outcome(Reach.REACHED, Said.ALL_GOOD))
    [next_call] = contact_views.contact_detail(db, sally(db), TODAY).pending[:1]
    calls.reschedule_touch(db, next_call.touch.id, TODAY + timedelta(days=7), TODAY)
    refused(db, done, "too late to undo: Sally Jensen's call of 30 Nov was changed since")
    assert rows(db, "SELECT due_on FROM touches WHERE id = :t", t=next_call.touch.id) == [
        ("2026-11-30",)
    ]


def test_refused_when_the_order_it_recorded_was_delivered(db: Database) -> None:
    # GIVEN a reorder logged (an order recorded by the log), then delivered
    done = log(db, Outcome(Reach.REACHED, Said.REORDER, skus=("DTX-TEA",)))
    [(order,)] = rows(db, "SELECT id FROM orders WHERE ordered_on = :d", d=TODAY.isoformat())
    orders.mark_delivered(db, int(str(order)), TODAY, TODAY)
    # THEN undo would delete a delivered order: refused
    refused(db, done, "too late to undo: Sally Jensen's order of 23 Nov was changed since")
    assert rows(db, "SELECT delivered_on FROM orders WHERE id = :o", o=order) == [("2026-11-23",)]


def test_refused_when_the_referral_it_added_has_a_note(db: Database) -> None:
    # GIVEN a referral added by the log, and a note written on her card since
    done = log(db, Outcome(Reach.REACHED, Said.REFERRAL, referral_name="Gia Lo"))
    gia = contact_views.find_contacts(db, search="Gia Lo")[0].id
    contacts.add_note(db, gia, "met her at the school gate", TODAY)
    # THEN deleting Gia would take the note with her: refused
    refused(db, done, "too late to undo: Gia Lo has a note since")
    assert rows(db, "SELECT body FROM notes WHERE contact_id = :c", c=gia) == [
        ("met her at the school gate",)
    ]


def test_a_later_worked_since_is_not_moved_back(db: Database) -> None:
    touch = first_touch(db)
    moved = calls.reschedule_touch(db, touch, TODAY + timedelta(days=2), TODAY)
    log(db, Outcome(Reach.REACHED, Said.ALL_GOOD), touch)
    refused(db, moved, "too late to undo: Sally Jensen's call of 25 Nov has been worked since")


def test_a_skip_undone_keeps_an_order_saved_since(db: Database) -> None:
    touch = first_touch(db)
    skipped = calls.skip_touch(db, touch, "saw her at the shop", TODAY)
    order = orders.record_order(db, sally(db), ["DTX-TEA"], TODAY)
    undo.undo_log(db, skipped.undo)
    assert rows(db, "SELECT status FROM touches WHERE id = :t", t=touch) == [("pending",)]
    assert rows(db, "SELECT count(*) FROM orders WHERE id = :o", o=order) == [(1,)]


def test_the_journal_round_trips_through_the_shell(db: Database) -> None:
    # GIVEN a referral logged (rows in several tables, dates among the values)
    done = log(db, Outcome(Reach.REACHED, Said.REFERRAL, referral_name="Gia Lo", note="kind"))
    again = undo.UndoLog.from_json(done.to_json())
    assert again == done
    assert again.created and again.changed
    undo.undo_log(db, again)
    assert contact_views.find_contacts(db, search="Gia Lo") == []


@pytest.mark.parametrize(
    "kept",
    [
        # What an older followup kept: a snapshot of max ids, not a journal.
        json.dumps(
            {
                "outcome_id": 1,
                "touch_id": 2,
                "contact_id": 1,
                "run_id": None,
                "run_before": None,
                "contact_before": ["customer", None, False, None],
                "pending_before": [],
                "active_runs_before": [],
                "max_ids": {"touches": 3, "runs": 2, "orders": 1, "kind_changes": 1},
                "kind": "log",
            }
        ),
        "not json",
        "[1, 2]",
        # A journal naming a table this book does not have.
        json.dumps(
            {
                "version": 2,
                "kind": "log",
                "touch_id": 2,
                "contact_id": 1,
                "created": [["sqlite_master", 1, "x"]],
                "changed": [],
                "outcome_id": 1,
                "note": None,
                "due_before": None,
                "time_before": None,
            }
        ),
    ],
    ids=["older version", "not json", "a list", "unknown table"],
)
def test_an_old_shell_undo_is_refused_not_guessed(db: Database, kept: str) -> None:
    # GIVEN a log, an order since, and what an older version kept for `followup undo`
    log(db, Outcome(Reach.REACHED, Said.ALL_GOOD))
    orders.record_order(db, sally(db), ["DTX-TEA"], TODAY)
    store_value(db, undo.SHELL_UNDO, kept)
    before = dump(db)
    # THEN the shell says there is nothing to undo, and nothing is deleted
    with pytest.raises(InputError, match="^nothing to undo: "):
        undo.undo_last(db)
    assert dump(db) == before
    assert stored_value(db, undo.SHELL_UNDO) == kept
