"""Two at once: two shells, or the app and a shell, writing to the same file.

Every write from both survives, neither sees "database is locked" (SQLite's busy timeout
waits for the other writer), and the app shows the other's changes on refresh.

    .venv/bin/python -m pytest tests/reliability/test_two_at_once.py -q -o addopts="" -s

FOLLOWUP_RELIABILITY_OUT=path.json also writes the figures there (merged with the rest).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from followup_tui import cli
from followup_tui.widgets.touch_table import TouchTable
from tests.ui.test_desk import make_app, names, settle

TODAY = "2026-11-23"
SIZE = (120, 36)
PER_WRITER = 200
LOG_EVERY = 4
"""Each writer logs the first touch of every LOG_EVERY-th contact it adds."""

# A writer: `followup add` (and `show`, `log`) in a loop through cli.main, each call
# opening the database afresh as a shell command would. It says "ready" once imported,
# starts on a line from stdin (so both writers really overlap), and ends with its figures
# as JSON. Any command that fails is listed; the exit code is then 1. With a stop file it
# ends early once that file exists, so a test can keep it writing for as long as it needs.
WRITER = r"""
import contextlib, io, json, os, sys, time

from followup_tui import cli
import followup_tui.db.engine, followup_tui.paths, followup_tui.services  # noqa

DB, TODAY, TAG, COUNT, LOG_EVERY, STOP = sys.argv[1:7]


def followup(*argv):
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stderr(err):
        code = cli.main([*argv, "--db", DB, "--today", TODAY], out=out)
    took = time.perf_counter() - started
    if code != 0:
        failures.append({"argv": list(argv), "code": code, "err": err.getvalue()})
        return None, took
    return out.getvalue(), took


failures, added, logged, slowest, calls = [], [], [], 0.0, 0
print("ready", flush=True)
sys.stdin.readline()
started = time.perf_counter()
for i in range(int(COUNT)):
    if STOP and os.path.exists(STOP):
        break
    name = f"{TAG} Ølsen {i:03d}"
    out, took = followup(
        "add", name, "--kind", "customer", "--note", f"added by {TAG}", "--on-duplicate", "add"
    )
    calls, slowest = calls + 1, max(slowest, took)
    if out is None:
        continue
    contact = int(out)
    added.append([contact, name])
    if i % int(LOG_EVERY):
        continue
    out, took = followup("show", str(contact), "--json")
    calls, slowest = calls + 1, max(slowest, took)
    if out is None:
        continue
    touch = json.loads(out)["pending"][0]["id"]
    out, took = followup("log", str(touch), "no-answer", "--note", f"rang {name}")
    calls, slowest = calls + 1, max(slowest, took)
    if out is not None:
        logged.append(touch)
print(json.dumps({"added": added, "logged": logged, "failures": failures, "calls": calls,
                  "slowest": slowest, "seconds": time.perf_counter() - started}))
