"""Figures, not verdicts: `python -m benchmarks [--sizes 1000,10000,100000] [--runs 5]`.

Builds demo databases once (cached under benchmarks/.cache), then prints the median
of several runs of each figure. Ratios are measured side by side in the same run, runs
interleaved, since this machine is noisy (MEASURED.md).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import csv
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 23)
ROOT = Path(__file__).parent.parent
CACHE = Path(__file__).parent / ".cache"
PYTHON = sys.executable
FOLLOWUP = str(Path(PYTHON).parent / "followup")
IMPORT_ROWS = 10_000

# A child that opens the app headless and prints the seconds from its start to the first
# frame that paints today's list; bare, to the first frame of a Textual app with the same
# widgets and no data.
PAINT = """
import asyncio, sys, time
start = time.perf_counter()
bare = sys.argv[1] == "bare"
painted = []
if bare:
    # The desk's widgets, as the desk nests them, with Textual's own styles and no data.
    from textual.app import App
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import DataTable, Footer, Header, Input, Label, ProgressBar, Static
    class Bare(App[None]):
        BINDINGS = [(key, "bell", key) for key in "ounfsrl?"]
        def compose(self):
            yield Header()
            with Horizontal():
                yield DataTable()
                with Vertical():
                    with VerticalScroll():
                        yield Static()
                    with VerticalScroll():
                        yield Static()
            with Vertical():
                yield Static(); yield Static(); yield Static(); yield Static()
                yield Input(); yield Input(); yield Label()
            yield ProgressBar()
            yield Footer()
        def on_mount(self):
            self.query_one(DataTable).add_columns("Who", "When", "By", "Why")
    app = Bare()
    table = DataTable
else:
    from datetime import date
    from followup_tui.app import FollowupApp
    from followup_tui.widgets.touch_table import TouchTable as table
    app = FollowupApp("sqlite:///" + sys.argv[2], date(2026, 11, 23))
render_line = table.render_line
def first_frame(self, y):
    # The list is shown once show() has been given today's calls (rows, or none).
    if not painted and (bare or self.today is not None):
        painted.append(time.perf_counter() - start)
    return render_line(self, y)
table.render_line = first_frame
async def main():
    async with app.run_test(size=(160, 48)):
        waited = time.perf_counter()
        while not painted:
            if time.perf_counter() - waited > 60:
                sys.exit("no list painted in 60 s: " + type(app.screen).__name__)
            await asyncio.sleep(0.002)
