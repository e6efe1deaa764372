"""The second round of attacks (issue 16), run as a script that prints its figures.

    .venv/bin/python -m tests.reliability.attacks            # everything, ~3 minutes
    .venv/bin/python -m tests.reliability.attacks --quick    # fewer rounds, no 100k import

Each figure should be 0. The tests in tests/reliability/ hold each fix on its own in CI;
this script throws them all at one build at once, with random choices (seeded), the way
a hostile file or a bad day would, and counts what got through.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from followup_tui import cli

TODAY = "2026-11-23"
FOLLOWUP = [sys.executable, "-m", "followup_tui"]

# Text a shared file could carry: each drawn raw would act on her terminal.
TITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J\x1b[HFAKE"
C1_CSI = "\x9b2J"
BIDI = "\u202egnp.exe"
HOSTILE_TEXT = [TITLE, CLEAR, C1_CSI, BIDI, "ok" + TITLE + "ok", "\x7f\x08\x08x", "x" * 131_072]
ESCAPES = ("\x1b", "\x9b", "\x9d", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068")


def reaches_terminal(text: str) -> bool:
    """An escape or bidi override that would be obeyed, not drawn."""
    return any(mark in text for mark in ESCAPES)


@dataclass
class Figures:
    rows: list[tuple[str, object, str]] = field(default_factory=list)

    def add(self, what: str, value: object, detail: str = "") -> None:
        self.rows.append((what, value, detail))
        print(f"{what:<62} {value!s:>6}  {detail}", flush=True)


@dataclass(frozen=True)
class Reply:
    code: int
    out: str
    err: str


def followup(*argv: str) -> Reply:
    """`followup ARGV` in this process (fast; the CLI keeps no state between calls)."""
    out, err, printed = io.StringIO(), io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(printed):
        try:
            code = cli.main(list(argv), out=out)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:  # what a user would see as a crash
            print(f"Traceback: {type(exc).__name__}", file=err)
            code = 1
    return Reply(code, out.getvalue() + printed.getvalue(), err.getvalue())


def followup_process(*argv: str, timeout: float = 20.0) -> Reply:
    """`followup ARGV` in its own process, for files that may hang or eat memory."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        done = subprocess.run(
            [*FOLLOWUP, *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limits,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Reply(124, "", "hung")
    return Reply(done.returncode, done.stdout, done.stderr)


def make_book(path: Path, contacts: int = 0) -> None:
    """A small book: the demo story, or `contacts` more."""
    args = ["demo", "--db", str(path), "--today", TODAY]
    if contacts:
        args += ["--contacts", str(contacts)]
    reply = followup(*args)
    assert reply.code == 0, reply


def digest(path: Path) -> str:
    if path.is_symlink():
        return "link to " + os.readlink(path)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if not p.is_fifo()}


def foreign_files(folder: Path) -> list[Path]:
    """Files that are not hers to change: another program's databases, a victim file."""
    other = folder / "other.sqlite"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("INSERT INTO songs (title) VALUES ('a')")
        db.commit()
    alembic = folder / "alembic-app.db"
    with closing(sqlite3.connect(alembic)) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        db.execute("INSERT INTO alembic_version VALUES ('abc123def')")
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        db.commit()
    empty = folder / "empty.sqlite"
    with closing(sqlite3.connect(empty)) as db:
        db.execute("PRAGMA user_version = 7")
        db.commit()
    victim = folder / "victim.txt"
    victim.write_text("her tax return\n")
    return [other, alembic, empty, victim]


def plant_links(folder: Path, victim: Path) -> None:
    """Symlinks at the names an export or backup might write through."""
    for name in ("out.csv", "out.vcf", "out.ics"):
        link = folder / f".{name}.partial"
        with contextlib.suppress(FileExistsError):
            link.symlink_to(victim)


def trigger_book(path: Path) -> None:
    """A book whose schema carries SQL that would run on her next write."""
    make_book(path)
    mark = (
        "INSERT INTO notes (contact_id, body, written_on, created_at) "
        "SELECT id, 'PWNED', '2026-01-01', '2026-01-01 00:00:00' FROM contacts LIMIT 1"
    )
    with closing(sqlite3.connect(path)) as db:
        for table in ("settings", "touches", "outcomes", "orders", "facts"):
            for event in ("INSERT", "UPDATE"):
                db.execute(
                    f"CREATE TRIGGER pwn_{table}_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN {mark}; END"
                )
        db.execute("CREATE VIEW pwn_view AS SELECT 1")
        db.commit()


