"""Undo never deletes what another window saved (issue 16): a call logged (in the shell, or
on the desk), then an order for the same contact recorded by another process on the same
file, then undo. The order stays, row for row; the log is taken back, or the undo is
refused in one line when the order built on it.

    PYTHONPATH=$PWD .venv/bin/python -m pytest tests/reliability/test_undo_other_window.py -q
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

from followup_tui import cli
from tests.ui.test_desk import make_app, settle, text_of
from tests.ui.test_outcomes_trusted import go_to

TODAY = "2026-11-23"
ROOT = Path(__file__).resolve().parents[2]


def query(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(sql, params).fetchall()


def followup(db: Path, *argv: str) -> tuple[int, str, str]:
    """This process's shell command (`followup ...` through cli.main)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main([*argv, "--db", str(db), "--today", TODAY], out=out)
    return code, out.getvalue(), err.getvalue()


def another_window(db: Path, *argv: str) -> str:
    """`followup ...` in a process of its own, as another terminal would run it."""
    program = "import sys; from followup_tui import cli; sys.exit(cli.main(sys.argv[1:]))"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", program, *argv, "--db", str(db), "--today", TODAY],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def call_of(db: Path, name: str) -> tuple[int, int]:
    """Her pending call due today (touch id) and her contact id."""
    [(touch, contact)] = query(
        db,
        "SELECT t.id, c.id FROM touches t JOIN contacts c ON c.id = t.contact_id"
        " WHERE c.name = ? AND t.status = 'pending' AND t.due_on <= ? ORDER BY t.id LIMIT 1",
        name,
        TODAY,
    )
    return int(touch), int(contact)


def order_rows(db: Path, order: int) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "order": query(db, "SELECT * FROM orders WHERE id = ?", order),
        "lines": query(db, "SELECT * FROM order_lines WHERE order_id = ?", order),
        "calls": query(db, "SELECT * FROM touches WHERE order_id = ? ORDER BY id", order),
    }


def test_shell_undo_keeps_an_order_from_another_process(demo_path: Path) -> None:
    # GIVEN a call logged in the shell
    touch, jenna = call_of(demo_path, "Jenna Brooks")
    assert followup(demo_path, "log", str(touch), "reached", "--said", "all-good")[0] == 0
    # AND an order for her recorded by another process
    order = int(another_window(demo_path, "order", str(jenna), "DTX-TEA"))
    kept = order_rows(demo_path, order)
    assert kept["order"] and kept["lines"]
    # WHEN the shell undoes its log
    code, out, err = followup(demo_path, "undo")
    # THEN the log is taken back, and the order is there row for row
    assert (code, err) == (0, ""), err
    assert out.startswith("Undone: the log of call")
    assert query(demo_path, "SELECT status FROM touches WHERE id = ?", touch) == [("pending",)]
    assert order_rows(demo_path, order) == kept


def test_shell_undo_refused_when_the_order_built_on_the_log(demo_path: Path) -> None:
    # GIVEN "not interested" logged in the shell, then an order from another process
    touch, jenna = call_of(demo_path, "Jenna Brooks")
    followup(demo_path, "log", str(touch), "reached", "--said", "not-interested")
    order = int(another_window(demo_path, "order", str(jenna), "DTX-TEA"))
    kept = order_rows(demo_path, order)
    # WHEN the shell undoes its log
    code, out, err = followup(demo_path, "undo")
    # THEN one line says why not (exit 2); the log and the order both stand
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "too late to undo: Jenna Brooks's" in err, err
    assert "Traceback" not in err
    assert query(demo_path, "SELECT status FROM touches WHERE id = ?", touch) == [("done",)]
    assert order_rows(demo_path, order) == kept


async def test_desk_undo_keeps_an_order_from_another_process(demo_path: Path) -> None:
    today = date.fromisoformat(TODAY)
    async with make_app(demo_path, today).run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        # GIVEN her call logged on the desk ("all good", a one-letter note)
        touch = await go_to(pilot, "Jenna Brooks")
        await pilot.press("o", "r", "g")
        await settle(pilot)
        await pilot.press("n", "enter")
        await settle(pilot)
        assert text_of(pilot, "#outcome").startswith("Logged: ")
        # AND an order for her recorded by another process meanwhile
        [(jenna,)] = query(demo_path, "SELECT contact_id FROM touches WHERE id = ?", touch)
        order = int(another_window(demo_path, "order", str(jenna), "DTX-TEA"))
        kept = order_rows(demo_path, order)
        # WHEN u is pressed
        await pilot.press("u")
        await settle(pilot)
        # THEN the log is taken back, and the order is there row for row
        assert text_of(pilot, "#outcome").startswith("Undone:")
    assert query(demo_path, "SELECT status FROM touches WHERE id = ?", touch) == [("pending",)]
    assert order_rows(demo_path, order) == kept
