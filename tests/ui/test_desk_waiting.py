"""Logs that wait for a busy book, attacked again (issue 16, item 2, second review).

Another window holds SQLite's write lock (a second sqlite3 connection in BEGIN
IMMEDIATE) while the desk saves: a log answered is pending from that moment until it
is saved or refused, in a file beside the book once it waits (so a closed terminal
loses nothing), never listed there once saved; what else was typed (a skip's reason,
a note) comes back to be saved again; the cursor stays where she is when a waiting log
lands; a log keeps the day it was answered; an undo refused stays to be tried again."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import stat
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from textual.pilot import Pilot
from textual.widgets import Input

from followup_tui.app import FollowupApp
from followup_tui.screens import desk_live, desk_log
from followup_tui.screens.prompt import PromptScreen
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.services import calls, contacts
from followup_tui.widgets.outcome_panel import OutcomePanel
from tests.conftest import SnapCompare
from tests.reliability.test_desk_busy import (
    book_held,
    hold_the_lock,
    outcome_notes,
    release,
    said,
)
from tests.ui.test_desk import names, settle, text_of
from tests.ui.test_desk_live import FakeClock, desk, touch_of, until

SIZE = (120, 36)
NOTE = "Loves the night cream; call after 6"


@pytest.fixture(autouse=True)
def quick_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desk_live, "POLL_SECONDS", 0.2)


def unsaved(path: Path) -> Path:
    return path.with_name(f"{path.stem}-unsaved-logs.txt")


def kept_text(path: Path) -> str:
    file = unsaved(path)
    return file.read_text() if file.exists() else ""


async def app_gone(app: FollowupApp, seconds: float) -> bool:
    """Whether the app quit by itself within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and app.return_code is None:
        await asyncio.sleep(0.1)
    return app.return_code is not None


def locked_error() -> OperationalError:
    return OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))


async def log_with_note(pilot: Pilot[None]) -> None:
    await pilot.press("o", "r", "g", *NOTE, "enter")


