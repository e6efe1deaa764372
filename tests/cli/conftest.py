"""Drive `followup` in-process: each call is `cli.main(argv)` on a database under tmp_path."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from followup_tui import cli

TODAY = "2026-11-23"
"""A Monday: every test pretends this is the real date unless it says otherwise."""


class Result(NamedTuple):
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Cli:
    """The `followup` command on one database, with `--db` and `--today` after the sub-command."""

    def __init__(self, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db_path = db_path
        self._capsys = capsys

    def on(self, db_path: Path) -> Cli:
        """The same command on another database file."""
        return Cli(db_path, self._capsys)

    def __call__(self, *args: str, today: str | None = TODAY) -> Result:
        argv = [*args, "--db", str(self.db_path)]
        if today is not None:
            argv += ["--today", today]
        return self.raw(*argv)

    def raw(self, *argv: str) -> Result:
        """Exactly these arguments, nothing added."""
        self._capsys.readouterr()  # start from a clean stderr
        out = io.StringIO()
        code = cli.main(list(argv), out=out)
        return Result(code, out.getvalue(), self._capsys.readouterr().err)

    def make_book(self) -> None:
        """An empty book, as the app's first run makes it: a read no longer makes one."""
        from followup_tui.db.engine import open_database

        open_database(f"sqlite:///{self.db_path}").dispose()

    def ok(self, *args: str, today: str | None = TODAY) -> str:
        result = self(*args, today=today)
        assert (result.code, result.err) == (0, ""), result
        return result.out

    def json(self, *args: str, today: str | None = TODAY) -> Any:
        return json.loads(self.ok(*args, "--json", today=today))

    def add(self, name: str, *options: str, today: str | None = TODAY) -> int:
        out = self.ok("add", name, *options, today=today)
        assert out.strip().isdigit(), f"add must print the new id alone, got {out!r}"
        return int(out)

    def order(self, contact_id: int, *args: str, today: str | None = TODAY) -> int:
        return int(self.ok("order", str(contact_id), *args, today=today))

    def log(self, touch_id: int, *args: str, today: str | None = TODAY) -> str:
        return self.ok("log", str(touch_id), *args, today=today)

    def show(self, contact_id: int, today: str | None = TODAY) -> dict[str, Any]:
        detail: dict[str, Any] = self.json("show", str(contact_id), today=today)
        return detail

    def outcomes(self, contact_id: int) -> list[dict[str, Any]]:
        """The worked touches of a contact's history (not those closed unworked)."""
        return [h for h in self.show(contact_id)["history"] if h["closed"] is None]

    def today(self, today: str | None = TODAY) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.json("today", today=today)
        return items

    def pending(self, contact_id: int) -> list[dict[str, Any]]:
        pending: list[dict[str, Any]] = self.show(contact_id)["pending"]
        return pending

    def only_pending(self, contact_id: int, playbook: str | None = None) -> dict[str, Any]:
        """The one pending touch of a contact (of one playbook, when given). An order's
        reorder call, its own track waiting on the product's day, is left out unless
        playbook="reorder" asks for it."""
        found = [
            p
            for p in self.pending(contact_id)
            if playbook == p["playbook"] or (playbook is None and p["playbook"] != "reorder")
        ]
        assert len(found) == 1, found
        return found[0]

    def fails(self, *args: str, today: str | None = TODAY) -> str:
        """Bad input: exit 2, one `followup:` line on stderr, nothing on stdout, no traceback."""
        result = self(*args, today=today)
        assert_refused(result)
        return result.err

    def dump(self) -> str:
        """Everything the database holds, as SQL: equal dumps mean nothing was written."""
        with closing(sqlite3.connect(self.db_path)) as connection:
            return "\n".join(connection.iterdump())

    def without_next_touch(self) -> list[str]:
        """Names of active contacts with no pending touch (DOMAIN: there must be none)."""
        rows = self.query(
            "SELECT name FROM contacts c WHERE NOT c.do_not_contact AND NOT c.is_me"
            " AND NOT EXISTS (SELECT 1 FROM touches t"
            " WHERE t.contact_id = c.id AND t.status = 'pending') ORDER BY name"
        )
        return [str(name) for (name,) in rows]

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.db_path)) as connection:
            return connection.execute(sql, params).fetchall()


def assert_refused(result: Result) -> None:
    assert result.code == cli.EXIT_BAD_INPUT, result
    assert result.out == "", result
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    # "followup: ..." or, for a malformed command line, "followup show: ..."
    assert re.match(r"followup( [a-z]+)?: \S", lines[0]), result.err
    assert "Traceback" not in result.err


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def run(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)
