"""The morning desk, driven as a consultant would: keys in, screen and database checked."""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from followup_tui.app import FollowupApp
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Kind, Reach
from followup_tui.services import contact_views
from followup_tui.widgets.touch_table import TouchTable
from tests.conftest import SnapCompare

SIZE = (120, 36)


def text_of(pilot: Pilot[None], selector: str) -> str:
    """What a Static shows, as plain text."""
    static = pilot.app.screen.query_one(selector, Static)
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


async def workers_done(app: App[Any]) -> None:
    """Every worker has finished. One cancelled because a newer one replaced it (the
    cursor moved on, the whole list followed the first window) has finished too; a
    failed one still fails the test."""
    for _ in range(20):
        workers = list(app.workers)
        results = await asyncio.gather(*(w.wait() for w in workers), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result
        if all(w in workers for w in app.workers):
            return  # nothing new started while these ran


async def settle(pilot: Pilot[None]) -> None:
    await workers_done(pilot.app)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def names(pilot: Pilot[None]) -> list[str]:
    return [item.name for item in pilot.app.screen.query_one(TouchTable).items]


def make_app(path: Path, today: date) -> FollowupApp:
    return FollowupApp(f"sqlite:///{path}", today)


class TestMorningSession:
    async def test_referral_first_with_its_script(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            # THEN the referral tops the list, the corporate backorder follows
            assert names(pilot)[:2] == ["Maria Lopez", "Priya Shah"]
            assert "Referred by Sally Jensen" in text_of(pilot, "#contact-body")
            script = text_of(pilot, "#script-body")
            assert "Hi Maria, my name is Alex" in script
            assert "Sally Jensen" in script

    async def test_three_touches_worked(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            first = list(names(pilot))
            # WHEN Maria (referral) is reached and all is good
            await pilot.press("o", "r", "g", "enter")
            await settle(pilot)
            assert "Logged: Maria Lopez: reached, all good." in text_of(pilot, "#outcome")
            # ... Priya (corporate backorder) is reached, with a note
            await pilot.press("o", "r", "w", *"she waits", "enter")  # w: she chose to wait
            await settle(pilot)
            # ... Keisha's issue call gets no answer
            await pilot.press("o", "n", "enter")
            await settle(pilot)
            shown = names(pilot)
            header = pilot.app.sub_title
        # THEN the worked ones have left the list, the rest stay in order; Sally, who sent
        # Maria, has a call today to be thanked
        assert [name for name in shown if name != "Sally Jensen"] == first[3:]
        assert "Sally Jensen" in shown and "Sally Jensen" not in first
        assert "3 done" in header
        db = open_database(f"sqlite:///{demo_path}")
        maria = contact_views.find_contacts(db, search="Maria Lopez")[0]
        detail = contact_views.contact_detail(db, maria.id, today)
        assert [h.reach for h in detail.history] == [Reach.REACHED]
        # A referral reached and glad of the call is a lead: Day 3, did she look at the shop?
        assert detail.contact.kind is Kind.LEAD
        assert [(p.touch.step, p.touch.due) for p in detail.pending] == [
            ("first-call", today + timedelta(days=3))
        ]
        priya = contact_views.find_contacts(db, search="Priya Shah")[0]
        assert (
            contact_views.contact_detail(db, priya.id, today).history[0].note
            == "Chose to wait. she waits"
        )
        keisha = contact_views.find_contacts(db, search="Keisha Washington")[0]
        retry = contact_views.contact_detail(db, keisha.id, today).pending
        # ... tried again tomorrow; her reorder call keeps its own day
        assert [(p.touch.step, p.touch.due) for p in retry][0] == ("issue", today + timedelta(1))
        assert [p.touch.step for p in retry[1:]] == ["reorder"]
        db.dispose()

    async def test_call_on_date_as_she_says_it(self, demo_path: Path, today: date) -> None:
        db = open_database(f"sqlite:///{demo_path}")
        tom = contact_views.find_contacts(db, search="Tom Reilly")[0]
        before = contact_views.contact_detail(db, tom.id, today).pending
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "down", "down")  # Tom Reilly, the overdue lead
            await settle(pilot)
            # WHEN a date that is not one is typed, and Enter pressed
            await pilot.press("o", "r", "c", *"2026-02-30", "enter")
            await pilot.pause()
            # THEN it says so beside the field, and the log waits
            assert "is not a real date" in text_of(pilot, "#log-when")
            await pilot.press(*["backspace"] * 10, *"blurday", "enter")
            await pilot.pause()
            assert "'blurday' is not a date: try tue, next friday" in text_of(pilot, "#log-when")
            assert contact_views.contact_detail(db, tom.id, today).pending == before
            # WHEN she types what he said: the day it means shows as she types
            await pilot.press(*["backspace"] * 7, *"tue after 6")
            await pilot.pause()
            assert text_of(pilot, "#log-when").strip() == "→ Tue 24 Nov 6pm"
            await pilot.press("enter", "enter")
            await settle(pilot)
            said = text_of(pilot, "#outcome")
        # THEN the call back is on Tuesday at 6pm, and the status line says so
        assert "reached, call on Tue 24 Nov at 6pm." in said
        pending = contact_views.contact_detail(db, tom.id, today).pending
        assert [(p.touch.step, p.touch.due, p.touch.time) for p in pending] == [
            ("call-back", today + timedelta(1), "18:00")
        ]
        db.dispose()

    async def test_discreet_mode_hides_facts(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "down", "down")  # Tom Reilly: job personal trainer
            await settle(pilot)
            assert "personal trainer" in text_of(pilot, "#contact-body")
            await pilot.press("ctrl+d")
            await pilot.pause()
            hidden = text_of(pilot, "#contact-body")
            assert "personal trainer" not in hidden
            assert "hidden (discreet mode)" in hidden
            assert "DISCREET" in pilot.app.sub_title

    async def test_fact_and_note_from_the_desk(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f", *"perfume: Daisy, kids: 2 (Emma 6, Leo 3)", "enter")
            await settle(pilot)
            await pilot.press("n", *"Moving to Austin in spring", "enter")
            await settle(pilot)
            card = text_of(pilot, "#contact-body")
        assert "kids: 2 (Emma 6, Leo 3)" in card
        assert "Moving to Austin in spring" in card

    async def test_keys_held_down_the_card_follows_where_the_cursor_rests(
        self, demo_path: Path, today: date
    ) -> None:
        from textual import events

        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = pilot.app.screen.query_one(TouchTable)
            # WHEN down is pressed five times as fast as a key held down repeats
            for _ in range(5):
                pilot.app.post_message(events.Key("down", None))
                await asyncio.sleep(0.02)
            await settle(pilot)
            # THEN the list moved five calls, and the card and script are that call's
            chosen = table.chosen
            assert chosen is not None and table.chosen_index == 5
            first_name = chosen.name.split()[0]
            assert chosen.name in text_of(pilot, "#contact-body")
            assert first_name in text_of(pilot, "#script-body")


class TestDeskSnapshots:
    async def _ready(self, pilot: Pilot[None]) -> None:
        await settle(pilot)

    def test_main_screen_wide(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=self._ready)

    def test_main_screen_80x24(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(80, 24), run_before=self._ready)

    def test_logging_an_outcome(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("o", "r")  # reached: now, what was said?

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)

    def test_logged_outcome_shows_what_is_next(
        self, snap_compare: SnapCompare, demo_path: Path
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("down", "down", "down", "down", "down", "down", "down")
            await settle(pilot)
            await pilot.press("o", "r", "g", "enter")  # Jenna's detox verification
            await settle(pilot)

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)

    def test_discreet_mode(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("down", "down", "down", "ctrl+d")
            await settle(pilot)

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)

    def test_help(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
