"""`followup demo`: a deterministic book of business and a realistic morning."""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

import pytest

from followup_tui import cli

from .conftest import TODAY, Cli

KINDS = {
    "lead",
    "prospect",
    "customer",
    "hostess",
    "referral",
    "referral-partner",
    "circle",
    "team",
}


class Filled(NamedTuple):
    path: Path
    code: int
    out: str


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Filled, Filled]:
    """Two fresh databases, each filled by `followup demo --contacts 50` (made once: it is slow)."""
    folder = tmp_path_factory.mktemp("demo")
    made = []
    for name in ("one.db", "two.db"):
        out = io.StringIO()
        argv = ["demo", "--contacts", "50", "--db", str(folder / name), "--today", TODAY]
        made.append(Filled(folder / name, cli.main(argv, out=out), out.getvalue()))
    return made[0], made[1]


@pytest.fixture
def demo_dbs(filled: tuple[Filled, Filled]) -> tuple[Path, Path]:
    return filled[0].path, filled[1].path


def test_demo_reports_what_it_made(filled: tuple[Filled, Filled]) -> None:
    assert [(f.code, f.out) for f in filled] == [(0, "Demo data: 50 contacts\n")] * 2


def test_demo_makes_as_many_contacts_as_asked(run: Cli, demo_dbs: tuple[Path, Path]) -> None:
    assert len(run.on(demo_dbs[0]).json("contacts")) == 50


def test_two_fresh_databases_are_identical(run: Cli, demo_dbs: tuple[Path, Path]) -> None:
    one, two = (run.on(path) for path in demo_dbs)

    assert one.json("contacts") == two.json("contacts")
    assert one.today() == two.today()


def test_covers_every_kind(run: Cli, demo_dbs: tuple[Path, Path]) -> None:
    contacts = run.on(demo_dbs[0]).json("contacts")

    assert {c["kind"] for c in contacts} >= KINDS


def test_a_realistic_morning(run: Cli, demo_dbs: tuple[Path, Path]) -> None:
    demo = run.on(demo_dbs[0])

    today = demo.today()

    assert today, "the demo leaves nothing to do this morning"
    assert today[0]["playbook"] == "referral"
    assert any(t["playbook"] == "corporate-backorder" for t in today)
    assert any(t["overdue_days"] > 0 for t in today)
    # The order holds: referrals, corporate backorders, overdue, then today's.
    groups = [
        0 if t["playbook"] == "referral" else 1 if t["playbook"] == "corporate-backorder" else 2
        for t in today
    ]
    assert groups == sorted(groups)


def test_every_demo_contact_has_a_next_touch(run: Cli, demo_dbs: tuple[Path, Path]) -> None:
    assert run.on(demo_dbs[0]).without_next_touch() == []
