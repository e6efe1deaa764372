"""Crash safety: `followup` killed with SIGKILL at random moments loses nothing it confirmed.

A child process (started with ``subprocess.Popen``) imports followup once and then, for
every round, forks a worker that loops over ``add`` (with facts and a note), ``order``
(several SKUs, one backordered) and ``log`` through ``followup_tui.cli.main`` on one
database file, printing (and flushing) one ``ok ...`` line per command that succeeded. The
test kills the worker with SIGKILL after a random 0.05-0.6 s and then checks the file with
plain sqlite3: integrity, every acknowledged write present, nothing half-written. The
fork keeps each round at the cost of the kill delay instead of a fresh interpreter's
0.8 s of imports; the worker is still a separate process, killed mid-write by the kernel.

    .venv/bin/python -m pytest tests/reliability/test_crash_safety.py -q -o addopts="" -s

FOLLOWUP_CRASH_ROUNDS=500 runs more rounds; FOLLOWUP_RELIABILITY_OUT=path.json also writes
the figures there (merged with what other reliability tests wrote).
"""

from __future__ import annotations

import io
import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from followup_tui import cli

TODAY = "2026-11-23"
ROUNDS = int(os.environ.get("FOLLOWUP_CRASH_ROUNDS", "60"))
SEED = 20261123
KILL_AFTER = (0.05, 0.6)
"""Seconds between the worker's start and its SIGKILL."""
LINE_TIMEOUT = 60.0

# The child: a fork server. It imports followup once, creates the schema (a crash during
# the very first creation is tested on its own below), prints "ready", then for every
# "ROUND SEED ACKS" line on stdin forks a worker, prints "pid N", waits for it and
# prints "dead N EXITCODE". The worker's stdout and stderr go to the ACKS file.
DRIVER = r"""
import io, json, os, random, sqlite3, sys, traceback

from followup_tui import cli
# What cli imports lazily, imported here once so every forked worker starts warm.
import alembic.command, alembic.config  # noqa
import followup_tui.db.engine, followup_tui.paths, followup_tui.services  # noqa
import followup_tui.validation  # noqa

DB, TODAY = sys.argv[1], sys.argv[2]
SKUS = ["DTX-7", "DTX-TEA", "NUT-MV30", "NUT-OM3", "SKN-CLN", "SKN-SER-C", "SKN-NGT",
        "HOM-APC", "HOM-LDY", "HOM-DIF-OIL", "OTH-GIFT-SPA", "OTH-CAT"]
KINDS = ["lead", "prospect", "customer", "hostess", "referral", "circle", "team"]
OUTCOMES = [["no-answer"], ["voicemail"], ["reached", "--said", "all-good"],
            ["reached", "--said", "call-on", "--date", "2026-12-04"],
            ["reached", "--said", "referral", "--name", "Referred Rhea"]]


def say(line):
    print(line, flush=True)


def run(*argv):
    out = io.StringIO()
    code = cli.main([*argv, "--db", DB, "--today", TODAY], out=out)
    if code != 0:
        say("fail " + json.dumps([code, *argv], ensure_ascii=False))
        raise SystemExit(4)
    return out.getvalue().strip()


def pending_touches():
    con = sqlite3.connect(DB)
    try:
        sql = "SELECT id FROM touches WHERE status = 'pending' ORDER BY id"
        return [row[0] for row in con.execute(sql)]
    finally:
        con.close()


def work(round_no, seed):
    rng = random.Random(seed)
    mine = []
    for step in range(1, 100000):
        what = rng.choice(["add", "add", "order", "log"]) if mine else "add"
        if what == "add":
            name = f"R{round_no:03d}-{step:03d} Zoë Ó Brien"
            facts = {"perfume": f"Chanel No {step}", "round": str(round_no)}
            note = f"met at the fair ({round_no}/{step}); calls after 6 ☎"
            kind = rng.choice(KINDS)
            say("begin add " + json.dumps({"name": name}, ensure_ascii=False))
            # Numbered names are alike (the duplicate check's similar name): add anyway
            argv = ["add", name, "--kind", kind, "--note", note, "--on-duplicate", "add"]
            for key, value in facts.items():
                argv += ["--fact", f"{key}={value}"]
            contact = int(run(*argv))
            mine.append(contact)
            ack = {"name": name, "facts": facts, "note": note}
            say(f"ok add {contact} " + json.dumps(ack, ensure_ascii=False))
        elif what == "order":
            contact = rng.choice(mine)
            skus = rng.sample(SKUS, rng.randint(2, 4))
            back = rng.choice(skus)
            argv = ["order", str(contact), *skus, "--backorder", back]
            if rng.random() < 0.3:
                argv.append("--corporate")
            ack = {"contact": contact, "skus": skus, "backorder": back}
            say("begin order " + json.dumps(ack))
            order = int(run(*argv))
            say(f"ok order {order} " + json.dumps(ack))
        else:
            touch = rng.choice(pending_touches())
            outcome = rng.choice(OUTCOMES)
            ack = {"touch": touch, "reach": outcome[0]}
            say("begin log " + json.dumps(ack))
            if "referral" in outcome:  # a new person each time: a second Rhea is a duplicate
                letters = random.Random(touch).choices("abcdefghijklmnopqrstuvwxyz", k=8)
                outcome = [*outcome[:-1], "Rhea " + "".join(letters).title()]
            run("log", str(touch), *outcome, "--note", f"logged in round {round_no}")
            say(f"ok log {touch} " + json.dumps(ack))


def serve():
    out = io.StringIO()
    # A write makes the book (a read on a missing file says there is none)
    if cli.main(["settings", "phone_region", "US", "--db", DB, "--today", TODAY], out=out) != 0:
        raise SystemExit("cannot create the database")
    say("ready")
    for line in sys.stdin:
        round_no, seed, acks = line.split(maxsplit=2)
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                fd = os.open(acks.strip(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                work(int(round_no), int(seed))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 3
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"dead {pid} {os.waitstatus_to_exitcode(status)}")


serve()
"""


