"""The desk keeps up by itself (issue 16, items 2 and 4): a call worked in another window
or the shell leaves the list within seconds, without ctrl+r, the cursor staying on its
call and the Outcome pane she is typing in left alone; past midnight, with today not
pinned, the desk moves to the new day (list, header, logs, backup)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from followup_tui.app import FollowupApp
from followup_tui.context import AppContext
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Outcome, Reach, Said
from followup_tui.errors import AlreadyWorked
from followup_tui.screens import desk_live
from followup_tui.screens.desk import DeskScreen
from followup_tui.services import calls, contact_views, due
from followup_tui.widgets.outcome_panel import OutcomePanel
from followup_tui.widgets.touch_table import TouchTable
from tests.ui.test_desk import names, settle, text_of

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def quick_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk asks the book and the clock every 0.2 s here (1.5 s in use)."""
    monkeypatch.setattr(desk_live, "POLL_SECONDS", 0.2)


async def until(pilot: Pilot[None], check: Callable[[], bool], seconds: float = 8.0) -> bool:
    """Whether `check` came true within `seconds`, the app running meanwhile."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        await pilot.pause(0.1)
    return check()


async def log_elsewhere(path: Path, touch_id: int, today: date) -> None:
    """The shell (another connection, its own engine) logs a call."""

    def log() -> None:
        db = open_database(f"sqlite:///{path}")
        try:
            calls.log_outcome(db, touch_id, Outcome(Reach.REACHED, Said.ALL_GOOD), today)
        finally:
            db.dispose()

    await asyncio.to_thread(log)


def desk(pilot: Pilot[None]) -> DeskScreen:
    screen = pilot.app.screen
    assert isinstance(screen, DeskScreen)
    return screen


def touch_of(pilot: Pilot[None], name: str) -> int:
    table = desk(pilot).query_one(TouchTable)
    return next(item.touch.id for item in table.items if item.name == name)


class TestWorkedElsewhere:
    async def test_leaves_the_list_cursor_stays(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "down")
            listed = names(pilot)
            on = desk(pilot).touch_id
            gone = listed[0]
            # WHEN the shell logs the first call (not the one she is on)
            await log_elsewhere(demo_path, touch_of(pilot, gone), today)
            # THEN it leaves the list by itself, and her cursor stays on its call
            assert await until(pilot, lambda: gone not in names(pilot))
            await pilot.pause()
            assert desk(pilot).touch_id == on
            assert desk(pilot).query_one(TouchTable).chosen is not None
            # (logging her referral may bring a thank-you call: the others all stay)
            assert set(listed[1:]) <= set(names(pilot))

    async def test_her_call_worked_elsewhere_cursor_goes_on(
        self, demo_path: Path, today: date
    ) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down")
            listed = names(pilot)
            mine = listed[1]
            await log_elsewhere(demo_path, touch_of(pilot, mine), today)
            assert await until(pilot, lambda: mine not in names(pilot))
            await settle(pilot)
            # THEN the cursor is on the call that followed hers, its card beside it
            after = listed[2]
            assert desk(pilot).touch_id == touch_of(pilot, after)
            assert after in text_of(pilot, "#contact-body")


class TestWhileTyping:
    async def test_refresh_waits_for_the_pane(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            listed = names(pilot)
            gone = listed[3]
            # GIVEN she is typing a note for the first call
            await pilot.press("o", "r", "g", *"Loves the", "space", *"gel")
            await log_elsewhere(demo_path, touch_of(pilot, gone), today)
            # WHEN the watch has seen the change
            await pilot.pause(1.0)
            # THEN the pane and the list are as she left them
            panel = desk(pilot).query_one(OutcomePanel)
            assert panel.active
            assert panel.query_one("#log-note", Input).value == "Loves the gel"
            assert gone in names(pilot)
            assert desk(pilot).stale
            # AND when the log is saved, the call worked elsewhere goes too
            await pilot.press("enter")
            assert await until(pilot, lambda: gone not in names(pilot))
            assert listed[0] not in names(pilot)


class TestRefusedLog:
    def test_referral_typed_into_a_refused_log_is_kept(self, demo_path: Path, today: date) -> None:
        from followup_tui.screens import desk_log

        db = open_database(f"sqlite:///{demo_path}")
        item = due.todays_calls(db, today)[0]
        calls.log_outcome(db, item.touch.id, Outcome(Reach.REACHED, Said.ALL_GOOD), today)
        ctx = AppContext(f"sqlite:///{demo_path}", today)
        outcome = Outcome(
            Reach.REACHED,
            Said.REFERRAL,
            note="Wants the spring catalogue",
            referral_name="Ann Referral",
            referral_phone="+1 555 0101",
        )
        # WHEN the desk saves a log for a call the shell has just logged
        saved = desk_log.save_log(ctx, item, outcome, today)
        # THEN it is refused, and everything typed is a note on her card
        assert isinstance(saved, desk_log.Refused)
        assert not saved.try_again
        notes = contact_views.contact_detail(db, item.touch.contact_id, today).notes
        bodies = " | ".join(note.body for note in notes)
        assert "Wants the spring catalogue" in bodies
        assert "Ann Referral" in bodies
        assert "+1 555 0101" in bodies
        ctx.close()
        db.dispose()

    def test_a_skip_of_a_call_worked_elsewhere_keeps_her_reason(
        self, demo_path: Path, today: date
    ) -> None:
        from followup_tui.screens import desk_log

        db = open_database(f"sqlite:///{demo_path}")
        item = due.todays_calls(db, today)[0]
        calls.log_outcome(db, item.touch.id, Outcome(Reach.REACHED, Said.ALL_GOOD), today)
        ctx = AppContext(f"sqlite:///{demo_path}", today)
        # WHEN the desk skips a call the shell has just logged
        with pytest.raises(AlreadyWorked) as refused:
            calls.skip_touch(db, item.touch.id, "Away until January", today)
        said = desk_log.skip_refused(ctx, item, "Away until January", refused.value)
        # THEN it says so, and the reason she typed is a note on her card
        assert said.startswith("Not skipped:")
        assert said.endswith("Your reason is kept on her card.")
        notes = contact_views.contact_detail(db, item.touch.contact_id, today).notes
        assert "Away until January" in [note.body for note in notes]
        ctx.close()
        db.dispose()


class FakeClock:
    """The real date as the desk asks it: moved by the test, never slept for."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def backups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[date]]:
    """The days AppContext took its daily backup for (the copy itself is not made)."""
    taken: list[date] = []
    monkeypatch.setattr(AppContext, "_daily_backup", lambda ctx: taken.append(ctx.today))
    yield taken


