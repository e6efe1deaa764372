"""The desk's Outcome pane: logging a call in place, the list moving on at once, and the
keys that must not slip through to the desk while a question is open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from followup_tui.db.engine import open_database
from followup_tui.domain.model import Reach
from followup_tui.screens.desk import DeskScreen
from followup_tui.services import contact_views
from followup_tui.widgets.outcome_panel import OutcomePanel
from followup_tui.widgets.touch_table import TouchTable
from tests.ui.test_desk import SIZE, make_app, names, settle, text_of


def panel_of(pilot: Pilot[None]) -> OutcomePanel:
    return pilot.app.screen.query_one(OutcomePanel)


def chosen_name(pilot: Pilot[None]) -> str | None:
    item = pilot.app.screen.query_one(TouchTable).chosen
    return item.name if item else None


def outcomes_of(path: Path, name: str, today: date) -> list[str]:
    db = open_database(f"sqlite:///{path}")
    try:
        contact = contact_views.find_contacts(db, search=name)[0]
        history = contact_views.contact_detail(db, contact.id, today).history
        return [h.reach.value for h in history if h.reach is not None]
    finally:
        db.dispose()


class TestAskingInPlace:
    async def test_o_asks_in_the_pane_and_the_list_keeps_the_keys(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await pilot.pause()
            # THEN the question shows in the pane, on the desk, naming who is called
            assert isinstance(pilot.app.screen, DeskScreen)
            title = text_of(pilot, "#log-title")
            assert "How did it go?" in title
            assert "Maria Lopez" in title
            assert "r reached" in text_of(pilot, "#log-prompt")
            assert isinstance(pilot.app.focused, TouchTable)
            await pilot.press("r")
            await pilot.pause()
            assert "What was said?" in text_of(pilot, "#log-title")
            assert "f referral (name)" in text_of(pilot, "#log-prompt")

    async def test_other_keys_do_nothing_while_a_question_is_open(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "down", "down", "s", "u", "a", "enter")
            await settle(pilot)
            # THEN the cursor has not moved, no prompt opened, the question is still open
            assert chosen_name(pilot) == "Maria Lopez"
            assert isinstance(pilot.app.screen, DeskScreen)
            assert panel_of(pilot).active
            assert "How did it go?" in text_of(pilot, "#log-title")
        assert outcomes_of(demo_path, "Maria Lopez", today) == []

    async def test_escape_cancels_and_nothing_is_logged(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "r", "escape")
            await settle(pilot)
            assert not panel_of(pilot).active
            assert isinstance(pilot.app.focused, TouchTable)
            # the desk's keys work again: down moves the list
            await pilot.press("down")
            await settle(pilot)
            assert chosen_name(pilot) == "Priya Shah"
        assert outcomes_of(demo_path, "Maria Lopez", today) == []

    async def test_a_typed_note_needs_a_second_escape(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "n", *"left a message with her son", "escape")
            await pilot.pause()
            # THEN the note is still there, with a warning
            assert panel_of(pilot).active
            assert "esc again" in str(pilot.app.screen.query_one("#log-error").render())
            await pilot.press("enter")
            await settle(pilot)
        db = open_database(f"sqlite:///{demo_path}")
        maria = contact_views.find_contacts(db, search="Maria Lopez")[0]
        history = contact_views.contact_detail(db, maria.id, today).history
        db.dispose()
        assert [(h.reach, h.note) for h in history] == [
            (Reach.NO_ANSWER, "left a message with her son")
        ]


class TestTheListMovesOn:
    async def test_logged_call_leaves_and_the_cursor_takes_the_next(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "down")  # Keisha, the third call
            await settle(pilot)
            first = names(pilot)
            assert chosen_name(pilot) == first[2]
            await pilot.press("o", "n", "enter")
            await pilot.pause()
            # THEN at once, before the reload, the call is gone and the next one chosen
            assert first[2] not in names(pilot)
            assert chosen_name(pilot) == first[3]
            await settle(pilot)
            assert chosen_name(pilot) == first[3]
            said = text_of(pilot, "#outcome")
            assert f"Logged: {first[2]}: no-answer." in said
            assert "u to undo" in said

    async def test_a_skipped_call_leaves_the_cursor_on_the_next(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "down")
            await settle(pilot)
            first = names(pilot)
            await pilot.press("s", *"she is away this week", "enter")
            await settle(pilot)
            assert first[2] not in names(pilot)
            assert chosen_name(pilot) == first[3]
            assert "Skipped." in text_of(pilot, "#outcome")

    async def test_a_call_moved_later_leaves_the_cursor_on_the_next(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "down")
            await settle(pilot)
            first = names(pilot)
            await pilot.press("l", *"+2", "enter")
            await settle(pilot)
            assert chosen_name(pilot) == first[3]
            assert "Moved to" in text_of(pilot, "#outcome")

    async def test_undo_is_for_the_last_thing_done(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "n", "enter")  # Maria: no answer
            await settle(pilot)
            await pilot.press("s", *"wrong number", "enter")  # then a skip
            await settle(pilot)
            # THEN u takes back the skip, and does not reach back past it to Maria's log
            await pilot.press("u")
            await settle(pilot)
            assert "Undone: the skip is taken back" in text_of(pilot, "#outcome")
            await pilot.press("u")
            await settle(pilot)
        assert outcomes_of(demo_path, "Maria Lopez", today) == ["no-answer"]


class TestMeetings:
    async def test_a_prospects_next_meeting_is_confirmed_the_day_before(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "r")
            await pilot.pause()
            # a referral's call has no meeting to set
            assert "meeting" not in text_of(pilot, "#log-prompt")
            await pilot.press("escape")
            grace = names(pilot).index("Grace Okafor")  # a prospect: know your next step
            await pilot.press(*["down"] * grace)
            await settle(pilot)
            assert chosen_name(pilot) == "Grace Okafor"
            await pilot.press("o", "r")
            await pilot.pause()
            assert "m meeting on (date)" in text_of(pilot, "#log-prompt")
            await pilot.press("m", *"+7", "enter", "enter")
            await settle(pilot)
            assert "Logged: Grace Okafor: reached, meeting on Mon 30 Nov." in text_of(
                pilot, "#outcome"
            )
        db = open_database(f"sqlite:///{demo_path}")
        contact = contact_views.find_contacts(db, search="Grace Okafor")[0]
        pending = contact_views.contact_detail(db, contact.id, today).pending
        db.dispose()
        assert ("confirm-meeting", date(2026, 11, 29)) in [
            (p.touch.step, p.touch.due) for p in pending
        ]
