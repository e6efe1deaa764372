"""One sitting at the desk, in a pty, as she would feel it: the first frame, keys on the
list, a log, every screen twice, the search, then the memory the process holds.

Each figure is a key written to the pty until the bytes that show its data arrive (a
marker: a name, or a pattern only the loaded rows have, since a screen paints its frame
empty first and fills it from a worker). Between figures the app is left to settle,
untimed, so one figure's work does not land in the next.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.exports import followup
from benchmarks.pty_run import NotShown, PtyRun
from benchmarks.report import Figures

DATE = rb"[A-Z][a-z]{2} \d\d [A-Z][a-z]{2}"  # Tue 08 Dec
SCREENS: dict[str, tuple[str, bytes]] = {
    # name: (the key that opens it from the desk, what only its loaded rows show)
    # A row: kind, phone, email (the card on the desk has them on lines of their own).
    "contacts": ("c", rb"[a-z]  +\(\d{3}\) \d{3}-\d{4}  +[\w.]+@example\.com"),
    "week ahead": ("w", DATE + rb"  +[A-Z][\w'.-]+ [\w'. -]+?  +(call|text|email|card|visit)"),
    "glance": ("g", rb"\d\d [A-Z][a-z]{2} \d{4} +\d+ days +\d+ days"),
    "parties": ("p", DATE + rb" \d{4}  "),
    "team": ("t", rb"(partner|leader|director) +" + DATE),
    "backorders": ("b", rb"\d\d [A-Z][a-z]{2}  +" + DATE + rb"  +-?\d+"),
    "contact": ("enter", rb"\d\d [A-Z][a-z]{2} \d{4}  +(call|text|email|card|visit)"),
}
PEAK_AFTER = {name: f"+ {name}" for name in SCREENS} | {"contacts": "+ contacts, a search"}
"""The finer memory report: peak RSS after each screen's first visit, in the order visited."""
PEAK_STAGES = ("the desk, settled", "the desk's keys, End, a log", *PEAK_AFTER.values())
RESULTS = rb"Contacts \xc2\xb7 (?!([\d,]+) of \1\b)[\d,]+ of [\d,]+"
"""The contacts screen's title, written again with each search's results: some of the
book, not all of it ("100,000 of 100,000" is the names' frame, before any search)."""
SEARCHES = {
    "name": "jenna b",
    "phone digits": "0199",
    "email": "andersen58",
    "fact word": "chanel",
    "note word": "sister",
}
DOWNS = 8  # single down-arrows timed a sitting
BURST = 30  # down-arrows at 25 a second, then the time the output takes to settle
QUIET = 0.1
SETTLED = 0.6
"""No output for this long before a timed key: the card and script of a call load a
few hundred ms after the cursor moves, and would land in the next figure."""
DESK = "Log outcome"
"""The desk's footer: back on the desk, keys go to it again."""


@dataclass(frozen=True)
class Sitting:
    """How much one sitting does: all of it, or a little (the smoke test)."""

    downs: int = DOWNS
    burst: int = BURST
    searches: tuple[str, ...] = tuple(SEARCHES)
    visits: tuple[str, ...] = ("first", "second")
    settled: float = SETTLED


@dataclass(frozen=True)
class Call:
    name: str
    kind: str

    @property
    def on_card(self) -> str:
        """The contact card's first line: shown once the card has loaded this call."""
        return f"{self.name}  {self.kind}"


def todays_calls(book: Path, today: str) -> list[Call]:
    done = subprocess.run(
        followup("today", "--json", db=book, today=today),
        check=True,
        capture_output=True,
        text=True,
    )
    return [Call(item["name"], item["kind"]) for item in json.loads(done.stdout)]


def timed(
    run: PtyRun, key: str, marker: str | re.Pattern[bytes], timeout: float = 30.0
) -> float | None:
    """A key to the output showing `marker`, in seconds; None when it never showed."""
    mark, pressed = run.press(key)
    try:
        return run.wait_for(marker, after=mark, timeout=timeout) - pressed
    except NotShown as missed:
        print(f"    ({key}: {missed})"[:200], flush=True)
        return None


