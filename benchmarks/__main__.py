"""Figures, not verdicts: `python -m benchmarks [--sizes 1000,10000,100000] [--runs 5]`.

Measures as she feels it: the app in a pseudo-terminal of 120x40 (TERM=xterm-256color),
a key written to it until the bytes that show the data come back (benchmarks/pty_run.py).
Floors run in the same runs, interleaved, since this machine is noisy (MEASURED.md).
Writes nothing into the checkout: demo books and bytecode go to the cache (--cache, by
default the user cache dir), copies to a temporary folder.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from benchmarks import exports, floors, screens
from benchmarks.report import Figures, interleaved, markdown, ms, secs

ROOT = Path(__file__).parent.parent
TODAY = "2026-12-07"
"""The demo book's today; a book built elsewhere (`followup demo --today`) must match."""


def default_cache() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("followup-tui")) / "benchmarks"


def prepare_bytecode(cache: Path) -> None:
    """Children read and write their bytecode under the cache, never beside the sources.

    pip compiles an installed package; an editable checkout under PYTHONDONTWRITEBYTECODE
    never is, and would pay ~60 ms a start compiling our modules. A prefix gives the
    children compiled modules without a __pycache__ in the checkout.
    """
    prefix = cache / "pycache"
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.pycache_prefix = str(prefix)
    for package in (ROOT / "followup_tui", ROOT / "benchmarks"):
        compileall.compile_dir(package, quiet=1)