class TestQuitWhileSaving:
    async def test_q_q_before_busy_keeps_the_log(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path):
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                who = names(pilot)[0]
                # WHEN she logs a call and quits at once, the save still in its busy wait
                await log_with_note(pilot)
                await pilot.press("q")
                await pilot.pause()
                # THEN the first q warns and the app stays open
                assert app.return_code is None
                assert any("still waiting" in n.message for n in app._notifications)
                # AND the second q quits once the save answers, the log kept in the file
                await pilot.press("q")
                assert await app_gone(app, 12)
        text = kept_text(demo_path)
        assert who in text
        assert NOTE in text
        assert stat.S_IMODE(unsaved(demo_path).stat().st_mode) == 0o600
        assert outcome_notes(demo_path, who) == []

    async def test_second_q_in_a_retry_never_doubles(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        other = hold_the_lock(demo_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            who = names(pilot)[0]
            await log_with_note(pilot)
            assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
            await pilot.press("q")
            await pilot.pause(2.0)  # the retry is in its busy wait now
            # WHEN she presses q again and the book comes free during that try
            await pilot.press("q")
            await pilot.pause(0.5)
            release(other)
            assert await app_gone(app, 12)
        await asyncio.sleep(1.5)  # any try still running finishes
        # THEN the log is in the book, or in the file: never both
        landed = outcome_notes(demo_path, who) == [("reached", NOTE)]
        listed = who in kept_text(demo_path)
        assert landed != listed
        assert landed  # the try on its way was let finish, and it landed


class TestClosedTerminal:
    async def test_waiting_log_is_in_the_file_at_once(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                who = names(pilot)[0]
                await log_with_note(pilot)
                # WHEN the log has to wait (no quit: a kill -9 or a closed terminal
                # would come now)
                assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
                # THEN the file beside the book already holds it, hers alone
                assert NOTE in kept_text(demo_path)
                assert stat.S_IMODE(unsaved(demo_path).stat().st_mode) == 0o600
                release(other)
                # AND once it lands the file no longer lists it (nothing else was there)
                assert await until(pilot, lambda: "Logged:" in said(pilot), 15)
                assert not unsaved(demo_path).exists()
        assert outcome_notes(demo_path, who) == [("reached", NOTE)]

    async def test_sighup_keeps_a_log_on_its_way(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path):
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                who = names(pilot)[0]
                await log_with_note(pilot)
                await pilot.pause(0.5)  # on its way: not yet busy, so not yet in the file
                # (the default SIGHUP would end this test run: the app must handle it)
                assert signal.getsignal(signal.SIGHUP) is not signal.SIG_DFL
                # WHEN the terminal is closed
                os.kill(os.getpid(), signal.SIGHUP)
                # THEN the app quits, the log kept in the file
                assert await app_gone(app, 12)
        assert app.return_code == 128 + signal.SIGHUP
        text = kept_text(demo_path)
        assert who in text
        assert NOTE in text


def prompt_composed(app: FollowupApp) -> bool:
    """The prompt pushed again after a busy wait, composed: its field can be read (a CI
    run read it a frame early: NoMatches '#prompt-input')."""
    return isinstance(app.screen, PromptScreen) and bool(app.screen.query("#prompt-input"))


class TestBusyWords:
    async def test_skip_reason_comes_back(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                who = names(pilot)[0]
                # WHEN she skips a call, with a reason, while the book is held
                await pilot.press("s", *"Away until January", "enter")
                # THEN the question opens again, her reason in it, and says why
                assert await until(pilot, lambda: prompt_composed(app), 12)
                assert app.screen.query_one("#prompt-input", Input).value == "Away until January"
                assert "busy" in text_of(pilot, "#prompt-question").lower()
                release(other)
                # AND enter saves it now
                await pilot.press("enter")
                assert await until(pilot, lambda: "Skipped." in said(pilot), 10)
                assert who not in names(pilot)

    async def test_note_comes_back(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await pilot.press("n", *"Moved to Leeds", "enter")
                assert await until(pilot, lambda: prompt_composed(app), 12)
                assert "Moved to Leeds" in app.screen.query_one("#prompt-input").text  # type: ignore[attr-defined]
                assert "busy" in text_of(pilot, "#prompt-question").lower()
                release(other)
                await pilot.press("enter")
                assert await until(pilot, lambda: "Note saved." in said(pilot), 10)

    async def test_facts_come_back(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await pilot.press("f", *"perfume: Chanel No 5", "enter")
                assert await until(pilot, lambda: prompt_composed(app), 12)
                field = app.screen.query_one("#prompt-input", Input)
                assert field.value == "perfume: Chanel No 5"
                release(other)
                await pilot.press("enter")
                assert await until(pilot, lambda: "Facts saved." in said(pilot), 10)

    async def test_quick_add_comes_back(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await pilot.press("a", *"Dana Whitfield", "enter", *"202 555 0199", "ctrl+s")
                # THEN after the busy wait the form is open again, as she typed it
                # (the form is pushed again with the notice: wait until it has composed)
                assert await until(
                    pilot,
                    lambda: (
                        any("Not added" in n.message for n in app._notifications)
                        and isinstance(app.screen, QuickAddScreen)
                        and bool(app.screen.query("#name"))
                    ),
                    12,
                )
                assert app.screen.query_one("#name", Input).value == "Dana Whitfield"
                release(other)
                await pilot.press("ctrl+s")
                assert await until(pilot, lambda: "Added Dana Whitfield" in said(pilot), 10)


class TestLanding:
    async def test_cursor_stays_where_she_is(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await log_with_note(pilot)
                assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
                # GIVEN she has gone on down the list meanwhile
                await pilot.press("down", "down")
                await pilot.pause()
                mine = desk(pilot).touch_id
                release(other)
                # WHEN the waiting log lands
                assert await until(pilot, lambda: "Logged:" in said(pilot), 15)
                await settle(pilot)
                # THEN her cursor is still on her call
                assert desk(pilot).touch_id == mine

    async def test_log_keeps_its_day_past_midnight(self, demo_path: Path, today: date) -> None:
        clock = FakeClock(today)
        app = FollowupApp(f"sqlite:///{demo_path}", today, real_today=clock)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                touch_id = touch_of(pilot, names(pilot)[0])
                await log_with_note(pilot)
                assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
                # WHEN midnight passes while it waits
                clock.day = today + timedelta(days=1)
                assert await until(pilot, lambda: app.ctx.today == clock.day, 5)
                release(other)
                assert await until(pilot, lambda: "Logged:" in said(pilot), 15)
                await settle(pilot)
        # THEN it is dated the day she made the call
        with closing(sqlite3.connect(demo_path)) as book:
            query = "SELECT occurred_on FROM outcomes WHERE touch_id = ?"
            assert book.execute(query, (touch_id,)).fetchall() == [(today.isoformat(),)]

    async def test_quit_warns_again_for_a_later_wait(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        with book_held(demo_path) as other:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await log_with_note(pilot)
                assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
                await pilot.press("q")  # warned
                release(other)
                assert await until(pilot, lambda: "Logged:" in said(pilot), 15)
                await settle(pilot)
                # WHEN later another log waits, and she presses q once
                with book_held(demo_path) as again:
                    await pilot.press("o", "n", "enter")  # not reached
                    assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)
                    warned = len(app._notifications)
                    await pilot.press("q")
                    await pilot.pause()
                    # THEN she is warned again, and the app stays open
                    assert app.return_code is None
                    assert len(app._notifications) > warned
                    release(again)
                    assert await until(pilot, lambda: "Logged:" in said(pilot), 15)


class TestRefusals:
    async def test_refused_while_answering_another(
        self, demo_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        tries: list[int] = []

        def save_log(ctx: Any, item: Any, outcome: Any, *day: date) -> Any:
            tries.append(item.touch.id)
            if len(tries) == 1:
                return desk_log.Busy()
            return desk_log.Refused("the book refused it", try_again=True)

        def add_note(*args: Any) -> None:
            raise locked_error()

        monkeypatch.setattr(desk_log, "save_log", save_log)
        monkeypatch.setattr(contacts, "add_note", add_note)
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            first = names(pilot)[0]
            await log_with_note(pilot)
            # WHEN its retry is refused while she answers another call
            await pilot.press("o")
            assert await until(pilot, lambda: len(tries) == 2, 10)
            await settle(pilot)
            # THEN what she typed is kept (the note could not be written either)
            assert NOTE in kept_text(demo_path)
            assert str(unsaved(demo_path)) in said(pilot)
            # AND when she is done the refused call is back on the list
            await pilot.press("escape")
            assert await until(pilot, lambda: first in names(pilot), 5)

    async def test_disk_error_brings_the_log_back(
        self, demo_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def log_outcome(*args: Any, **kwargs: Any) -> Any:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("disk I/O error"))

        monkeypatch.setattr(calls, "log_outcome", log_outcome)
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            who = names(pilot)[0]
            # WHEN the save fails for a reason other than a busy book
            await log_with_note(pilot)
            await settle(pilot)
            # THEN the log is back in the pane, her note in it, the call listed
            panel = desk(pilot).query_one(OutcomePanel)
            assert await until(pilot, lambda: panel.active, 5)
            assert panel.query_one("#log-note", Input).value == NOTE
            assert who in names(pilot)
            assert "Saving" not in said(pilot)
            assert app.ctx.waiting == {}

    async def test_undo_on_a_busy_book_stays(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            who = names(pilot)[0]
            await pilot.press("o", "r", "g", "enter")
            assert await until(pilot, lambda: "Logged:" in said(pilot), 10)
            await settle(pilot)
            with book_held(demo_path):
                # WHEN she presses u while the book is held
                await pilot.press("u")
                assert await until(pilot, lambda: "Not undone" in said(pilot), 12)
            # THEN u still takes the log back once the book is free
            await settle(pilot)
            await pilot.press("u")
            assert await until(pilot, lambda: who in names(pilot), 10)
            assert "Undone" in said(pilot)


async def test_logs_an_earlier_session_kept_are_said_at_the_start(
    demo_path: Path, today: date
) -> None:
    # GIVEN logs a closed terminal left in the file beside the book
    unsaved(demo_path).write_text(
        "2026-11-23 call 8 Maria Lopez (Referral): reached, all good. Typed: catalogue\n"
        "2026-11-23 call 9 Priya Shah (Backorder): voicemail.\n"
    )
    app = FollowupApp(f"sqlite:///{demo_path}", today)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # THEN the desk says so when it opens, naming the file
        assert await until(pilot, lambda: bool(app._notifications), 5)
        told = [n.message for n in app._notifications]
    assert told == [
        f"2 logs from an earlier session could not be saved: they are in "
        f"{unsaved(demo_path)}, to enter again (then delete the file)."
    ]


def test_snapshot_a_log_waiting_for_a_busy_book(snap_compare: SnapCompare, demo_path: Path) -> None:
    """What she sees while another window holds the book: the call off the list, the
    status line saying the log waits and nothing is lost."""
    other: list[sqlite3.Connection] = []

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        other.append(hold_the_lock(demo_path))
        await pilot.press("o", "r", "g", *"Loves the night cream", "enter")
        assert await until(pilot, lambda: "Waiting to save" in said(pilot), 12)

    try:
        assert snap_compare(
            FollowupApp(f"sqlite:///{demo_path}", date(2026, 11, 23)),
            terminal_size=(80, 24),
            run_before=run_before,
        )
    finally:
        for connection in other:
            connection.rollback()
            connection.close()