def pwned_rows(path: Path) -> int:
    if not path.is_file():
        return 0
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            return int(db.execute("SELECT count(*) FROM notes WHERE body = 'PWNED'").fetchone()[0])
        except sqlite3.Error:
            return 0


# --- 1,000 hostile invocations -------------------------------------------------------


def hostile_invocations(work: Path, count: int, rng: random.Random, figures: Figures) -> None:
    template = work / "template.db"
    make_book(template)
    special = work / "special"
    special.mkdir()
    fifo = special / "pipe.csv"
    os.mkfifo(fifo)
    zero = special / "zero.csv"
    zero.symlink_to("/dev/zero")
    files = foreign_files(special)
    plant_links(special, files[-1])
    triggered = special / "triggered.db"
    trigger_book(triggered)
    before = folder_state(special)

    dates = [
        "0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "2026-02-30", "１２/８",
        "٢٠٢٦-١١-٢٣", "in 99999 years", "+999999", "-999999", "next blurday", "",
        "2026-11-23" + CLEAR, "12/8/0", "31/31", "dec 32",
    ]  # fmt: skip
    ids = ["１２", "١٢", "0", "-1", "9" * 25, "1e3", " 3", "3 ", "²", "0x10", "3", "1"]
    calls = ["call:１", "call:-1", "call:" + "9" * 25, "call:١", *ids]
    texts = [*HOSTILE_TEXT, "[red]x[/red]", "%_", "a\tb", "a\nb", "Ann " + BIDI]
    in_paths = [str(p) for p in (fifo, zero, special, special / "missing.csv", *files)]
    in_paths += [str(triggered), "x" * 300 + ".csv", str(special / "a" / "b.csv")]
    out_paths = [str(special / n) for n in ("out.csv", "out.vcf", "out.ics")]
    foreign_dbs = [str(p) for p in (*files, triggered, special, fifo)]
    read_dbs = [*foreign_dbs, str(special / "new.db")]
    r = rng.choice
    shapes: list[Callable[[], list[str]]] = [
        lambda: ["add", r(texts), "--kind", "customer"],
        lambda: ["add", "Ann", "--kind", "customer", "--met-on", r(dates)],
        lambda: ["add", "Ann", "--kind", "lead", "--met-at", r(texts), "--fact", "p=" + r(texts)],
        lambda: ["party", "new", r(ids), "--on", r(dates), "--place", r(texts)],
        lambda: ["event", "new", "training", "--on", r(dates), "--title", r(texts)],
        lambda: ["export", r(out_paths), "--days", r(["30", "99999999", "-1", "１"])],
        lambda: ["contacts", "--search", r(texts)],
        lambda: ["show", r(calls)],
        lambda: ["log", r(calls), "answered", "--note", r(texts)],
        lambda: ["later", r(calls), "--to", r(dates)],
        lambda: ["skip", r(calls), "--reason", r(texts)],
        lambda: ["note", r(ids), r(texts)],
        lambda: ["order", r(ids), "DTX-7", "--on", r(dates)],
        lambda: ["today", "--today", r(dates)],
        lambda: ["delivered", r(ids), "--on", r(dates)],
        lambda: ["edit", r(ids), "--name", r(texts)],
        lambda: ["settings", "name", r(texts)],
        lambda: ["import", r(in_paths)],
        lambda: ["restore", r(in_paths)],
        lambda: ["--db", r(read_dbs), r(["today", "contacts", "parties", "backorders"])],
        lambda: ["--db", r(foreign_dbs), "add", "Ann", "--kind", "customer"],
        lambda: ["demo", "--today", r(dates)],
    ]
    codes: Counter[int] = Counter()
    escaped = hung = 0
    crashes: Counter[str] = Counter()
    for _ in range(count):
        book = work / "try.db"
        for stale in work.glob("try.db*"):
            stale.unlink()
        shutil.copy(template, book)
        argv = r(shapes)()
        if "--db" not in argv:
            argv += ["--db", str(book)]
        if "--today" not in argv:
            argv += ["--today", TODAY]
        if argv[0] == "demo":
            book.unlink()
        risky = any(a in (str(fifo), str(zero)) for a in argv)
        reply = followup_process(*argv) if risky else followup(*argv)
        codes[reply.code] += 1
        hung += reply.code == 124
        if reply.code not in (0, 2):
            crashes[" ".join(a[:20] for a in argv[:3])] += 1
        if reaches_terminal(reply.out + reply.err):
            escaped += 1
    after = folder_state(special)
    changed = sorted(name for name in before if before[name] != after.get(name))
    ours = {"out.csv", "out.vcf", "out.ics"}  # the exports she asked for
    made = sorted(set(after) - set(before) - ours)
    figures.add(f"exit 1 in {count:,} hostile invocations", codes[1], _top(crashes))
    figures.add("hung (killed after 20 s)", hung)
    figures.add("CLI outputs carrying an escape or bidi override", escaped)
    figures.add("files changed that were not ours", len(changed), ", ".join(changed))
    figures.add("files made beside files that were not ours", len(made), ", ".join(made))
    figures.add("attacker SQL executed (CLI)", pwned_rows(triggered))


