"""The command line on the whole book: every export, the JSON reads, an import of
10,000 rows (default duplicate handling, and `--on-duplicate add` as before), `add`."""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

from benchmarks.report import Figures

FOLLOWUP = str(Path(sys.executable).parent / "followup")
IMPORT_ROWS = 10_000
EXPORTS = ("book.csv", "book.vcf", "calls.ics")
"""The ics holds the call plan for the default 30 days ahead (`--days 30`)."""
_added = count()


def followup(*argv: str, db: Path, today: str) -> list[str]:
    return [FOLLOWUP, *argv, "--db", str(db), "--today", today]


def timed_process(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def import_rows(folder: Path, rows: int = IMPORT_ROWS) -> Path:
    """A spreadsheet of `rows` people, as a back office exports it (deterministic)."""
    path = folder / f"import-{rows}.csv"
    if path.exists():
        return path
    rng = random.Random(7)
    firsts = ["Ann", "Bea", "Cleo", "Dana", "Eve", "Fay", "Gia", "Hana", "Iris", "Jo"]
    lasts = ["Lee", "Diaz", "Okafor", "Nguyen", "Smith", "Rossi", "Haddad", "Kim", "Berg"]
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


@contextmanager
def fresh_copy(book: Path, folder: Path) -> Iterator[Path]:
    """A copy of the book that a write may change, gone afterwards. Synced before the
    write is timed: else the import's checkpoint (an fsync of the file) waited for the
    copy's hundreds of MB still in the page cache, the copy's cost in the import's time."""
    copy = folder / "write-target.db"
    shutil.copyfile(book, copy)
    os.sync()
    try:
        yield copy
    finally:
        for made in folder.glob("write-target.db*"):
            made.unlink()


def command_line(
    book: Path, today: str, folder: Path, figures: Figures, quick: bool = False
) -> None:
    """One run of every command-line figure; the book itself is only read. Quick: 500
    rows imported, the default handling only, no `add`."""
    for name in EXPORTS:
        target = folder / name
        argv = followup("export", str(target), db=book, today=today)
        figures.add(f"export {target.suffix}", timed_process(argv))
        target.unlink()
    for what in ("contacts", "today"):
        argv = followup(what, "--json", db=book, today=today)
        figures.add(f"{what} --json", timed_process(argv))
    rows = import_rows(folder, 500 if quick else IMPORT_ROWS)
    for handling in ((),) if quick else ((), ("--on-duplicate", "add")):
        with fresh_copy(book, folder) as copy:
            argv = followup("import", str(rows), *handling, db=copy, today=today)
            name = f"import {' '.join(handling) or 'default'}"
            figures.add(name, timed_process(argv))
    if quick:
        return
    with fresh_copy(book, folder) as copy:
        name = f"Bench Person {next(_added)}"
        argv = followup("add", name, "--kind", "lead", db=copy, today=today)
        figures.add("add", timed_process(argv))
    figures.add("python -c pass", timed_process([sys.executable, "-c", "pass"]))
