"""`followup demo`: a deterministic book of business and a realistic morning."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

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


# --- all or nothing (issue 16, item 7) ---------------------------------------------------


class Stopped(BaseException):
    """The demo cut off mid-way, as ctrl+c would (not KeyboardInterrupt itself: pytest and
    hypothesis's gc hook treat that one as the run being stopped)."""


def demo_contacts(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as con:
        return int(con.execute("SELECT count(*) FROM contacts WHERE NOT is_me").fetchone()[0])


def test_a_demo_stopped_halfway_leaves_the_book_empty_and_runs_again(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_tui.demo.bulk import simulate_book as real

    # GIVEN a demo stopped after the story and the bulk were written, before its end

    def then_stopped(*args: Any, **kw: Any) -> None:
        real(*args, **kw)
        raise Stopped

    monkeypatch.setattr("followup_tui.demo.simulate_book", then_stopped)
    with pytest.raises(Stopped):
        run("demo", "--contacts", "40")
    monkeypatch.undo()

    # THEN the book holds none of it
    assert demo_contacts(run.db_path) == 0
    # AND the copy a SIGKILL would have left (the block above removes its own) goes with
    # the next demo, which fills the book
    left = run.db_path.parent / f".{run.db_path.name}.demo-killed.partial"
    left.mkdir()
    (left / "book.db").write_bytes(run.db_path.read_bytes())
    assert run.ok("demo", "--contacts", "40") == "Demo data: 40 contacts\n"
    assert demo_contacts(run.db_path) == 40
    assert not [p for p in run.db_path.parent.iterdir() if ".partial" in p.name]


def test_a_demo_never_writes_over_what_changed_meanwhile(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_tui.demo.bulk import simulate_book as real

    # GIVEN another window adds a contact while the demo is being made

    def meanwhile(*args: Any, **kw: Any) -> None:
        real(*args, **kw)
        with closing(sqlite3.connect(run.db_path)) as con, con:
            con.execute(
                "INSERT INTO contacts (name, kind, do_not_contact, discreet, is_me, created_on)"
                " VALUES ('Meanwhile Mia', 'circle', 0, 0, 0, '2026-11-23')"
            )

    monkeypatch.setattr("followup_tui.demo.simulate_book", meanwhile)

    # WHEN the demo ends
    err = run.fails("demo", "--contacts", "40")

    # THEN it says so in one line, and her contact is all the book holds
    assert "changed while the demo was being made" in err
    with closing(sqlite3.connect(run.db_path)) as con:
        names = [n for (n,) in con.execute("SELECT name FROM contacts WHERE NOT is_me")]
    assert names == ["Meanwhile Mia"]


def test_a_demo_in_a_folder_named_like_a_url_fills_that_book(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a folder whose name SQLAlchemy would read as options and escapes
    folder = tmp_path / "a?b%41"
    folder.mkdir()
    monkeypatch.chdir(folder)
    before = sorted(p.name for p in tmp_path.iterdir())
    # WHEN the demo fills a book there
    assert run.on(folder / "book.db").ok("demo", "--contacts", "30") == "Demo data: 30 contacts\n"
    # THEN that book holds it, and no other file was made on the way (once: a book "a")
    assert demo_contacts(folder / "book.db") == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("book.db")) == []
