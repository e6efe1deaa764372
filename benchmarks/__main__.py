"""Figures, not verdicts: `python -m benchmarks [--sizes 1000,10000,100000] [--runs 5]`.

Builds demo databases once (cached under benchmarks/.cache), then prints the median
of several runs of each figure. Ratios are measured side by side in the same run,
since this machine is noisy (MEASURED.md).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)
CACHE = Path(__file__).parent / ".cache"
PYTHON = sys.executable
FOLLOWUP = str(Path(PYTHON).parent / "followup")

# A child that opens the app headless and reports when today's list has rows (or,
# bare, when a Textual app with the same widgets and no data has painted).
PAINT = """
import asyncio, sys, time
start = time.perf_counter()
bare = sys.argv[1] == "bare"
if bare:
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header, Static
    class Bare(App[None]):
        def compose(self):
            yield Header(); yield DataTable(); yield Static(); yield Static(); yield Footer()
    app = Bare()
else:
    from datetime import date
    from followup_tui.app import FollowupApp
    app = FollowupApp("sqlite:///" + sys.argv[2], date(2026, 11, 23))
async def main():
    async with app.run_test(size=(160, 48)) as pilot:
        if not bare:
            from followup_tui.widgets.touch_table import TouchTable
            while not app.screen.query(TouchTable) or not app.screen.query_one(TouchTable).items:
                await asyncio.sleep(0.005)
        await pilot.pause()
asyncio.run(main())
print(time.perf_counter() - start)
"""


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def timed_process(argv: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def database(size: int) -> Path:
    """The demo book of `size` contacts, built once."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"demo-{size}.db"
    if not path.exists():
        print(f"  building {size:,} contacts (once)...", flush=True)
        building = path.with_suffix(".building")
        for stale in building.parent.glob(building.name + "*"):
            stale.unlink()
        subprocess.run(
            [
                FOLLOWUP,
                "--db",
                str(building),
                "--today",
                TODAY.isoformat(),
                "demo",
                "--contacts",
                str(size),
            ],
            check=True,
        )
        with sqlite3.connect(building) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        building.rename(path)
    return path


def scratch_copy(path: Path, folder: Path) -> Path:
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


def first_paint(path: Path, runs: int) -> tuple[float, float, int]:
    app = median_of(runs, lambda: timed_process([PYTHON, "-c", PAINT, "app", str(path)]))
    bare = median_of(runs, lambda: timed_process([PYTHON, "-c", PAINT, "bare"]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([PYTHON, "-c", PAINT, "app", str(path)], check=True, capture_output=True)
    peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return app, bare, peak_kb


def shell_add(path: Path, runs: int) -> tuple[float, float, float]:
    counter = iter(range(10**6))

    def add() -> float:
        return timed_process(
            [
                FOLLOWUP,
                "add",
                f"Bench Person {next(counter)}",
                "--kind",
                "lead",
                "--db",
                str(path),
                "--today",
                TODAY.isoformat(),
            ]
        )

    add_time = median_of(runs, add)
    orm = median_of(runs, lambda: timed_process([PYTHON, "-c", "import sqlalchemy.orm"]))
    bare = median_of(runs, lambda: timed_process([PYTHON, "-c", "pass"]))
    return add_time, orm, bare


def todays_query(path: Path, runs: int) -> float:
    from followup_tui.db import repository
    from followup_tui.db.engine import open_database

    db = open_database(f"sqlite:///{path}")

    def query() -> float:
        with db.read() as session:
            start = time.perf_counter()
            repository.due_touches(session, TODAY)
            return time.perf_counter() - start

    result = median_of(runs, query)
    db.dispose()
    return result


def search_keystroke(path: Path, runs: int) -> float:
    from followup_tui import services
    from followup_tui.db.engine import open_database
    from followup_tui.domain.search import NameIndex

    db = open_database(f"sqlite:///{path}")
    index = NameIndex([line.name for line in services.contact_lines(db)])
    db.dispose()
    queries = iter(["j", "je", "jen", "jenn", "jenna", "jenna b", "jena broks"] * runs)

    def keystroke() -> float:
        start = time.perf_counter()
        index.rank(next(queries))
        return time.perf_counter() - start

    return median_of(runs * 3, keystroke)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"followup-tui benchmarks · {os.cpu_count()} cores · Python {sys.version.split()[0]}")
    print(f"median of {args.runs} runs; times in ms unless said\n")
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            book = scratch_copy(database(size), Path(folder))
            app, bare, peak_kb = first_paint(book, args.runs)
            add, orm, py = shell_add(book, args.runs)
            rows.append(
                (
                    f"{size:,}",
                    f"{app * 1000:.0f} / {bare * 1000:.0f} ({app / bare:.2f}x)",
                    f"{add * 1000:.0f} / {orm * 1000:.0f} ({add / orm:.2f}x), pass {py * 1000:.0f}",
                    f"{todays_query(book, args.runs) * 1000:.2f}",
                    f"{search_keystroke(book, args.runs) * 1000:.1f}",
                    f"{peak_kb / 1024:.0f} MB",
                )
            )
    head = (
        "contacts",
        "first paint app / bare",
        "add / import orm",
        "today query",
        "search key",
        "peak RSS",
    )
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
