"""Putting a contact on a playbook by hand: three-three-three."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_refused


def test_three_three_three_from_today(run: Cli) -> None:
    # GIVEN a friend of the family
    friend = run.add("Linda Nguyen", "--kind", "circle")
    # WHEN she is put on three-three-three
    out = run.ok("start", str(friend), "three-three-three")
    # THEN her first touch is 3 days on, and the next ones follow the playbook
    assert "2026-11-26" in out
    steps = run.query(
        "SELECT step, due_on FROM touches WHERE contact_id = ? AND playbook = 'three-three-three'",
        friend,
    )
    assert steps == [("three-days", "2026-11-26")]


def test_refused_twice_or_for_an_event_playbook(run: Cli) -> None:
    friend = run.add("Linda Nguyen", "--kind", "circle")
    run.ok("start", str(friend), "three-three-three")
    assert_refused(run("start", str(friend), "three-three-three"))
    assert_refused(run("start", str(friend), "party"))
    assert_refused(run("start", "999", "three-three-three"))