asyncio.run(main())
print(painted[0])
"""


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def interleaved(runs: int, *measures: Callable[[], float]) -> list[float]:
    """Medians of several measures taken in turn, so a noisy moment hits them all."""
    seen: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for values, measure in zip(seen, measures, strict=True):
            values.append(measure())
    return [statistics.median(values) for values in seen]


def timed_process(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def child_seconds(argv: list[str]) -> float:
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def database(size: int) -> Path:
    """The demo book of `size` contacts, built once."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"demo-{size}.db"
    if not path.exists():
        print(f"  building {size:,} contacts (once)...", flush=True)
        building = path.with_suffix(".building")
        for stale in building.parent.glob(building.name + "*"):
            stale.unlink()
        subprocess.run(followup("demo", "--contacts", str(size), db=building), check=True)
        with closing(sqlite3.connect(building)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            (made,) = connection.execute("SELECT count(*) FROM contacts WHERE NOT is_me").fetchone()
        if made != size:
            raise SystemExit(f"the demo book has {made} contacts, not {size}")
        building.rename(path)
        for stale in building.parent.glob(building.name + "-*"):
            stale.unlink()
    return path


def followup(*argv: str, db: Path) -> list[str]:
    return [FOLLOWUP, *argv, "--db", str(db), "--today", TODAY.isoformat()]


def scratch_copy(path: Path, folder: Path) -> Path:
    copy = folder / path.name
    shutil.copyfile(path, copy)
    # Opened once by the app's own path: the schema and catalogue are current, as on
    # every start after the first.
    subprocess.run(followup("today", db=copy), check=True, capture_output=True)
    return copy


def first_paint(path: Path, runs: int) -> tuple[float, float, int]:
    app, bare = interleaved(
        runs,
        lambda: child_seconds([PYTHON, "-c", PAINT, "app", str(path)]),
        lambda: child_seconds([PYTHON, "-c", PAINT, "bare"]),
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([PYTHON, "-c", PAINT, "app", str(path)], check=True, capture_output=True)
    peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return app, bare, peak_kb


def shell_add(path: Path, runs: int) -> list[float]:
    counter = iter(range(10**6))
    return interleaved(
        runs,
        lambda: timed_process(
            followup("add", f"Bench Person {next(counter)}", "--kind", "lead", db=path)
        ),
        lambda: timed_process([PYTHON, "-c", "import sqlalchemy.orm"]),
        lambda: timed_process([PYTHON, "-c", "pass"]),
    )


def todays_query(path: Path, runs: int) -> tuple[float, float]:
    """The first frame's query (first window, sqlite3) and the whole list (SQLAlchemy)."""
    from followup_tui.db import repository
    from followup_tui.db.engine import open_database
    from followup_tui.db.first_look import first_look

    db = open_database(f"sqlite:///{path}")

    def window() -> float:
        start = time.perf_counter()
        first_look(path, TODAY)
        return time.perf_counter() - start

    def whole() -> float:
        with db.read() as session:
            start = time.perf_counter()
            repository.due_touches(session, TODAY)
            return time.perf_counter() - start

    window_time, whole_time = interleaved(runs, window, whole)
    db.dispose()
    return window_time, whole_time


def search_keystroke(path: Path, runs: int) -> float:
    from followup_tui.db.engine import open_database
    from followup_tui.domain.search import NameIndex
    from followup_tui.services import contact_views

    db = open_database(f"sqlite:///{path}")
    index = NameIndex([line.name for line in contact_views.contact_lines(db)])
    db.dispose()
    queries = iter(["j", "je", "jen", "jenn", "jenna", "jenna b", "jena broks"] * runs)

    def keystroke() -> float:
        start = time.perf_counter()
        index.rank(next(queries))
        return time.perf_counter() - start

    return median_of(runs * 3, keystroke)


SEARCHES = ("target", "0199", "chanel", "nurse", "jenna b")
"""Typed letter by letter: where met, phone digits, a fact's value, a job, a name."""


def search_all_fields(path: Path, runs: int) -> tuple[float, float, dict[str, list[float]]]:
    """The contacts screen's search over every field: reading the book and building the
    index (seconds, MB held), and each keystroke (rank and the words of the rows shown,
    as the screen's worker does), per query, in ms."""
    import gc
    import tracemalloc

    from followup_tui.db.engine import open_database
    from followup_tui.services import contact_views

    db = open_database(f"sqlite:///{path}")
    build = median_of(max(1, runs // 2), lambda: timed(lambda: contact_views.searchable(db)))
    gc.collect()
    tracemalloc.start()
    book = contact_views.searchable(db)
    held = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    db.dispose()
    book.index.names.prepare()  # as the screen's worker does
    index = book.index
    keys: dict[str, list[float]] = {query: [] for query in SEARCHES}
    for _ in range(runs):
        for query in SEARCHES:
            for end in range(1, len(query) + 1):
                typed = query[:end]

                def keystroke(typed: str = typed) -> None:
                    index.matches(index.rank(typed, 200), typed)

                keys[query].append(timed(keystroke))
    return build, held, keys


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def keys_to_screen(path: Path, runs: int) -> dict[str, float]:
    """A key pressed to the first frame that shows its effect (headless, in process).

    Pilot.press waits for the whole process to be idle (card and script loaded behind
    the list, too); this sends the key to the driver and stops the clock at the frame.
    """
    from textual import events
    from textual.app import App
    from textual.pilot import Pilot
    from textual.screen import Screen
    from textual.widgets import DataTable
    from textual.worker import WorkerCancelled

    from followup_tui.app import FollowupApp
    from followup_tui.widgets.outcome_panel import OutcomePanel
    from followup_tui.widgets.window_table import WindowTable

    frames: list[float] = []

    async def settle(pilot: Pilot[None]) -> None:
        # Between keys, not timed: the card and script catch up. A worker replaced by a
        # newer one (the cursor moved on) is cancelled, which is fine.
        # Twice: a worker may start one frame after another ends (the card after the list).
        for _ in range(2):
            for _ in range(10):
                try:
                    await pilot.app.workers.wait_for_complete()
                    break
                except WorkerCancelled:
                    continue
            await pilot.pause()
            await asyncio.sleep(0.05)

    async def key_to_frame(app: App[None], key: str, shown: Callable[[], bool]) -> float:
        driver = app._driver
        assert driver is not None
        start = time.perf_counter()
        frames.clear()
        char = key if len(key) == 1 else ("\r" if key == "enter" else None)
        driver.send_message(events.Key(key, char))
        while not (frames and shown()):
            await asyncio.sleep(0)
        return frames[-1] - start

    def moved(table: DataTable[Any] | WindowTable) -> Callable[[], bool]:
        row = table.cursor_row
        return lambda: table.cursor_row != row  # the list may skip a group heading

    async def measure() -> dict[str, list[float]]:
        seen: dict[str, list[float]] = {name: [] for name in KEY_COLUMNS}
        app = FollowupApp(f"sqlite:///{path}", TODAY)
        display = app._display

        def counted(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            frames.append(time.perf_counter())

        app._display = counted  # type: ignore[method-assign]
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            desk = app.screen
            table = desk.query_one("#today", DataTable)
            panel = desk.query_one(OutcomePanel)
            for _ in range(runs * 4):
                seen["today down"].append(await key_to_frame(app, "down", moved(table)))
                await settle(pilot)
            for _ in range(runs):
                # A call unanswered, o n enter: the questions show in the Outcome pane,
                # the note field follows, enter saves and the list moves on.
                seen["log: o"].append(await key_to_frame(app, "o", lambda: panel.active))
                await settle(pilot)
                seen["log: n"].append(await key_to_frame(app, "n", lambda: panel.phase == "note"))
                await settle(pilot)
                seen["log: enter"].append(
                    await key_to_frame(app, "enter", lambda: not panel.active)
                )
                await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            contacts = app.screen.query_one("#contacts-table", WindowTable)
            contacts.focus()
            await settle(pilot)
            for _ in range(runs * 4):
                seen["contacts down"].append(await key_to_frame(app, "down", moved(contacts)))
                await settle(pilot)
        return seen

    seen = asyncio.run(measure())
    return {name: statistics.median(values) for name, values in seen.items() if values}


def import_rows(folder: Path, rows: int) -> Path:
    """A spreadsheet of `rows` people, as a back office exports it (deterministic)."""
    rng = random.Random(7)
    firsts = ["Ann", "Bea", "Cleo", "Dana", "Eve", "Fay", "Gia", "Hana", "Iris", "Jo"]
    lasts = ["Lee", "Diaz", "Okafor", "Nguyen", "Smith", "Rossi", "Haddad", "Kim", "Berg"]
    path = folder / f"import-{rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["First Name", "Last Name", "Mobile", "E-mail", "Perfume", "Notes"])
        for i in range(rows):
            first, last = rng.choice(firsts), rng.choice(lasts)
            writer.writerow(
                [
                    f"{first}{i}",
                    last,
                    f"+1 212 555 {i % 10000:04d}" if i < 10000 else "",
                    f"{first.lower()}.{i}@example.com",
                    rng.choice(["Chanel No 5", "Dior", "", "Guerlain"]),
                    "met at the fair" if i % 3 == 0 else "",
                ]
            )
    return path


def import_and_export(path: Path, folder: Path, runs: int) -> tuple[float, float]:
    rows = import_rows(folder, IMPORT_ROWS)

    def one_import() -> float:
        fresh = folder / "import-target.db"
        shutil.copyfile(path, fresh)
        try:
            return timed_process(followup("import", str(rows), "--on-duplicate", "add", db=fresh))
        finally:
            fresh.unlink()
            for extra in folder.glob("import-target.db-*"):
                extra.unlink()

    export = folder / "export.csv"
    imported, exported = interleaved(
        max(1, runs // 2),
        one_import,
        lambda: timed_process(followup("export", str(export), db=path)),
    )
    return imported, exported


def table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    # pip compiles an installed package to bytecode; an editable checkout under
    # PYTHONDONTWRITEBYTECODE never does, and would pay ~60 ms a start to compile.
    compileall.compile_dir(ROOT / "followup_tui", quiet=1)
    print(f"followup-tui benchmarks · {os.cpu_count()} cores · Python {sys.version.split()[0]}")
    print(f"median of {args.runs} runs; ms unless said\n")
    start_rows: list[tuple[str, ...]] = []
    use_rows: list[tuple[str, ...]] = []
    keys: list[tuple[str, ...]] = []
    searches: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for size in sizes:
            book = scratch_copy(database(size), folder)
            app, bare, peak_kb = first_paint(book, args.runs)
            add, orm, py = shell_add(book, args.runs)
            window, whole = todays_query(book, args.runs)
            imported, exported = import_and_export(book, folder, args.runs)
            start_rows.append(
                (
                    f"{size:,}",
                    f"{ms(app)} / {ms(bare)} ({app / bare:.2f}x)",
                    f"{ms(add)} / {ms(orm)} ({add / orm:.2f}x)",
                    ms(py),
                    f"{peak_kb / 1024:.0f} MB",
                )
            )
            use_rows.append(
                (
                    f"{size:,}",
                    f"{window * 1000:.1f} / {whole * 1000:.1f}",
                    f"{search_keystroke(book, args.runs) * 1000:.1f}",
                    f"{imported:.2f} s",
                    f"{exported:.2f} s",
                )
            )
            build, held, typed = search_all_fields(book, args.runs)
            every_key = sorted(t for times in typed.values() for t in times)
            searches.append(
                (
                    f"{size:,}",
                    f"{build:.2f} s / {held:.0f} MB",
                    *(
                        f"{statistics.median(typed[q]) * 1000:.1f} / {max(typed[q]) * 1000:.1f}"
                        for q in SEARCHES
                    ),
                    f"{every_key[int(0.95 * (len(every_key) - 1))] * 1000:.1f}",
                )
            )
            per_key = keys_to_screen(book, args.runs)
            keys.append((f"{size:,}", *(f"{per_key.get(k, 0) * 1000:.1f}" for k in KEY_COLUMNS)))
            book.unlink()
    table(
        ("contacts", "first paint app / bare", "add / import orm", "python -c pass", "peak RSS"),
        start_rows,
    )
    table(
        (
            "contacts",
            "today query: first window / whole list",
            "search key",
            f"import {IMPORT_ROWS:,} rows",
            "export all to CSV",
        ),
        use_rows,
    )
    table(("contacts", *(f"key {k}" for k in KEY_COLUMNS)), keys)
    print("search over every field, ms a keystroke (median / worst), typed letter by letter:")
    table(
        ("contacts", "read + index", *(f"'{q}'" for q in SEARCHES), "p95 all keys"),
        searches,
    )


KEY_COLUMNS = ("today down", "contacts down", "log: o", "log: n", "log: enter")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


if __name__ == "__main__":
    main()