def demo_book(size: int, cache: Path) -> Path:
    """The demo book of `size` contacts, built once into the cache."""
    path = cache / f"demo-{size}.db"
    if path.exists():
        return path
    print(f"  building {size:,} contacts (once)...", flush=True)
    building = path.with_suffix(".building")
    for stale in cache.glob(building.name + "*"):
        stale.unlink()
    argv = exports.followup("demo", "--contacts", str(size), db=building, today=TODAY)
    subprocess.run(argv, check=True, capture_output=True)
    with closing(sqlite3.connect(building)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (made,) = connection.execute("SELECT count(*) FROM contacts WHERE NOT is_me").fetchone()
    if made != size:
        raise SystemExit(f"the demo book has {made} contacts, not {size}")
    building.rename(path)
    for stale in cache.glob(building.name + "-*"):
        stale.unlink()
    return path


def scratch_copy(book: Path, folder: Path) -> Path:
    """A copy opened once by the app's own path (schema and catalogue current, as on
    every start after the first)."""
    copy = folder / "book.db"
    shutil.copyfile(book, copy)
    subprocess.run(exports.followup("today", db=copy, today=TODAY), check=True, capture_output=True)
    return copy


def warm_up(book: Path) -> None:
    """One start of each program, untimed: the bytecode under the cache is written."""
    subprocess.run(
        exports.followup("today", "--json", db=book, today=TODAY), check=True, capture_output=True
    )
    floors.bare_first_paint(Figures())
    floors.pty_first_paint(exports.followup(db=book, today=TODAY), "followup")


QUICK = screens.Sitting(
    downs=1, burst=3, searches=("phone digits",), visits=("first",), settled=0.25
)
"""--quick: enough of each figure to prove it still runs (the smoke test)."""


def measure(size: int, cache: Path, runs: int, shell_runs: int, quick: bool) -> Figures:
    plan = QUICK if quick else screens.Sitting()
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as name:
        folder = Path(name)
        book = scratch_copy(demo_book(size, cache), folder)
        calls = screens.todays_calls(book, TODAY)
        if not quick:
            warm_up(book)

        def sitting(figures: Figures) -> None:
            # A sitting logs a call: each runs on its own copy of the book.
            own = folder / "sitting.db"
            shutil.copyfile(book, own)
            screens.sitting(own, TODAY, calls, figures, plan)
            for made in folder.glob("sitting.db*"):
                made.unlink()

        shell_done: list[bool] = []

        def command_line(figures: Figures) -> None:
            # The first `shell_runs` runs only: a .vcf of 100,000 contacts takes minutes.
            if len(shell_done) < shell_runs:
                exports.command_line(book, TODAY, folder, figures, quick)
                shell_done.append(True)

        return interleaved(
            runs,
            [
                sitting,
                floors.bare_first_paint,
                floors.import_textual,
                lambda figures: None if quick else floors.headless_paint(book, TODAY, figures),
                command_line,
            ],
        )


def tables(results: dict[int, Figures]) -> str:
    sizes = list(results)
    head = ["", *(f"{size:,}: p50 / p95" for size in sizes)]

    def row(label: str, name: str, show: str = "ms") -> list[str]:
        cells = []
        for figures in results.values():
            if show == "MB":
                p50, p95 = figures.p50(name), figures.p95(name)
                cells.append(
                    "—" if p50 is None or p95 is None else f"{p50 / 1024:.0f} / {p95 / 1024:.0f} MB"
                )
            elif show == "s":
                cells.append(f"{secs(figures.p50(name))} / {secs(figures.p95(name))}")
            else:
                cells.append(f"{ms(figures.p50(name))} / {ms(figures.p95(name))}")
        return [label, *cells]

    def ratio(label: str, name: str, floor: str) -> list[str]:
        cells = []
        for figures in results.values():
            app, bare = figures.p50(name), figures.p50(floor)
            cells.append("—" if app is None or not bare else f"{app / bare:.2f}x")
        return [label, *cells]

    start = [
        row("first paint, pty (ms)", "first paint"),
        row("bare: header, 2 tables, 2 statics, footer", "paint bare five"),
        row("bare: the desk's widgets", "paint bare desk"),
        row("python -c 'import textual.app'", "import textual.app"),
        ratio("first paint / five-widget bare", "first paint", "paint bare five"),
        ratio("first paint / desk-widget bare", "first paint", "paint bare desk"),
        row("headless first paint, app", "headless paint app"),
        row("headless first paint, desk-widget bare", "headless paint bare desk"),
        ratio("headless app / bare", "headless paint app", "headless paint bare desk"),
    ]
    keys = [
        row("down right after the first frame", "down right after first frame"),
        row("down on the desk (to the card)", "desk down"),
        row(
            f"{screens.BURST} downs at 25/s: settled after the last",
            "downs at 25/s: settled after the last",
        ),
        row("End on the desk, first time", "End (first time)"),
        row("log: o (the question)", "log: o"),
        row("log: v (the note field)", "log: v"),
        row("log: enter (saved, counted)", "log: enter"),
        row("down after the log: settled", "down after a log (settled)"),
    ]
    for name in screens.SCREENS:
        keys += [
            row(f"{name}, first", f"{name} (first)"),
            row(f"{name}, second", f"{name} (second)"),
        ]
    keys += [
        row(label, label)
        for label in (f"contacts: a search key at once ({v})" for v in ("first", "second"))
    ]
    keys += [row(f"search key: {kind}", f"search: {kind}") for kind in screens.SEARCHES]
    keys += [row(f"peak RSS: {stage}", f"peak RSS: {stage}", "MB") for stage in screens.PEAK_STAGES]
    keys += [row("peak RSS after every screen", "peak RSS", "MB"), row("RSS then", "RSS", "MB")]
    shell = [row(f"export {kind}", f"export {kind}", "s") for kind in (".csv", ".vcf", ".ics")]
    shell += [
        row("contacts --json", "contacts --json", "s"),
        row("today --json", "today --json", "s"),
        row("import 10,000 rows (default: skip)", "import default", "s"),
        row("import 10,000 rows --on-duplicate add", "import --on-duplicate add", "s"),
        row("add (ms)", "add"),
        row("python -c pass (ms)", "python -c pass"),
    ]
    return "\n\n".join(
        [
            "Start, ms\n\n" + markdown(head, start),
            "Keys and screens in the pty, ms from the key to the data on screen\n\n"
            + markdown(head, keys),
            "The command line, whole book\n\n" + markdown(head, shell),
        ]
    )


def machine() -> str:
    import sqlalchemy
    import textual

    return (
        f"{os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}, "
        f"Python {platform.python_version()}, Textual {textual.__version__}, "
        f"SQLAlchemy {sqlalchemy.__version__}; load average {os.getloadavg()[0]:.1f} at the start"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="demo books and bytecode (default: the user cache dir)",
    )
    parser.add_argument(
        "--shell-runs", type=int, default=None, help="runs of the command line (default: --runs)"
    )
    parser.add_argument("--quick", action="store_true", help="a little of each figure: it runs")
    args = parser.parse_args()
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes: numbers with commas, not {args.sizes!r}")
    cache: Path = args.cache or default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    prepare_bytecode(cache)
    print(f"followup-tui benchmarks · {machine()}")
    shell = "" if args.shell_runs is None else f" (the command line {args.shell_runs})"
    print(f"{args.runs} runs{shell} interleaved; p50 / p95; cache {cache}\n", flush=True)
    results: dict[int, Figures] = {}
    for size in sizes:
        print(f"  {size:,} contacts...", flush=True)
        shell_runs = args.runs if args.shell_runs is None else args.shell_runs
        results[size] = measure(size, cache, args.runs, shell_runs, args.quick)
    print()
    print(tables(results))


if __name__ == "__main__":
    main()