sys.exit(1 if failures else 0)
"""


def start_writer(
    db: Path, tag: str, count: int, log_every: int = LOG_EVERY, stop: Path | None = None
) -> subprocess.Popen[str]:
    argv = [
        sys.executable,
        "-c",
        WRITER,
        str(db),
        TODAY,
        tag,
        str(count),
        str(log_every),
        str(stop or ""),
    ]
    return subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def wait_ready(writer: subprocess.Popen[str]) -> None:
    assert writer.stdout is not None
    line = writer.stdout.readline()
    if line.strip() != "ready":
        writer.kill()
        _, err = writer.communicate(timeout=10)
        raise AssertionError(f"the writer did not start: {line!r}\n{err}")


def go(writer: subprocess.Popen[str]) -> None:
    assert writer.stdin is not None
    writer.stdin.write("go\n")
    writer.stdin.flush()


def finish(writer: subprocess.Popen[str], timeout: float = 240) -> tuple[int, dict[str, Any], str]:
    out, err = writer.communicate(timeout=timeout)
    lines = out.strip().splitlines()
    figures: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    return writer.returncode, figures, err


def query(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql, params).fetchall()


def record_figures(key: str, figures: dict[str, Any]) -> None:
    """Merge the figures into $FOLLOWUP_RELIABILITY_OUT when it is set."""
    out = os.environ.get("FOLLOWUP_RELIABILITY_OUT")
    if not out:
        return
    path = Path(out)
    try:
        collected: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        collected = {}
    collected[key] = figures
    path.write_text(json.dumps(collected, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def followup_command() -> list[str]:
    """The installed `followup` script next to this interpreter, else the module."""
    script = Path(sys.executable).parent / "followup"
    return [str(script)] if script.exists() else [sys.executable, "-m", "followup_tui"]


# --- two shells ------------------------------------------------------------------------


def test_two_shells_adding_at_once_both_succeed(demo_path: Path) -> None:
    before = query(demo_path, "SELECT count(*) FROM contacts")[0][0]
    writers = {tag: start_writer(demo_path, tag, PER_WRITER) for tag in ("Ann", "Bea")}
    for writer in writers.values():
        wait_ready(writer)
    started = time.monotonic()
    for writer in writers.values():
        go(writer)
    done = {tag: finish(writer) for tag, writer in writers.items()}
    seconds = time.monotonic() - started

    for tag, (code, figures, err) in done.items():
        assert "locked" not in err.lower() and "Traceback" not in err, f"{tag}: {err}"
        assert figures.get("failures") == [], f"{tag}: {figures.get('failures')}\n{err}"
        assert code == 0, f"{tag}: exit {code}\n{err}"
        assert len(figures["added"]) == PER_WRITER

    # THEN all 400 are there, by id and name, and every logged touch has its outcome
    names_by_id = dict(query(demo_path, "SELECT id, name FROM contacts"))
    for tag, (_, figures, _) in done.items():
        for contact, name in figures["added"]:
            assert names_by_id.get(contact) == name, (tag, contact, name)
    added = query(demo_path, "SELECT count(*) FROM contacts WHERE name LIKE '% Ølsen %'")[0][0]
    assert added == 2 * PER_WRITER
    assert query(demo_path, "SELECT count(*) FROM contacts")[0][0] == before + 2 * PER_WRITER
    logged = [t for _, figures, _ in done.values() for t in figures["logged"]]
    assert len(logged) == 2 * len(range(0, PER_WRITER, LOG_EVERY))
    outcomes = {
        touch
        for (touch,) in query(
            demo_path,
            f"SELECT touch_id FROM outcomes WHERE touch_id IN ({','.join('?' * len(logged))})",
            *logged,
        )
    }
    assert outcomes == set(logged)
    assert query(demo_path, "PRAGMA integrity_check") == [("ok",)]

    calls = sum(figures["calls"] for _, figures, _ in done.values())
    slowest = max(figures["slowest"] for _, figures, _ in done.values())
    print(
        f"\ntwo at once: 2 processes, {2 * PER_WRITER} contacts added and {len(logged)} touches "
        f"logged ({calls} commands) in {seconds:.1f} s; 0 failed, 0 'database is locked'; "
        f"slowest command {slowest * 1000:.0f} ms"
    )
    record_figures(
        "two_shells",
        {
            "processes": 2,
            "contacts_added": 2 * PER_WRITER,
            "touches_logged": len(logged),
            "commands": calls,
            "failed": 0,
            "database_is_locked": 0,
            "slowest_command_ms": round(slowest * 1000),
            "seconds": round(seconds, 1),
            "command": 'python -m pytest tests/reliability/test_two_at_once.py -o addopts="" -s',
        },
    )


# --- two shells logging the same calls --------------------------------------------------

SAME_CALLS_CUSTOMERS = 60

# A logger: `followup log ID no-answer` through cli.main for every id in a file, in that
# order, each call opening the database afresh. It says "ready" once imported, starts on
# a line from stdin, and ends with what happened to each id as JSON.
LOGGER = r"""
import contextlib, io, json, sys

from followup_tui import cli
import followup_tui.db.engine, followup_tui.paths, followup_tui.services  # noqa

