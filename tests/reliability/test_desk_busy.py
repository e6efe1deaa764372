"""A log typed at the desk while another writer holds the book (issue 16, item 2).

A 100,000-row import in another window holds SQLite's write lock for longer than the
5 s busy timeout. Here a second sqlite3 connection holds BEGIN IMMEDIATE for 7 s while
the desk logs a call with a note: the log waits (the status line says so), then lands,
note and all, once the lock is released. Quitting while it waits asks, then keeps it in
a file. And a real `followup log` in another process takes the call off the open desk's
list within seconds, without ctrl+r."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from followup_tui.app import FollowupApp
from followup_tui.screens import desk_live
from tests.ui.test_desk import names, settle, text_of
from tests.ui.test_desk_live import until

SIZE = (120, 36)
NOTE = "Loves the night cream; call after 6"


@pytest.fixture(autouse=True)
def quick_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desk_live, "POLL_SECONDS", 0.2)


def said(pilot: Pilot[None]) -> str:
    """The desk's status line."""
    return text_of(pilot, "#outcome")


def hold_the_lock(path: Path) -> sqlite3.Connection:
    """Another writer (an import, say) takes the write lock and keeps it."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def release(other: sqlite3.Connection) -> None:
    """The other window lets go of the book (once; again is nothing)."""
    with suppress(sqlite3.ProgrammingError):
        other.rollback()
        other.close()


@contextmanager
def book_held(path: Path) -> Iterator[sqlite3.Connection]:
    """Another window holds the book for the block, or until `release` inside it."""
    other = hold_the_lock(path)
    try:
        yield other
    finally:
        release(other)


def outcome_notes(path: Path, name: str) -> list[tuple[str, str | None]]:
    with closing(sqlite3.connect(path)) as book:
        query = (
            "SELECT o.reach, o.note FROM outcomes o JOIN contacts c ON c.id = o.contact_id"
            " WHERE c.name = ?"
        )
        return list(book.execute(query, (name,)))


class TestBusyBook:
    async def test_log_waits_and_lands_with_its_note(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            who = names(pilot)[0]
            started = time.monotonic()
            with book_held(demo_path):
                # WHEN she logs the call with a note while the book is held
                await pilot.press("o", "r", "g", *NOTE, "enter")
                # THEN after the busy timeout the status line says the log waits
                assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
                assert f"{who}'s log" in said(pilot)
                assert who not in names(pilot)  # not back on the list meanwhile
                assert outcome_notes(demo_path, who) == []
                while time.monotonic() - started < 7:
                    await pilot.pause(0.2)  # the other window keeps the lock > 5 s
            # AND once the book is free the log lands, note and all
            assert await until(pilot, lambda: "Logged:" in text_of(pilot, "#outcome"), 15)
            await settle(pilot)
            assert who not in names(pilot)
            assert app.ctx.waiting == {}
        assert outcome_notes(demo_path, who) == [("reached", NOTE)]

    async def test_quit_while_waiting_keeps_the_log(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path):
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                who = names(pilot)[0]
                await pilot.press("o", "r", "g", *NOTE, "enter")
                assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
                # WHEN she presses q: the app says the log waits, and stays open
                await pilot.press("q")
                await pilot.pause()
                assert app.is_running
                assert any("still waiting" in n.message for n in app._notifications)
                # AND q again quits, keeping the log in a file beside the book
                await pilot.press("q")
                await pilot.pause()
        kept = demo_path.with_name(f"{demo_path.stem}-unsaved-logs.txt")
        text = kept.read_text()
        assert who in text
        assert NOTE in text
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


class TestAnotherProcess:
    async def test_followup_log_leaves_the_list(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down")
            table_items = app.screen.query_one("#today").items  # type: ignore[attr-defined]
            gone = table_items[2]
            root = Path(__file__).resolve().parents[2]
            env = {**os.environ, "PYTHONPATH": str(root)}
            command = [sys.executable, "-m", "followup_tui", "--db", str(demo_path)]
            command += ["--today", today.isoformat(), "log", str(gone.touch.id), "reached"]
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            # THEN the call leaves the open desk's list within a few seconds
            assert await until(pilot, lambda: gone.name not in names(pilot), 5)