class TestMidnight:
    async def test_desk_moves_to_the_new_day(
        self, demo_path: Path, today: date, backups: list[date]
    ) -> None:
        clock = FakeClock(today)
        app = FollowupApp(f"sqlite:///{demo_path}", today, real_today=clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.sub_title.startswith("Mon 23 Nov")
            first = names(pilot)[0]
            tomorrow = today + timedelta(days=1)
            # WHEN midnight passes
            clock.day = tomorrow
            # THEN the header, the list and today move on, and the day's backup is taken
            assert await until(pilot, lambda: app.sub_title.startswith("Tue 24 Nov"))
            await settle(pilot)
            assert app.ctx.today == tomorrow
            assert backups == [today, tomorrow]
            assert "A new day: Tue 24 Nov" in text_of(pilot, "#outcome")
            table = desk(pilot).query_one(TouchTable)
            assert table.today == tomorrow
            # AND a log is dated the new day
            touch_id = touch_of(pilot, first)
            await pilot.press("home", "o", "r", "g", "enter")
            await settle(pilot)
        with closing(sqlite3.connect(demo_path)) as book:
            query = "SELECT occurred_on FROM outcomes WHERE touch_id = ?"
            assert book.execute(query, (touch_id,)).fetchall() == [(tomorrow.isoformat(),)]

    @pytest.mark.parametrize(
        ("argv", "env", "follows"),
        [
            (["--today", "2026-11-23"], {}, False),
            ([], {"FOLLOWUP_TODAY": "2026-11-23"}, False),
            ([], {}, True),
        ],
    )
    def test_only_an_unpinned_desk_follows_the_clock(
        self,
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
        argv: list[str],
        env: dict[str, str],
        follows: bool,
    ) -> None:
        from followup_tui import cli, clock
        from followup_tui.cli import launch

        opened: list[AppContext] = []
        monkeypatch.setattr(launch, "at_a_terminal", lambda: True)
        monkeypatch.setattr(FollowupApp, "run", lambda app: opened.append(app.ctx))
        monkeypatch.delenv("FOLLOWUP_TODAY", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        # WHEN the desk is opened from the shell, with or without a day given
        assert cli.main(["--db", str(tmp_path / "book.db"), *argv]) == 0
        # THEN only a day not given follows the real clock past midnight
        assert (opened[0].real_today is clock.real_today) is follows


def test_pinned_by_flag_or_environment() -> None:
    from followup_tui import clock

    assert clock.pinned("2026-11-23", {})
    assert clock.pinned(None, {clock.ENV_TODAY: "tomorrow"})
    assert not clock.pinned(None, {})