def _top(crashes: Counter[str]) -> str:
    return "; ".join(f"{k} ×{n}" for k, n in crashes.most_common(3))


# --- SQL in a book file ------------------------------------------------------------------


def attacker_sql(work: Path, figures: Figures) -> None:
    """A book with triggers: opened, written, restored from, backed up."""
    fired = 0
    commands = [
        ["today"],
        ["contacts"],
        ["show", "1"],
        ["add", "Ann", "--kind", "customer"],
        ["note", "1", "hello"],
        ["backup"],
        ["export", str(work / "sql-out.csv")],
    ]
    for command in commands:
        book = work / "sql.db"
        for stale in work.glob("sql.db*"):
            stale.unlink()
        trigger_book(book)
        followup(*command, "--db", str(book), "--today", TODAY)
        fired += pwned_rows(book)
    live = work / "live.db"
    make_book(live)
    source = work / "sql-source.db"
    trigger_book(source)
    followup("restore", str(source), "--db", str(live), "--today", TODAY)
    followup("add", "Ann", "--kind", "customer", "--db", str(live), "--today", TODAY)
    fired += pwned_rows(live)
    figures.add("attacker SQL executed (a book with triggers)", fired)


# --- terminal escapes in the app -----------------------------------------------------------


def escapes_in_app(work: Path, figures: Figures) -> None:
    """Hostile facts, met-at and notes imported from a shared CSV, then the desk in a pty."""
    book = work / "esc.db"
    make_book(book)
    csv_file = work / "shared.csv"
    csv_file.write_text(
        "name,phone,met_at,notes,perfume\n"
        f'Mona Lisa,3125550177,"{CLEAR}","{TITLE}","{C1_CSI}{BIDI}"\n',
        encoding="utf-8",
    )
    followup("import", str(csv_file), "--kind", "lead", "--db", str(book), "--today", TODAY)
    with closing(sqlite3.connect(book)) as db:
        # Her call the only one on the desk, so the script pane fills in her facts.
        mona = "(SELECT id FROM contacts WHERE name = 'Mona Lisa')"
        db.execute(f"UPDATE touches SET due_on = '2026-11-20' WHERE contact_id = {mona}")
        db.execute(f"UPDATE touches SET due_on = '2026-12-30' WHERE contact_id != {mona}")
        db.commit()
    seen = _run_in_pty(
        [*FOLLOWUP, "--db", str(book), "--today", TODAY],
        keys=[b"", b"\x1b[B", b"\x1b[A", b"c", b"mona", b"\r", b"\x1b", b"\x1b", b"q"],
    )
    obeyed = sum(seen.count(m) for m in (b"\x1b]0;PWNED", b"\x1b[2J\x1b[HFAKE"))
    obeyed += seen.count("\u202e".encode()) + seen.count(b"\xc2\x9b")
    figures.add("escape sequences from data reaching the terminal (app)", obeyed)


