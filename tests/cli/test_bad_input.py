"""Bad input: exit 2, one `followup:` line on stderr, no traceback, and nothing written."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from .conftest import Cli, assert_refused


@pytest.fixture
def book(run: Cli) -> dict[str, int]:
    """A customer with her Day 1 call pending, and a lead whose first call is already worked."""
    contact = run.add("Dana Whitfield", "--kind", "customer")
    run.order(contact, "DTX-7", "--on", "2026-11-22")
    lead = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")
    worked = run.only_pending(lead)["id"]
    run.log(worked, "reached")
    return {"contact": contact, "touch": run.only_pending(contact)["id"], "worked": worked}


BAD: dict[str, tuple[list[str], str]] = {
    # id: (argv, a word the one line must hold)
    "unknown-contact-show": (["show", "99"], "99"),
    "unknown-contact-order": (["order", "99", "DTX-7"], "99"),
    "unknown-contact-note": (["note", "99", "hello"], "99"),
    "unknown-referrer": (["add", "Rita", "--kind", "referral", "--referred-by", "99"], "99"),
    "contact-id-not-a-number": (["show", "dana"], "dana"),
    "contact-id-zero": (["show", "0"], "0"),
    "unknown-touch": (["log", "999", "reached"], "999"),
    "unknown-sku": (["order", "{contact}", "DTX-7", "NOPE-1"], "NOPE-1"),
    "backorder-not-ordered": (["order", "{contact}", "DTX-7", "--backorder", "NUT-OM3"], "NUT-OM3"),
    "corporate-without-backorder": (["order", "{contact}", "DTX-7", "--corporate"], "backorder"),
    "no-sku": (["order", "{contact}"], "SKU"),
    "order-in-the-future": (["order", "{contact}", "DTX-7", "--on", "2026-12-01"], "future"),
    "order-bad-date": (["order", "{contact}", "DTX-7", "--on", "2026-02-30"], "2026-02-30"),
    "unknown-kind": (["add", "Rita", "--kind", "friend"], "friend"),
    "no-kind": (["add", "Rita"], "--kind"),
    "unknown-kind-filter": (["contacts", "--kind", "friend"], "friend"),
    "unknown-level": (["add", "Tia", "--kind", "team", "--level", "boss"], "boss"),
    "level-without-team": (["add", "Tia", "--kind", "lead", "--level", "new-leader"], "team"),
    "unknown-category": (["products", "--category", "toys"], "toys"),
    "unknown-reach": (["log", "{touch}", "maybe"], "maybe"),
    "unknown-outcome": (["log", "{touch}", "reached", "--said", "perhaps"], "perhaps"),
    "impossible-date": (["add", "Lena", "--kind", "lead", "--met-on", "2026-02-30"], "2026-02-30"),
    "not-a-date": (["add", "Lena", "--kind", "lead", "--met-on", "yesterdayish"], "yesterdayish"),
    "met-in-the-future": (["add", "Lena", "--kind", "lead", "--met-on", "2026-12-01"], "future"),
    "log-not-a-date": (
        ["log", "{touch}", "reached", "--said", "call-on", "--date", "yesterdayish"],
        "yesterdayish",
    ),
    "log-on-impossible": (["log", "{touch}", "reached", "--on", "2026-13-01"], "2026-13-01"),
    "call-on-in-the-past": (
        ["log", "{touch}", "reached", "--said", "call-on", "--date", "2026-11-01"],
        "2026-11-23",
    ),
    "phone-words": (["add", "Lena", "--kind", "lead", "--phone", "call me"], "call me"),
    "phone-too-short": (["add", "Lena", "--kind", "lead", "--phone", "555-12"], "555-12"),
    "email-no-domain": (["add", "Lena", "--kind", "lead", "--email", "lena@"], "lena@"),
    "email-words": (["add", "Lena", "--kind", "lead", "--email", "not an email"], "not an email"),
    "empty-name": (["add", "", "--kind", "lead"], "name"),
    "blank-name": (["add", "   ", "--kind", "lead"], "name"),
    "bad-fact": (["add", "Lena", "--kind", "lead", "--fact", "perfume"], "perfume"),
    "said-without-reached": (["log", "{touch}", "no-answer", "--said", "all-good"], "reached"),
    "not-started-without-date": (["log", "{touch}", "reached", "--said", "not-started"], "--date"),
    "call-on-without-date": (["log", "{touch}", "reached", "--said", "call-on"], "--date"),
    "referral-without-name": (["log", "{touch}", "reached", "--said", "referral"], "--name"),
    "referral-blank-name": (
        ["log", "{touch}", "reached", "--said", "referral", "--name", "  "],
        "name",
    ),
    "touch-already-worked": (["log", "{worked}", "reached"], "already"),
    "empty-note": (["note", "{contact}", "   "], "empty"),
    "unknown-command": (["frobnicate"], "frobnicate"),
    "unknown-option": (["today", "--yesterday"], "--yesterday"),
    "demo-no-contacts": (["demo", "--contacts", "0"], "--contacts"),
    # Once ran on and on, filling the disk
    "demo-too-many-contacts": (["demo", "--contacts", "99999999999"], "at most 1,000,000"),
}


@pytest.mark.parametrize(("argv", "word"), list(BAD.values()), ids=list(BAD))
def test_refused_and_nothing_written(
    run: Cli, book: dict[str, int], argv: list[str], word: str
) -> None:
    # GIVEN a database with contacts, orders, touches and outcomes
    before = run.dump()

    # WHEN a command is given bad input
    line = run.fails(*(arg.format(**book) for arg in argv))

    # THEN one clear line says what was wrong, and the database is as it was
    assert word in line
    assert run.dump() == before


@pytest.mark.parametrize("today", ["2026-02-30", "yesterdayish", "23/11/2026"])
def test_bad_today_flag(run: Cli, book: dict[str, int], today: str) -> None:
    before = run.dump()

    line = run.fails("add", "Rita", "--kind", "referral", today=today)

    assert today in line
    assert run.dump() == before


def test_bad_input_before_any_database(run: Cli) -> None:
    # Checks that need no database do not leave an empty one behind.
    assert_refused(run("add", "Rita", "--kind", "friend"))
    assert_refused(run("frobnicate"))

    assert not run.db_path.exists()


def test_a_failed_log_leaves_the_touch_pending(run: Cli, book: dict[str, int]) -> None:
    run.fails("log", str(book["touch"]), "reached", "--said", "not-started")

    touch = run.only_pending(book["contact"])
    assert (touch["id"], touch["status"]) == (book["touch"], "pending")
    run.log(book["touch"], "reached", "--said", "not-started", "--date", "2026-11-30")
    assert run.only_pending(book["contact"])["due"] == "2026-11-30"


def test_unusable_database_files(run: Cli, tmp_path: Path) -> None:
    # A folder, a file that is not SQLite, and a schema from a newer version.
    folder = tmp_path / "folder.db"
    folder.mkdir()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all\n" * 100)
    newer = tmp_path / "newer.db"
    run.on(newer).add("Rita Moreno", "--kind", "referral")
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()

    for path, word in ((folder, "folder"), (garbage, "not a database"), (newer, "newer")):
        before = path.read_bytes() if path.is_file() else b""
        for command in (["today"], ["add", "Lena", "--kind", "lead"]):
            line = run.on(path).fails(*command)
            assert word in line
        assert (path.read_bytes() if path.is_file() else b"") == before


def test_an_unknown_older_schema_is_not_called_newer(run: Cli) -> None:
    # GIVEN a followup-looking file whose schema this version never had
    run.add("Rita Moreno", "--kind", "referral")
    with closing(sqlite3.connect(run.db_path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
        connection.commit()
    before = run.db_path.read_bytes()

    line = run.fails("today")

    # THEN it says what is true (it once said "made by a newer followup-tui")
    assert "unknown schema version 0000" in line and "newer" not in line
    assert run.db_path.read_bytes() == before


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@pytest.mark.parametrize(
    ("url", "word"),
    [
        pytest.param("nonsense://x", "no such kind of database", id="unknown-dialect"),
        pytest.param("sqlite+nodriver:///x.db", "no such kind of database", id="unknown-driver"),
        pytest.param("://x", "cannot be read", id="not-a-url"),
        pytest.param(
            "postgresql+psycopg2://u:hunter2@h/db",
            "driver for postgresql is not installed",
            id="postgresql-without-driver",
            marks=pytest.mark.skipif(_installed("psycopg2"), reason="psycopg2 is installed"),
        ),
    ],
)
def test_a_database_url_that_cannot_be_used(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, word: str
) -> None:
    # Once "something went wrong (NoSuchModuleError / ModuleNotFoundError)", exit 1
    monkeypatch.chdir(tmp_path)
    line = _fails_with_db(run, url)
    assert word in line
    assert "hunter2" not in line  # a password in the URL is never shown
    assert list(tmp_path.iterdir()) == []  # not even an empty file is left


def _fails_with_db(run: Cli, url: str) -> str:
    result = run.raw("today", "--db", url, "--today", "2026-11-23")
    assert_refused(result)
    return result.err


def test_a_database_name_too_long(run: Cli, tmp_path: Path) -> None:
    # Once "something went wrong (OSError)", exit 1
    line = run.on(tmp_path / ("a" * 300 + ".db")).fails("today")
    assert "name is too long" in line
    assert list(tmp_path.iterdir()) == []
