"""Fixtures for the bad-input tests: a small book of contacts, copied fresh for every try.

Hypothesis runs many examples inside one test call, so function-scoped fixtures
(tmp_path, capsys) cannot give each example its own database: `Bench.fresh()` does.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from followup_tui import cli

BAD_INPUT_TALLY: Counter[tuple[str, str]] = Counter()
"""test_bad_input's count of inputs tried: (what was fed, stored/refused/help) -> how many."""

BAD_TODAY = "2026-11-23"
"""A Monday; every call pretends this is the real date."""


@dataclass(frozen=True)
class Reply:
    """What one `followup ...` call did."""

    code: int
    out: str
    err: str
    helped: bool = False
    """argparse printed help and exited 0 (a text like `-h` read as the help flag)."""

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass(frozen=True)
class Book:
    """The ids in the template database."""

    customer: int
    """Dana Whitfield, customer, ordered DTX-7 yesterday: her Day 1 call is due today."""
    touch: int
    """Dana's pending Day 1 touch."""
    order: int
    lead: int
    """Lena Ford, a lead."""
    hostess: int
    """Hanna Berg, with a party on 2026-11-30."""
    party: int


class Bench:
    """`followup` driven in-process on one database file."""

    def __init__(self, path: Path, template: Path, book: Book, counter: itertools.count[int]):
        self.path = path
        self.template = template
        self.book = book
        self._counter = counter

    def fresh(self) -> Bench:
        """A private copy of the template database (SQLite's backup API: WAL-safe)."""
        path = self.template.parent / f"try-{next(self._counter)}.db"
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        with (
            closing(sqlite3.connect(self.template)) as source,
            closing(sqlite3.connect(path)) as target,
        ):
            source.backup(target)
        return Bench(path, self.template, self.book, self._counter)

    def __call__(self, *args: str, tail: Sequence[str] = ()) -> Reply:
        """`followup ARGS --db FILE --today 2026-11-23 TAIL` (TAIL: e.g. `--`, then positionals)."""
        return self.raw(*args, "--db", str(self.path), "--today", BAD_TODAY, *tail)

    def raw(self, *argv: str) -> Reply:
        out, err, printed = io.StringIO(), io.StringIO(), io.StringIO()
        helped = False
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(printed):
            try:
                code = cli.main(list(argv), out=out)
            except SystemExit as exc:  # only argparse's -h/--help exits on its own
                code = exc.code if isinstance(exc.code, int) else 1
                helped = code == 0 and "usage:" in printed.getvalue()
        return Reply(code, out.getvalue() + printed.getvalue(), err.getvalue(), helped)

    def ok(self, *args: str) -> str:
        reply = self(*args)
        assert (reply.code, reply.err) == (0, ""), reply
        return reply.out

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def show(self, contact_id: int) -> dict[str, Any]:
        detail: dict[str, Any] = self.json("show", str(contact_id))
        return detail

    def dump(self) -> str:
        """Everything the database holds, as SQL: equal dumps mean nothing was written."""
        with closing(sqlite3.connect(self.path)) as connection:
            return "\n".join(connection.iterdump())

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.path)) as connection:
            return connection.execute(sql, params).fetchall()


def assert_one_clean_refusal(reply: Reply) -> None:
    """Exit 2, nothing on stdout, exactly one `followup...` line on stderr, no traceback."""
    assert reply.code == cli.EXIT_BAD_INPUT, reply
    assert reply.out == "", reply
    assert "Traceback" not in reply.err, reply
    lines = reply.err.splitlines()
    assert len(lines) == 1, reply.err
    assert reply.err.endswith("\n") and reply.err.count("\n") == 1, reply.err
    assert re.match(r"followup( [a-z]+)*: \S", lines[0]), reply.err


@pytest.fixture(scope="module")
def bad_bench(tmp_path_factory: pytest.TempPathFactory) -> Bench:
    """A bench on a template book; call `.fresh()` for a database of your own."""
    folder = tmp_path_factory.mktemp("bad-input")
    template = folder / "template.db"
    builder = Bench(template, template, Book(0, 0, 0, 0, 0, 0), itertools.count(1))
    customer = int(builder.ok("add", "Dana Whitfield", "--kind", "customer"))
    order = int(builder.ok("order", str(customer), "DTX-7", "--on", "2026-11-22"))
    pending, _reorder = builder.show(customer)["pending"]
    lead = int(builder.ok("add", "Lena Ford", "--kind", "lead", "--met-on", "2026-11-20"))
    hostess = int(builder.ok("add", "Hanna Berg", "--kind", "customer"))
    party = int(builder.ok("party", "new", str(hostess), "--on", "2026-11-30"))
    book = Book(customer, int(pending["id"]), order, lead, hostess, party)
    return Bench(template, template, book, itertools.count(1))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a run of test_bad_input: how many inputs each command was fed, and the outcome."""
    labels = sorted({label for label, _ in BAD_INPUT_TALLY})
    if not labels:
        return
    write = terminalreporter.write_line
    write(f"bad input: {sum(BAD_INPUT_TALLY.values())} inputs tried")
    for label in labels:
        counts = {o: BAD_INPUT_TALLY[label, o] for o in ("stored", "refused", "help")}
        parts = ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n)
        write(f"  {label:<36} {sum(counts.values()):>4}  ({parts})")