def _run_in_pty(argv: list[str], keys: list[bytes]) -> bytes:
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.execvp(argv[0], argv)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = bytearray()

    def drain(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen.extend(os.read(fd, 65536))
                except OSError:
                    return

    drain(4.0)
    for key in keys:
        os.write(fd, key)
        drain(0.8)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return bytes(seen)


# --- the desk while another window imports 100,000 rows ------------------------------------


def logs_under_a_big_import(work: Path, rows: int, figures: Figures) -> None:
    """Ten calls logged at the desk, each with a note, while `followup import` of `rows`
    rows holds the book's write lock for far longer than the busy timeout."""
    import asyncio

    book = work / "busy.db"
    make_book(book)
    _only_simple_calls(book)
    people = work / "everyone.csv"
    with people.open("w") as out:
        out.write("name,phone,email\n")
        for n in range(rows):
            out.write(f"Guest {n},+1312{200 + n // 10_000:03d}{n % 10_000:04d},g{n}@example.com\n")
    importer = subprocess.Popen(
        [*FOLLOWUP, "import", str(people), "--db", str(book), "--today", TODAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    notes = [f"attack note {n}: call after 6" for n in range(10)]
    started = time.monotonic()
    while_locked = asyncio.run(_log_at_the_desk(book, notes, importer))
    importer.wait()
    with closing(sqlite3.connect(book)) as db:
        landed = {
            row[0]
            for row in db.execute("SELECT note FROM outcomes WHERE note LIKE 'attack note %'")
        }
        imported = db.execute("SELECT count(*) FROM contacts WHERE name LIKE 'Guest %'").fetchone()
    dropped = len(set(notes) - landed)
    typed_while_locked = "typed while the import held the lock; " if while_locked else ""
    figures.add(
        f"logs or notes dropped under a {rows:,}-row import",
        dropped,
        f"{typed_while_locked}{len(landed)} landed; import added {imported[0]:,}; "
        f"{time.monotonic() - started:.0f} s",
    )


async def _log_at_the_desk(book: Path, notes: list[str], importer: subprocess.Popen[bytes]) -> bool:
    from datetime import date

    from followup_tui.app import FollowupApp

    app = FollowupApp(f"sqlite:///{book}", date.fromisoformat(TODAY))
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(40):
            await pilot.pause(0.1)
        # The import plans first (reading the file, finding duplicates), then writes in
        # one transaction: the logs are typed once it holds the write lock.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not _locked(book) and importer.poll() is None:
            await asyncio_sleep(0.2)
        while_locked = _locked(book)
        for note in notes:
            await pilot.press("o", "r", "g", *note, "enter")
            for _ in range(10):
                await pilot.pause(0.05)
        # Everything typed waits for the book, then lands: give it until the import ends
        # and a minute more.
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            done = importer.poll() is not None
            if done and not getattr(app.ctx, "waiting", None):
                break
            await pilot.pause(0.5)
        for _ in range(20):
            await pilot.pause(0.1)
    return while_locked


def logs_while_a_writer_holds_the_book(work: Path, figures: Figures) -> None:
    """The same ten logs while another window holds the write lock for 15 s, three times
    the busy timeout (a 100,000-row import's write phase on a slower machine)."""
    import asyncio

    book = work / "held.db"
    make_book(book)
    _only_simple_calls(book)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            " c.execute('BEGIN IMMEDIATE'); time.sleep(15); c.rollback()",
            str(book),
        ]
    )
    notes = [f"held note {n}: call after 6" for n in range(10)]
    asyncio.run(_log_at_the_desk(book, notes, holder))
    holder.wait()
    with closing(sqlite3.connect(book)) as db:
        landed = {
            row[0] for row in db.execute("SELECT note FROM outcomes WHERE note LIKE 'held note %'")
        }
    figures.add(
        "logs or notes dropped while another window holds the book 15 s",
        len(set(notes) - landed),
        f"{len(landed)} landed",
    )


def _only_simple_calls(book: Path) -> None:
    with closing(sqlite3.connect(book)) as db:
        # Calls whose log asks more than reach, said and a note wait for another day.
        db.execute(
            "UPDATE touches SET due_on = '2026-12-30' WHERE status = 'pending' AND playbook IN "
            "('corporate-backorder', 'prospect', 'team-new-leader', 'team-mature-leader', "
            "'referral-partner', 'reorder')"
        )
        db.commit()


def _locked(book: Path) -> bool:
    """Another connection holds the book's write lock."""
    with closing(sqlite3.connect(book, timeout=0, isolation_level=None)) as db:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        db.execute("ROLLBACK")
        return False


async def asyncio_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


# --- leftovers after kills -----------------------------------------------------------------


def leftovers(work: Path, kills: int, rng: random.Random, figures: Figures) -> None:
    book = work / "kept.db"
    make_book(book, contacts=20_000)
    left = 0
    for _ in range(kills):
        _kill_after([*FOLLOWUP, "backup", "--db", str(book), "--today", TODAY], rng)
    followup("backup", "--db", str(book), "--today", TODAY)
    left += sum(1 for p in (work / "backups").glob("*partial*"))
    left += sum(1 for p in work.glob(".*partial*"))
    broken = 0
    for n in range(kills):
        demo = work / f"demo-{n}.db"
        _kill_after([*FOLLOWUP, "demo", "--db", str(demo), "--contacts", "3000"], rng)
        again = followup("demo", "--db", str(demo), "--contacts", "3000", "--today", TODAY)
        counted = followup("contacts", "--db", str(demo), "--json", "--today", TODAY)
        if again.code != 0 or counted.code != 0 or counted.out.count('"id"') < 3000:
            broken += 1
    figures.add(f"leftover .partial copies after {kills} killed backups", left)
    figures.add(f"demo books broken after {kills} killed demos", broken)


def _kill_after(argv: list[str], rng: random.Random) -> None:
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.4, 2.0))
    child.send_signal(signal.SIGKILL)
    child.wait()


