"""Migration 0004: a new customer's reorder call moves off her welcome chain onto a run
of its own, on the same day, and nothing else about her calls changes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from followup_tui.db.engine import open_database

from .conftest import first_release_at, url


def query(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


def test_a_welcome_chain_done_but_for_its_late_reorder_call_hands_it_over(
    tmp_path: Path,
) -> None:
    # GIVEN a new customer (run 6, first order 2026-11-20, a day-14 kit) whose welcome calls
    # are all worked, and whose reorder call the old chain had pushed to 2026-12-10
    path = first_release_at(tmp_path, "0003")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE touches SET status = 'done', closed_on = '2026-11-23'"
                           " WHERE run_id = 6 AND status = 'pending'")  # fmt: skip
        connection.execute(
            "INSERT INTO touches (contact_id, run_id, playbook, step, title, due_on, channel,"
            " priority, status, attempt, is_issue, order_id, created_on)"
            " VALUES (3, 6, 'new-customer', 'reorder', 'Reorder', '2026-12-10', 'call', 4,"
            " 'pending', 2, 0, 2, '2026-11-23')"
        )
        connection.commit()

    # WHEN today's app opens the book
    open_database(url(path)).dispose()

    # THEN the very same call (its day, its tries) now belongs to a reorder run of its own
    [(reorder_run, day, order_id)] = query(
        path, "SELECT id, reorder_day, order_id FROM runs WHERE contact_id = 3"
        " AND playbook = 'reorder'"
    )  # fmt: skip
    assert (day, order_id) == (14, 2)
    assert query(
        path, "SELECT playbook, due_on, attempt FROM touches WHERE run_id = ? AND"
        " status = 'pending'", reorder_run
    ) == [("reorder", "2026-12-10", 2)]  # fmt: skip
    # AND the welcome chain, with nothing left to call, is finished on its last call
    assert query(path, "SELECT status, ended_on, reorder_day FROM runs WHERE id = 6") == [
        ("ended", "2026-11-23", None)
    ]


def test_a_customer_still_being_welcomed_gets_her_reorder_call_on_the_products_day(
    tmp_path: Path,
) -> None:
    # GIVEN a new customer (run 16: first order 2026-11-14, a day-30 product) with an issue
    # call open on her welcome chain
    path = first_release_at(tmp_path, "0003")
    before = query(path, "SELECT id, step, due_on, status FROM touches WHERE run_id = 16")

    # WHEN today's app opens the book
    open_database(url(path)).dispose()

    # THEN her reorder call is planned on day 30 of the order, on a run of its own
    [(reorder_run,)] = query(
        path, "SELECT id FROM runs WHERE contact_id = 9 AND playbook = 'reorder'"
    )
    assert query(
        path, "SELECT step, due_on, order_id, status FROM touches WHERE run_id = ?", reorder_run
    ) == [("reorder", "2026-12-14", 5, "pending")]
    # AND the welcome chain goes on as it was: same calls, still active, no reorder day
    assert query(path, "SELECT id, step, due_on, status FROM touches WHERE run_id = 16") == before
    assert query(path, "SELECT status, reorder_day FROM runs WHERE id = 16") == [("active", None)]


def test_finished_welcome_chains_are_left_as_they_were(tmp_path: Path) -> None:
    # GIVEN the book's customers whose welcome chains ended before the upgrade
    path = first_release_at(tmp_path, "0003")
    ended = "SELECT id, status, reorder_day, ended_on FROM runs WHERE playbook = 'new-customer'"
    ended += " AND status = 'ended' ORDER BY id"
    before = query(path, ended)
    finished_only = (
        "SELECT id FROM runs WHERE playbook = 'reorder' AND contact_id NOT IN"
        " (SELECT contact_id FROM runs WHERE playbook = 'new-customer' AND status = 'active')"
    )
    reorders_before = query(path, finished_only)

    # WHEN today's app opens the book
    open_database(url(path)).dispose()

    # THEN their history is untouched and no reorder run is made for them
    assert query(path, ended) == before
    assert query(path, finished_only) == reorders_before