# --- the child -------------------------------------------------------------------------


class Child:
    """The fork server, with its stdout read by a thread so no read can hang the test."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(db), TODAY],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self.proc.stdout is not None
        self.lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("")  # end of file

    def expect(self, prefix: str) -> str:
        try:
            line = self.lines.get(timeout=LINE_TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"the child said nothing for {LINE_TIMEOUT} s") from None
        if not line.startswith(prefix):
            self.proc.kill()
            _, err = self.proc.communicate(timeout=10)
            raise AssertionError(f"expected {prefix!r}, the child said {line!r}\n{err}")
        return line[len(prefix) :].strip()

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if self.proc.stderr is not None:
            self.proc.stderr.close()


@contextmanager
def fork_server(db: Path) -> Iterator[Child]:
    child = Child(db)
    try:
        yield child
    finally:
        child.close()


# --- what the worker said --------------------------------------------------------------


@dataclass
class Acknowledged:
    """Every write the workers reported as done, across all rounds."""

    adds: dict[int, dict[str, Any]] = field(default_factory=dict)
    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    logs: dict[int, dict[str, Any]] = field(default_factory=dict)

    def total(self) -> int:
        return len(self.adds) + len(self.orders) + len(self.logs)


@dataclass(frozen=True)
class Round:
    acked: int
    in_flight: tuple[str, dict[str, Any]] | None
    """The command the kill interrupted: its name and arguments."""


def read_round(acks: Path, into: Acknowledged) -> Round:
    text = acks.read_text(encoding="utf-8")
    lines = text.splitlines()
    # A kill between the print and its newline can leave half a line at the very end.
    if lines and not text.endswith("\n"):
        lines.pop()
    acked = 0
    last: tuple[str, dict[str, Any]] | None = None
    for line in lines:
        word, what, rest = line.split(" ", 2)
        if word == "begin":
            last = (what, json.loads(rest))
        elif word == "ok":
            key, payload = rest.split(" ", 1)
            getattr(into, f"{what}s")[int(key)] = json.loads(payload)
            acked += 1
            last = None
        else:
            raise AssertionError(f"the worker said {line!r}:\n{text}")
    return Round(acked, last)


# --- the checks ------------------------------------------------------------------------


def rows(con: sqlite3.Connection, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return con.execute(sql, params).fetchall()


HALF_WRITTEN = {
    "order without lines": """
        SELECT o.id FROM orders o
        WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)""",
    "contact without its kind_changes row": """
        SELECT c.id FROM contacts c
        WHERE NOT EXISTS (SELECT 1 FROM kind_changes k WHERE k.contact_id = c.id)""",
    "contact without a first touch or an ended run": """
        SELECT c.id FROM contacts c
        WHERE NOT EXISTS (SELECT 1 FROM touches t WHERE t.contact_id = c.id)
          AND NOT EXISTS (
              SELECT 1 FROM runs r WHERE r.contact_id = c.id AND r.status = 'ended')""",
    "outcome whose touch is still pending": """
        SELECT o.id FROM outcomes o JOIN touches t ON t.id = o.touch_id
        WHERE t.status = 'pending'""",
    "touch done without its outcome": """
        SELECT t.id FROM touches t
        WHERE t.status = 'done'
          AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.touch_id = t.id)""",
    "touch planned by an outcome that is not there": """
        SELECT t.id FROM touches t
        WHERE t.from_outcome_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.id = t.from_outcome_id)""",
    "active run of a followed-up contact with nothing pending": """
        SELECT r.id FROM runs r JOIN contacts c ON c.id = r.contact_id
        WHERE r.status = 'active' AND c.do_not_contact = 0
          AND NOT EXISTS (SELECT 1 FROM touches t
                          WHERE t.contact_id = c.id AND t.status = 'pending')""",
}


def problems(db: Path, acked: Acknowledged) -> list[str]:
    """What is wrong with the file: empty when it is whole and holds every acknowledged write."""
    found: list[str] = []
    with closing(sqlite3.connect(db)) as con:
        integrity = rows(con, "PRAGMA integrity_check")
        if integrity != [("ok",)]:
            return [f"integrity_check: {integrity[:5]}"]
        broken = rows(con, "PRAGMA foreign_key_check")
        if broken:
            found.append(f"foreign_key_check: {broken[:5]}")
        for what, sql in HALF_WRITTEN.items():
            ids = [r[0] for r in rows(con, sql)]
            if ids:
                found.append(f"{what}: {ids[:10]}")

        names = dict(rows(con, "SELECT id, name FROM contacts"))
        notes = Counter(rows(con, "SELECT contact_id, body FROM notes"))
        facts = {(c, k): v for c, k, v in rows(con, "SELECT contact_id, key, value FROM facts")}
        for contact, add in acked.adds.items():
            if names.get(contact) != add["name"]:
                found.append(f"acknowledged add #{contact} {add['name']!r}: {names.get(contact)!r}")
                continue
            if not notes[(contact, add["note"])]:
                found.append(f"acknowledged add #{contact}: its note is missing")
            for key, value in add["facts"].items():
                if facts.get((contact, key)) != value:
                    found.append(f"acknowledged add #{contact}: fact {key} is missing")

        orders = dict(rows(con, "SELECT id, contact_id FROM orders"))
        lines: dict[int, list[tuple[str, int]]] = {}
        for order, sku, back in rows(con, "SELECT order_id, sku, backordered FROM order_lines"):
            lines.setdefault(order, []).append((sku, back))
        for order, placed in acked.orders.items():
            if orders.get(order) != placed["contact"]:
                found.append(f"acknowledged order #{order}: not in the database")
                continue
            want = sorted((sku, int(sku == placed["backorder"])) for sku in placed["skus"])
            if sorted(lines.get(order, [])) != want:
                found.append(f"acknowledged order #{order}: lines {lines.get(order)} != {want}")

        status = dict(rows(con, "SELECT id, status FROM touches"))
        reaches = dict(rows(con, "SELECT touch_id, reach FROM outcomes"))
        for touch, logged in acked.logs.items():
            if status.get(touch) in (None, "pending"):
                found.append(f"acknowledged log of touch #{touch}: touch is {status.get(touch)}")
            if reaches.get(touch) != logged["reach"]:
                found.append(f"acknowledged log of touch #{touch}: outcome {reaches.get(touch)}")
    return found


def committed_anyway(db: Path, in_flight: tuple[str, dict[str, Any]], acked: Acknowledged) -> bool:
    """Whether the command the kill interrupted had committed before it could say so."""
    what, args = in_flight
    with closing(sqlite3.connect(db)) as con:
        if what == "add":
            return bool(rows(con, "SELECT 1 FROM contacts WHERE name = ?", args["name"]))
        if what == "log":
            return bool(rows(con, "SELECT 1 FROM outcomes WHERE touch_id = ?", args["touch"]))
        candidates = rows(con, "SELECT id FROM orders WHERE contact_id = ?", args["contact"])
        for (order,) in candidates:
            if order in acked.orders:
                continue
            skus = [
                r[0] for r in rows(con, "SELECT sku FROM order_lines WHERE order_id = ?", order)
            ]
            if sorted(skus) == sorted(args["skus"]):
                return True
    return False


def record_figures(key: str, figures: dict[str, Any]) -> None:
    """Print the figures, and merge them into $FOLLOWUP_RELIABILITY_OUT when it is set."""
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


# --- the test --------------------------------------------------------------------------


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    rng = random.Random(SEED)
    acked = Acknowledged()
    kills_mid_command = 0
    in_flight_committed: Counter[str] = Counter()
    in_flight_vanished: Counter[str] = Counter()
    started = time.monotonic()
    with fork_server(db) as child:
        child.expect("ready")
        for round_no in range(1, ROUNDS + 1):
            acks = tmp_path / f"round-{round_no:03d}.txt"
            child.send(f"{round_no} {rng.randrange(2**32)} {acks}")
            pid = int(child.expect("pid "))
            time.sleep(rng.uniform(*KILL_AFTER))
            # Gone already? It died by itself, and the exit code below says why.
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            dead_pid, code = child.expect("dead ").split()
            said = acks.read_text(encoding="utf-8") if acks.exists() else ""
            assert (int(dead_pid), int(code)) == (pid, -signal.SIGKILL), (
                f"round {round_no}: the worker stopped by itself:\n{said}"
            )
            this_round = read_round(acks, acked)
            if this_round.in_flight is not None:
                kills_mid_command += 1
                what = this_round.in_flight[0]
                if committed_anyway(db, this_round.in_flight, acked):
                    in_flight_committed[what] += 1
                else:
                    in_flight_vanished[what] += 1
            wrong = problems(db, acked)
            assert not wrong, f"round {round_no} (seed {SEED}):\n" + "\n".join(wrong)

    # Every check above holds of a run that wrote nothing: the kills must land on real
    # work. Between 2.5 (a busy machine) and 13 commands were acknowledged a round; the
    # floor is one every other round, and each kind of command reached at least once:
    # acknowledged, or cut by a kill and checked above (on a loaded machine a run once
    # had its few orders all cut mid-command).
    assert acked.total() >= max(1, ROUNDS // 2), (
        f"only {acked.total()} commands acknowledged in {ROUNDS} rounds"
    )
    if ROUNDS >= 20:
        cut = in_flight_committed + in_flight_vanished
        for what, done in (("add", acked.adds), ("order", acked.orders), ("log", acked.logs)):
            assert done or cut[what], f"no {what} acknowledged or cut in {ROUNDS} rounds"
    assert kills_mid_command >= ROUNDS // 2, f"only {kills_mid_command} kills cut a command"

    with closing(sqlite3.connect(db)) as con:
        contacts = con.execute("SELECT count(*) FROM contacts").fetchone()[0]
    figures: dict[str, Any] = {
        "rounds": ROUNDS,
        "seed": SEED,
        "kill_after_seconds": list(KILL_AFTER),
        "kills_mid_command": kills_mid_command,
        "acknowledged": {
            "total": acked.total(),
            "add": len(acked.adds),
            "order": len(acked.orders),
            "log": len(acked.logs),
        },
        "acknowledged_lost": 0,
        "half_written_found": 0,
        "integrity_ok_rounds": ROUNDS,
        "in_flight_committed_before_ack": dict(in_flight_committed),
        "in_flight_left_no_trace": dict(in_flight_vanished),
        "contacts_at_end": contacts,
        "database_bytes": db.stat().st_size,
        "seconds": round(time.monotonic() - started, 1),
        "command": 'python -m pytest tests/reliability/test_crash_safety.py -o addopts="" -s',
    }
    print(
        f"\ncrash safety: {ROUNDS} SIGKILLs survived, {acked.total()} commands acknowledged "
        f"({len(acked.adds)} add, {len(acked.orders)} order, {len(acked.logs)} log), "
        f"{kills_mid_command} kills mid-command "
        f"({sum(in_flight_committed.values())} had committed, "
        f"{sum(in_flight_vanished.values())} left no trace), 0 lost, 0 half-written, "
        f"{contacts} contacts, {figures['seconds']} s"
    )
    record_figures("crash_safety", figures)


def test_the_checks_see_what_they_look_for(tmp_path: Path) -> None:
    """The checks above find a lost or half-written row: break a good file and look."""
    good = tmp_path / "good.db"

    def followup(*argv: str) -> str:
        out = io.StringIO()
        assert cli.main([*argv, "--db", str(good), "--today", TODAY], out=out) == 0
        return out.getvalue().strip()

    note, facts = "likes mornings", {"perfume": "Chanel"}
    contact = int(
        followup("add", "Ann Ray", "--kind", "customer", "--note", note, "--fact", "perfume=Chanel")
    )
    order = int(followup("order", str(contact), "DTX-7", "SKN-CLN", "--backorder", "SKN-CLN"))
    with closing(sqlite3.connect(good)) as con:
        (touch,) = con.execute("SELECT min(id) FROM touches WHERE status = 'pending'").fetchone()
    followup("log", str(touch), "reached", "--said", "all-good")
    acked = Acknowledged(
        adds={contact: {"name": "Ann Ray", "facts": facts, "note": note}},
        orders={order: {"contact": contact, "skus": ["DTX-7", "SKN-CLN"], "backorder": "SKN-CLN"}},
        logs={touch: {"touch": touch, "reach": "reached"}},
    )
    assert problems(good, acked) == []

    breakages = {
        "order without lines": f"DELETE FROM order_lines WHERE order_id = {order}",
        "acknowledged order": "DELETE FROM order_lines WHERE sku = 'DTX-7'",
        "kind_changes": f"DELETE FROM kind_changes WHERE contact_id = {contact}",
        "outcome whose touch is still pending": f"UPDATE touches SET status = 'pending' "
        f"WHERE id = {touch}",
        "touch done without its outcome": f"DELETE FROM outcomes WHERE touch_id = {touch}",
        "its note is missing": f"DELETE FROM notes WHERE contact_id = {contact}",
        "fact perfume": f"UPDATE facts SET value = 'Dior' WHERE contact_id = {contact}",
        "acknowledged add": f"UPDATE contacts SET name = 'Ann' WHERE id = {contact}",
        "nothing pending": "DELETE FROM touches WHERE status = 'pending'",
        "foreign_key_check": "INSERT INTO notes (contact_id, body, written_on, created_at) "
        "VALUES (999999, 'x', '2026-11-23', '2026-11-23 10:00:00')",
    }
    for i, (expected, sql) in enumerate(breakages.items()):
        broken = tmp_path / f"broken-{i}.db"
        with closing(sqlite3.connect(good)) as source, closing(sqlite3.connect(broken)) as copy:
            source.backup(copy)
            copy.execute(sql)
            copy.commit()
        found = problems(broken, acked)
        assert any(expected in line for line in found), (expected, found)


# --- a crash while the schema is created or upgraded -----------------------------------

# One child: for every schema statement k of a first start (or of an upgrade of the
# 0001 fixture), a forked worker opens the database and SIGKILLs itself right after
# statement k; then `followup today` must open the file. Prints the results as JSON.
MIGRATION_DRIVER = r"""
import contextlib, io, json, os, signal, sqlite3, sys