# --- undo and other windows ----------------------------------------------------------------


def undo_after_other_windows(work: Path, rounds: int, rng: random.Random, figures: Figures) -> None:
    """Log a call, write to the same contact elsewhere, undo: what else was saved stays."""
    book = work / "undo.db"
    make_book(book)
    lost = 0
    for _ in range(rounds):
        due = followup("today", "--json", "--db", str(book), "--today", TODAY)
        calls = json.loads(due.out) if due.code == 0 else []
        if not calls:
            break
        call = rng.choice(calls)
        contact = str(call["contact_id"])
        logged = followup(
            "log", str(call["touch_id"]), "voicemail", "--db", str(book), "--today", TODAY
        )
        if logged.code != 0:
            continue
        writes = {
            "order": ["order", contact, "DTX-7"],
            "note": ["note", contact, "note written elsewhere"],
        }
        kind = rng.choice(sorted(writes))
        wrote = followup(*writes[kind], "--db", str(book), "--today", TODAY)
        if wrote.code != 0:
            continue
        followup("undo", "--db", str(book), "--today", TODAY)
        with closing(sqlite3.connect(book)) as db:
            if kind == "order":
                found = db.execute(
                    "SELECT count(*) FROM orders WHERE id = ?", (int(wrote.out.split()[0]),)
                ).fetchone()[0]
            else:
                found = db.execute(
                    "SELECT count(*) FROM notes WHERE contact_id = ? AND body = ?",
                    (int(contact), "note written elsewhere"),
                ).fetchone()[0]
        lost += found == 0
    figures.add(f"acknowledged writes lost to undo ({rounds} rounds)", lost)


def imports_at_once(work: Path, figures: Figures) -> None:
    book = work / "twice.db"
    make_book(book)
    rows = "\n".join(f"Person {n},20255{n:05d},p{n}@example.com" for n in range(2000))
    csv_file = work / "people.csv"
    csv_file.write_text("name,phone,email\n" + rows + "\n")
    before = _count(book, "contacts")
    argv = [*FOLLOWUP, "import", str(csv_file), "--db", str(book), "--today", TODAY]
    both = [subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    both.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for child in both:
        child.wait()
    extra = _count(book, "contacts") - before - 2000
    figures.add("contacts added twice by two imports of one file at once", max(extra, 0))


def _count(book: Path, table: str) -> int:
    with closing(sqlite3.connect(book)) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="attacks-") as folder:
        yield Path(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--seed", type=int, default=16)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    figures = Figures()
    os.environ.pop("FOLLOWUP_TODAY", None)
    started = time.monotonic()
    with scratch() as work:
        (work / "a").mkdir()
        hostile_invocations(work / "a", 200 if options.quick else 1000, rng, figures)
    with scratch() as work:
        attacker_sql(work, figures)
    with scratch() as work:
        escapes_in_app(work, figures)
    with scratch() as work:
        undo_after_other_windows(work, 10 if options.quick else 40, rng, figures)
    with scratch() as work:
        imports_at_once(work, figures)
    with scratch() as work:
        leftovers(work, 5 if options.quick else 20, rng, figures)
    with scratch() as work:
        logs_under_a_big_import(work, 10_000 if options.quick else 100_000, figures)
    with scratch() as work:
        logs_while_a_writer_holds_the_book(work, figures)
    print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