DB, TODAY, IDS = sys.argv[1:4]
ids = json.loads(open(IDS, encoding="utf-8").read())
logged, refused = [], {}
print("ready", flush=True)
sys.stdin.readline()
for touch in ids:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(["log", str(touch), "no-answer", "--db", DB, "--today", TODAY], out=out)
    if code == 0:
        logged.append(touch)
    else:
        refused[str(touch)] = [code, err.getvalue()]
print(json.dumps({"logged": logged, "refused": refused}))
"""


def test_two_shells_logging_the_same_calls_log_each_once(tmp_path: Path) -> None:
    # GIVEN 60 customers, each with a call pending
    db = tmp_path / "followup.db"
    for n in range(SAME_CALLS_CUSTOMERS):
        out = io.StringIO()
        argv = ["add", f"Customer {n:02d}", "--kind", "customer", "--on-duplicate", "add"]
        argv += ["--db", str(db)]
        assert cli.main([*argv, "--today", TODAY], out=out) == 0
    pending = [t for (t,) in query(db, "SELECT id FROM touches WHERE status = 'pending'")]
    assert len(pending) >= SAME_CALLS_CUSTOMERS
    ids_file = tmp_path / "ids.json"
    ids_file.write_text(json.dumps(pending), encoding="utf-8")

    # WHEN two shells log every one of them as unanswered, in the same order, at once
    loggers = {
        tag: subprocess.Popen(
            [sys.executable, "-c", LOGGER, str(db), TODAY, str(ids_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for tag in ("Ann", "Bea")
    }
    for logger in loggers.values():
        wait_ready(logger)
    started = time.monotonic()
    for logger in loggers.values():
        go(logger)
    done = {tag: finish(logger) for tag, logger in loggers.items()}
    seconds = time.monotonic() - started

    for tag, (code, _, err) in done.items():
        assert code == 0 and "Traceback" not in err, f"{tag}: exit {code}\n{err}"
    ann, bea = (done[tag][1] for tag in ("Ann", "Bea"))
    # THEN no call has two outcomes
    twice = query(
        db, "SELECT touch_id, count(*) FROM outcomes GROUP BY touch_id HAVING count(*) > 1"
    )
    assert twice == [], f"logged twice: {twice}"
    # AND each was logged by exactly one shell, and refused by the other in words
    assert not set(ann["logged"]) & set(bea["logged"])
    assert sorted(ann["logged"] + bea["logged"]) == sorted(pending)
    for mine, other in ((ann, bea), (bea, ann)):
        assert sorted(int(t) for t in mine["refused"]) == sorted(other["logged"])
        for touch, (code, err) in mine["refused"].items():
            assert "locked" not in err.lower(), err
            assert code == 2 and err.count("\n") == 1, err
            assert "already" in err and touch in err, err
    outcomes = query(
        db,
        f"SELECT touch_id, reach FROM outcomes WHERE touch_id IN ({','.join('?' * len(pending))})",
        *pending,
    )
    assert sorted(outcomes) == sorted((touch, "no-answer") for touch in pending)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]

    print(
        f"\nsame calls from two shells: {len(pending)} calls, each logged by both at once "
        f"({len(ann['logged'])} by one, {len(bea['logged'])} by the other): "
        f"{len(pending)} conflicts resolved, 0 logged twice, 0 'database is locked', "
        f"{seconds:.1f} s"
    )
    record_figures(
        "same_calls",
        {
            "processes": 2,
            "calls": len(pending),
            "logged": [len(ann["logged"]), len(bea["logged"])],
            "conflicts_resolved": len(pending),
            "logged_twice": 0,
            "database_is_locked": 0,
            "seconds": round(seconds, 1),
            "command": (
                "python -m pytest tests/reliability/test_two_at_once.py -o addopts='' -s"
                " -k same_calls"
            ),
        },
    )


# --- the app and a shell ---------------------------------------------------------------


class Notices:
    """The app's notifications, recorded: an error one means a write failed."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def errors(self) -> list[str]:
        return [message for message, severity in self.seen if severity == "error"]