from sqlalchemy import event
from sqlalchemy.engine import Engine

from followup_tui import cli
import alembic.command, alembic.config  # noqa
import followup_tui.db.engine, followup_tui.paths, followup_tui.services  # noqa

FOLDER, TODAY, TEMPLATE = sys.argv[1], sys.argv[2], sys.argv[3]
SCHEMA = ("CREATE", "ALTER", "DROP", "INSERT INTO ALEMBIC_VERSION", "UPDATE ALEMBIC_VERSION")


def schema(statement):
    return statement.lstrip().upper().startswith(SCHEMA)


def fresh(path):
    if TEMPLATE:
        source, target = sqlite3.connect(TEMPLATE), sqlite3.connect(path)
        source.backup(target)
        source.close()
        target.close()


def followup(path):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        # A write: it makes the book when the file is missing or empty, as the app does
        argv = ["settings", "phone_region", "US", "--db", path, "--today", TODAY]
        code = cli.main(argv, out=io.StringIO())
    return code, err.getvalue().strip()


seen = []


def count(conn, cursor, statement, *rest):
    if schema(statement):
        seen.append(statement.split("(")[0].strip()[:60])


event.listen(Engine, "after_cursor_execute", count)
path = os.path.join(FOLDER, "count.db")
fresh(path)
assert followup(path)[0] == 0
event.remove(Engine, "after_cursor_execute", count)

