"""The way in: `followup --version`, `followup` where there is no terminal, and the two
numbers on each of today's lines (the call's and the contact's), as `show` and `log` take them."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

from .conftest import Cli, assert_refused


def test_version_is_one_line_from_the_package(run: Cli) -> None:
    result = run.raw("--version")
    assert (result.code, result.err) == (0, "")
    assert result.out == f"followup {version('followup-tui')}\n"


def test_no_terminal_refuses_the_desk_at_once(tmp_path: Path) -> None:
    # GIVEN no terminal: cron, or a pipe (stdin from /dev/null, stdout to a file)
    out = tmp_path / "out"
    db = tmp_path / "f.db"
    started = time.monotonic()
    # WHEN `followup` is run with no sub-command
    with open(out, "w") as stdout:
        child = subprocess.run(
            [sys.executable, "-m", "followup_tui", "--db", str(db)],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=10,
        )
    # THEN one line says why, exit 2, within 2 s (it once spun a core until killed)
    assert time.monotonic() - started < 2
    assert child.returncode == 2
    assert child.stderr == "followup: no terminal to open the desk in; try `followup today`\n"
    assert out.read_text() == ""
    assert not db.exists()  # nothing opened, nothing made


def test_capture_without_a_terminal_points_to_add(run: Cli) -> None:
    # In-process, the test's own streams are no terminal either.
    result = run("capture")
    assert_refused(result)
    assert "no terminal to open quick add in; try `followup add`" in result.err
    assert not run.db_path.exists()


def test_today_names_the_call_and_the_contact(run: Cli) -> None:
    # GIVEN two contacts, so that the call's number and the contact's differ
    run.add("Linda Nguyen", "--kind", "circle")
    maria = run.add("Maria Lopez", "--kind", "referral")
    (call,) = run.today()

    # WHEN today's list is printed as text
    lines = run.ok("today").splitlines()

    # THEN the line says which number is the call and which the contact, and the rest
    assert lines[0] == "Mon 23 Nov 2026: 1 to do"
    assert re.fullmatch(
        rf"  call {call['touch_id']} · Maria Lopez \(contact {maria}\) +referral +call +today +"
        + re.escape(call["title"]),
        lines[1],
    ), lines[1]


def test_show_takes_a_contact_or_a_call(run: Cli) -> None:
    run.add("Linda Nguyen", "--kind", "circle")
    maria = run.add("Maria Lopez", "--kind", "referral")
    (call,) = run.today()

    # A call's number shows its contact; so do her id and contact:ID
    by_call = run.ok("show", f"call:{call['touch_id']}")
    assert by_call == run.ok("show", str(maria)) == run.ok("show", f"contact:{maria}")
    assert by_call.startswith(f"#{maria} Maria Lopez: referral")
    assert f"  call {call['touch_id']} · " in by_call  # her next call, by its number
    assert run.json("show", f"call:{call['touch_id']}") == run.show(maria)

    # An unknown or malformed call: one line, exit 2
    assert run.fails("show", "call:999") == "followup: no call with id 999\n"
    assert "'x' is not an id" in run.fails("show", "call:x")


def test_log_skip_and_later_take_the_call_as_today_prints_it(run: Cli) -> None:
    run.add("Linda Nguyen", "--kind", "circle")
    run.add("Maria Lopez", "--kind", "referral")
    (call,) = run.today()
    out = run.ok("later", f"call:{call['touch_id']}", "--to", "2026-11-24")
    assert out == "Moved to 2026-11-24.\n"
    assert run.ok("undo") == f"Undone: call {call['touch_id']} is back on 2026-11-23.\n"
    assert run.ok("skip", f"call:{call['touch_id']}", "--reason", "away").startswith(
        "Skipped.\nNext: call "
    )
    assert_refused(run("log", "call:", "reached"))