def sitting(
    book: Path, today: str, calls: list[Call], figures: Figures, plan: Sitting = Sitting()
) -> None:
    """One app process, every figure of the sitting; `book` is a copy it may write."""
    with PtyRun(followup(db=book, today=today)) as run:
        try:
            painted = run.wait_for(calls[0].name, timeout=60)
        except NotShown:
            figures.add("first paint", None)
            return
        figures.add("first paint", painted - run.started)
        # Right after the first frame: the rest of the list and the card still loading.
        figures.add("down right after first frame", timed(run, "down", calls[1].on_card))
        run.idle(plan.settled)
        _peak(run, figures, "the desk, settled")
        _desk_keys(run, calls, figures, plan)
        _log(run, figures, plan)
        _peak(run, figures, "the desk's keys, End, a log")
        for name, (key, marker) in SCREENS.items():
            for visit in plan.visits:
                figures.add(f"{name} ({visit})", timed(run, key, re.compile(marker)))
                if name == "contacts":
                    figures.add(f"contacts: a search key at once ({visit})", _first_search(run))
                if name == "contacts" and visit == plan.visits[-1]:
                    _search(run, figures, plan)
                run.idle(plan.settled)
                _back(run, plan)
                if visit == plan.visits[0]:
                    _peak(run, figures, PEAK_AFTER[name])
        peak, now = run.rss_kb()
        figures.add("peak RSS", peak)
        figures.add("RSS", now)
        run.press("q")


def _peak(run: PtyRun, figures: Figures, stage: str) -> None:
    """The process's peak RSS so far (VmHWM): what each part of the sitting added."""
    figures.add(f"peak RSS: {stage}", run.rss_kb()[0])


def _first_search(run: PtyRun) -> float | None:
    """As soon as the names show: a letter, to its results. The search looks through
    every field, read after the names' frame: a key typed at once waits for it. (The
    search field has the focus as the screen opens: a `/` would be typed into it.)"""
    took = timed(run, "j", re.compile(RESULTS), 60)
    run.idle(0.3)
    run.press("ctrl+u")
    run.idle(0.3)
    return took


def _back(run: PtyRun, plan: Sitting) -> None:
    """Escape to the desk, untimed; the next key waits until the desk is shown (a key
    written while ESC is still read as the start of a sequence would be Alt+key)."""
    mark, _ = run.press("escape")
    try:
        run.wait_for(DESK, after=mark, timeout=30)
    except NotShown:
        print("    (escape: the desk did not come back)", flush=True)
    run.idle(plan.settled)


def _desk_keys(run: PtyRun, calls: list[Call], figures: Figures, plan: Sitting) -> None:
    at = 1
    for _ in range(min(plan.downs, len(calls) - 3)):
        at += 1
        figures.add("desk down", timed(run, "down", calls[at].on_card))
        run.idle(plan.settled)
    for _ in range(plan.burst):
        mark, last = run.press("down")
        time.sleep(1 / 25)
    try:
        figures.add("downs at 25/s: settled after the last", run.settle(mark, QUIET) - last)
    except NotShown:
        figures.add("downs at 25/s: settled after the last", None)
    run.idle(plan.settled)
    figures.add("End (first time)", timed(run, "end", calls[-1].on_card))
    run.idle(plan.settled)
    run.press("home")
    run.idle(plan.settled)


def _log(run: PtyRun, figures: Figures, plan: Sitting) -> None:
    """`o`, `v` (voicemail), Enter: each to what it shows; then the next down-arrow."""
    figures.add("log: o", timed(run, "o", "How did it go?"))
    run.idle(0.15)
    figures.add("log: v", timed(run, "v", "Enter to save"))
    run.idle(0.15)
    figures.add("log: enter", timed(run, "enter", re.compile(rb"\b1 done")))
    run.idle(plan.settled)
    mark, pressed = run.press("down")
    try:
        figures.add("down after a log (settled)", run.settle(mark, QUIET) - pressed)
    except NotShown:
        figures.add("down after a log (settled)", None)
    run.idle(plan.settled)
    run.press("home")
    run.idle(plan.settled)


def _search(run: PtyRun, figures: Figures, plan: Sitting) -> None:
    """Each query typed a key at a time into the search box, from empty: every key to
    the results shown (the title the screen writes with them). Into the search field,
    which has the focus: until 2026-12-08 a `/` was typed first, and went into the field,
    so every figure before then timed a search for "/..." that found no one."""
    for kind in plan.searches:
        query = SEARCHES[kind]
        for letter in query:
            figures.add(f"search: {kind}", timed(run, letter, re.compile(RESULTS), 10))
            run.idle(0.3)
        run.press("ctrl+u")
        run.idle(0.3)