results = []
for k, statement in enumerate(seen, 1):
    path = os.path.join(FOLDER, f"crash-{k:03d}.db")
    fresh(path)
    pid = os.fork()
    if pid == 0:
        done = [0]

        def crash(conn, cursor, statement, *rest):
            if schema(statement):
                done[0] += 1
                if done[0] == k:
                    os.kill(os.getpid(), signal.SIGKILL)

        event.listen(Engine, "after_cursor_execute", crash)
        try:
            followup(path)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    code, err = followup(path)
    results.append({"path": path, "after": statement, "code": code, "error": err,
                    "killed": os.waitstatus_to_exitcode(status) == -signal.SIGKILL})
print(json.dumps(results))
"""


def crash_during_schema_work(folder: Path, template: Path | None) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", MIGRATION_DRIVER, str(folder), TODAY, str(template or "")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert results and all(r["killed"] for r in results), results
    return results


def test_a_kill_while_the_database_is_first_created_leaves_a_usable_file(
    tmp_path: Path,
) -> None:
    results = crash_during_schema_work(tmp_path, None)
    refused = [f"after {r['after']}: {r['error']}" for r in results if r["code"] != 0]
    assert not refused, f"{len(refused)} of {len(results)} crash points:\n" + "\n".join(refused)


def test_a_kill_during_an_upgrade_leaves_a_usable_file_with_everything(
    tmp_path: Path,
) -> None:
    template = Path(__file__).parent.parent / "fixtures" / "followup-0001.db"
    # Every contact and every touch the old file held (an upgrade may plan new ones).
    with closing(sqlite3.connect(template)) as con:
        [(last_touch,)] = con.execute("SELECT max(id) FROM touches").fetchall()
    counts = "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM touches WHERE id <= ?)"
    with closing(sqlite3.connect(template)) as con:
        before = con.execute(counts, (last_touch,)).fetchone()
    results = crash_during_schema_work(tmp_path, template)
    wrong = []
    for r in results:
        with closing(sqlite3.connect(r["path"])) as con:
            after = con.execute(counts, (last_touch,)).fetchone()
        if r["code"] != 0 or after != before:
            wrong.append(f"after {r['after']}: {r['error']} (rows {after}, were {before})")
    assert not wrong, f"{len(wrong)} of {len(results)} crash points:\n" + "\n".join(wrong)
