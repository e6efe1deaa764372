"""Leftovers: `followup backup` and `followup demo` SIGKILLed at random moments leave
nothing behind once the next run is done, and never a half-filled book.

Each round forks `followup` from a warm fork server; the test kills it with SIGKILL at a
random moment of the command's own run (measured once beforehand), then runs the same
command again and
looks: no `.partial` copy left, the book whole (integrity ok) and either as it was or
complete, and a killed demo's book takes `demo` again.

    .venv/bin/python -m pytest tests/reliability/test_leftovers.py -q -o addopts="" -s

FOLLOWUP_LEFTOVER_ROUNDS=100 runs more rounds.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, suppress
from pathlib import Path

import pytest

from .test_crash_safety import record_figures

TODAY = "2026-11-23"
ROUNDS = int(os.environ.get("FOLLOWUP_LEFTOVER_ROUNDS", "20"))
SEED = 20261207
DEMO_CONTACTS = 120
ROOT = Path(__file__).resolve().parents[2]

# The child: a fork server. It imports followup once, prints "ready", then for every
# "JOB ARG..." line (tab-separated) on stdin forks a worker that runs the command with its
# stdout and stderr in JOB.out and JOB.err, prints "pid PID", waits for it and prints
# "dead CODE". Each worker is its own process, killed by the kernel; the fork spares
# each round an interpreter's imports.
DRIVER = r"""
import io, os, sys
from followup_tui import cli
# What the commands import lazily, imported once: the kill lands in the work itself.
import alembic.command, alembic.config  # noqa
import followup_tui.db.backup, followup_tui.db.candidate, followup_tui.db.engine  # noqa
import followup_tui.demo, followup_tui.demo.whole  # noqa
import followup_tui.services.contact_views  # noqa
print("ready", flush=True)
for line in sys.stdin:
    job, *argv = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid == 0:
        sys.stderr = open(job + ".err", "w", buffering=1)
        os.dup2(sys.stderr.fileno(), 2)
        out = io.StringIO()
        code = cli.main(argv, out=out)
        sys.stderr.flush()
        with open(job + ".out", "w") as file:
            file.write(out.getvalue())
        os._exit(code)
    print(f"pid {pid}", flush=True)
    _, status = os.waitpid(pid, 0)
    print(f"dead {os.waitstatus_to_exitcode(status)}", flush=True)
"""


class Server:
    """The fork server: `followup ...` in a fresh process each time, warm."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.jobs = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.read() == "ready"

    def read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def start(self, *argv: str) -> tuple[int, Path]:
        """Fork a worker running `followup ARGV`: its pid, and where its output goes."""
        assert self.proc.stdin is not None
        self.jobs += 1
        job = self.folder / f"job-{self.jobs}"
        self.proc.stdin.write("\t".join([str(job), *argv, "--today", TODAY]) + "\n")
        self.proc.stdin.flush()
        word, pid = self.read().split()
        assert word == "pid"
        return int(pid), job

    def wait(self) -> int:
        word, code = self.read().split()
        assert word == "dead"
        return int(code)

    def finish(self, *argv: str) -> tuple[int, float, str]:
        """Run to the end: exit code, seconds taken, stderr."""
        began = time.monotonic()
        _pid, job = self.start(*argv)
        code = self.wait()
        return code, time.monotonic() - began, Path(f"{job}.err").read_text(encoding="utf-8")

    def kill_after(self, seconds: float, *argv: str) -> bool:
        """SIGKILL the command `seconds` after it started; True when it was still running."""
        pid, _job = self.start(*argv)
        time.sleep(seconds)
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        return self.wait() == -signal.SIGKILL

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    child = Server(jobs)
    try:
        yield child
    finally:
        child.close()


def partials(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if ".partial" in p.name]


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])


def contacts(path: Path) -> int:
    """Contacts other than her own record; 0 for a book with no schema yet."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'contacts'").fetchone():
            return 0
        return int(con.execute("SELECT count(*) FROM contacts WHERE NOT is_me").fetchone()[0])


def test_killed_backups_leave_no_partial_copy_after_the_next_run(
    tmp_path: Path, server: Server
) -> None:
    rng = random.Random(SEED)
    book = tmp_path / "book.db"
    code, _, err = server.finish("demo", "--contacts", "3000", "--db", str(book))
    assert code == 0, err
    code, took, err = server.finish("backup", "--db", str(book))
    assert code == 0, err
    folder = book.parent / "backups"
    tally: Counter[str] = Counter()
    for _ in range(ROUNDS):
        tally[
            "killed"
            if server.kill_after(rng.uniform(0, took), "backup", "--db", str(book))
            else "ran"
        ] += 1
        tally["partial copies left by the kill"] += len(partials(folder))
        code, _, err = server.finish("backup", "--db", str(book))
        assert code == 0, err
        tally["partial copies after the next run"] += len(partials(folder))
        assert partials(folder) == []
        assert integrity(book) == "ok"
        assert contacts(book) == 3000
    for copy in folder.glob("*.db"):
        assert integrity(copy) == "ok", copy
    print(f"\nleftovers, backup: {dict(tally)}")
    record_figures("leftovers_backup", dict(tally))
    assert tally["partial copies after the next run"] == 0


def test_killed_demos_leave_the_book_empty_or_whole_and_demo_runs_again(
    tmp_path: Path, server: Server
) -> None:
    rng = random.Random(SEED + 1)
    code, took, err = server.finish(
        "demo", "--contacts", str(DEMO_CONTACTS), "--db", str(tmp_path / "timing.db")
    )
    assert code == 0, err
    tally: Counter[str] = Counter()
    for n in range(ROUNDS):
        folder = tmp_path / f"round-{n}"
        folder.mkdir()
        book = folder / "book.db"
        args = ("demo", "--contacts", str(DEMO_CONTACTS), "--db", str(book))
        tally["killed" if server.kill_after(rng.uniform(0, took), *args) else "ran"] += 1
        tally["partial copies left by the kill"] += len(partials(folder))
        after_kill = contacts(book) if book.exists() else 0
        # The book is empty (demo again fills it) or whole, never half filled
        assert after_kill in (0, DEMO_CONTACTS), after_kill
        tally["books left empty" if after_kill == 0 else "books complete"] += 1
        code, _, err = server.finish(*args)
        if after_kill == 0:
            assert code == 0, err
        else:
            assert code == 2 and "already has contacts" in err, err
        tally["partial copies after the next run"] += len(partials(folder))
        assert partials(folder) == []
        assert integrity(book) == "ok"
        assert contacts(book) == DEMO_CONTACTS
    print(f"\nleftovers, demo: {dict(tally)}")
    record_figures("leftovers_demo", dict(tally))
    assert tally["partial copies after the next run"] == 0