def record_notices(pilot: Pilot[None], monkeypatch: pytest.MonkeyPatch) -> Notices:
    notices = Notices()
    notify = pilot.app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        notices.seen.append((message, str(kwargs.get("severity", "information"))))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(pilot.app, "notify", recording)
    return notices


def outcome_text(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#outcome").render())


async def test_the_app_shows_a_referral_added_from_the_shell_on_refresh(
    demo_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        notices = record_notices(pilot, monkeypatch)
        await settle(pilot)
        # GIVEN Maria, the one referral of the morning, called first (referrals are listed
        # oldest first, so a new one would wait behind her)
        assert names(pilot)[0] == "Maria Lopez"
        await pilot.press("o", "r", "g", "enter")
        await settle(pilot)
        assert "Logged: Maria Lopez" in outcome_text(pilot)
        assert "Maria Lopez" not in names(pilot)
        # WHEN a referral is added from the shell while the app stays open
        shell = await asyncio.create_subprocess_exec(
            *followup_command(),
            "add",
            "Nora Newcomb",
            "--kind",
            "referral",
            "--db",
            str(demo_path),
            "--today",
            TODAY,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(shell.communicate(), timeout=60)
        assert shell.returncode == 0, err.decode()
        nora = int(out.decode())
        # ... and she refreshes
        await pilot.press("ctrl+r")
        await settle(pilot)
        items = pilot.app.screen.query_one(TouchTable).items
        # THEN the new referral tops today's list
        assert items, "today's list is empty"
        assert (items[0].name, items[0].touch.contact_id) == ("Nora Newcomb", nora)
        assert items[0].is_referral
        assert notices.errors() == []


async def test_logging_in_the_app_while_the_shell_writes(
    demo_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shell adding and logging in a loop for the whole test: it writes until told to
    # stop, so a slow machine cannot let it finish before the app starts logging
    stop = demo_path.with_name("stop-writing")
    writer = start_writer(demo_path, "Cleo", 100_000, log_every=1, stop=stop)
    try:
        wait_ready(writer)
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            notices = record_notices(pilot, monkeypatch)
            await settle(pilot)
            go(writer)
            worked: list[tuple[int, str]] = []
            # WHEN five calls in a row go unanswered, logged while the shell writes
            for _ in range(5):
                chosen = pilot.app.screen.query_one(TouchTable).chosen
                assert chosen is not None
                worked.append((chosen.touch.id, chosen.name))
                await pilot.press("o", "n", "enter")
                await settle(pilot)
                # THEN each is logged, not refused
                assert f"Logged: {chosen.name}: no-answer" in outcome_text(pilot), notices.seen
                assert notices.errors() == []
            still_writing = writer.poll() is None
        stop.touch()
        code, figures, err = finish(writer)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.communicate()
    assert still_writing, "the shell finished before the app was done: nothing overlapped"
    assert "locked" not in err.lower() and "Traceback" not in err, err
    assert figures.get("failures") == [] and code == 0, (figures.get("failures"), err)
    # AND both sides' writes are in the file
    touch_ids = [touch for touch, _ in worked]
    marks = ",".join("?" * len(touch_ids))
    done = query(
        demo_path,
        f"SELECT t.id, o.reach FROM touches t JOIN outcomes o ON o.touch_id = t.id "
        f"WHERE t.id IN ({marks}) AND t.status = 'done'",
        *touch_ids,
    )
    assert sorted(done) == sorted((touch, "no-answer") for touch in touch_ids)
    names_by_id = dict(query(demo_path, "SELECT id, name FROM contacts"))
    assert all(names_by_id.get(contact) == name for contact, name in figures["added"])
    assert figures["added"], "the shell added nothing while the app logged"
    assert query(demo_path, "PRAGMA integrity_check") == [("ok",)]
    print(
        f"\napp + shell: 5 outcomes logged in the app while the shell added "
        f"{len(figures['added'])} contacts and logged {len(figures['logged'])}: 0 refused"
    )
    record_figures(
        "app_and_shell",
        {
            "app_outcomes_logged": len(worked),
            "shell_contacts_added": len(figures["added"]),
            "shell_touches_logged": len(figures["logged"]),
            "refused": 0,
        },
    )
