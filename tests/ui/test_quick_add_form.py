"""Quick add that follows the form, and never a second Dana without a word (issue 13).

Enter walks every field and saves on the last (the note); a team member keeps her kind
and level; facts typed without `key:` are kept; the form and its keys fit 80x24. A
person already in the book (same phone, same email or a very similar name) is named
under the name field, and nothing is saved until ctrl+o (open her) or ctrl+s again
(add anyway). `followup capture` does the same, or merges / adds as --on-duplicate says.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from followup_tui.app import FollowupApp
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.quick_add import QuickAddScreen
from tests.conftest import SnapCompare
from tests.ui.test_desk import make_app, settle, text_of, workers_done

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
DANA = 6
"""Dana Kim of the demo: team, +12025550106."""
DEMO_CONTACTS = 200


def rows(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


def count(path: Path) -> int:
    ((total,),) = rows(path, "SELECT count(*) FROM contacts")
    return int(total)


def shown(pilot: Pilot[None], selector: str) -> str:
    """A line of the form as she sees it ("" when hidden)."""
    line = pilot.app.screen.query_one(selector, Static)
    return " ".join(text_of(pilot, selector).split()) if line.display else ""


def on_screen(pilot: Pilot[None], selector: str) -> bool:
    """The widget is drawn whole inside the terminal (not scrolled away, not cut)."""
    widget = pilot.app.screen.query_one(selector)
    region = widget.region
    box = pilot.app.screen.query_one("#quick-add-box")
    return (
        widget.display
        and region.height > 0
        and pilot.app.screen.region.contains_region(region)
        and box.region.contains_region(region)
    )


async def open_form(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, QuickAddScreen)


class TestDuplicates:
    @pytest.mark.parametrize("size", SIZES)
    async def test_same_phone_is_named_and_nothing_is_saved_until_she_chooses(
        self, demo_path: Path, today: date, size: tuple[int, int]
    ) -> None:
        async with make_app(demo_path, today).run_test(size=size) as pilot:
            await open_form(pilot)
            await pilot.press(*"Dee Kim", "enter", *"202-555-0106", "ctrl+s")
            await settle(pilot)
            # THEN the form stays, naming her under the name, with the keys on the way on
            assert isinstance(pilot.app.screen, QuickAddScreen)
            warning = shown(pilot, "#name-duplicate")
            assert warning == (
                f"already there: #{DANA} Dana Kim (same phone) ctrl+o open her · ctrl+s add anyway"
            )
            assert on_screen(pilot, "#name-duplicate")
            assert on_screen(pilot, "#quick-add-keys")
            assert count(demo_path) == DEMO_CONTACTS  # nothing saved yet
            # WHEN she saves again: added anyway
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(pilot.app.screen, QuickAddScreen)
        assert count(demo_path) == DEMO_CONTACTS + 1
        assert rows(demo_path, "SELECT phone FROM contacts WHERE name = 'Dee Kim'") == [
            ("+12025550106",)
        ]

    @pytest.mark.parametrize("size", SIZES)
    async def test_ctrl_o_opens_her_and_adds_nobody(
        self, demo_path: Path, today: date, size: tuple[int, int]
    ) -> None:
        async with make_app(demo_path, today).run_test(size=size) as pilot:
            await open_form(pilot)
            # Enter all the way: the check is made on the last field's enter too
            await pilot.press(*"Dana Kim", "enter", "enter", "enter", "enter", "enter")
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert shown(pilot, "#name-duplicate").startswith(
                f"already there: #{DANA} Dana Kim (same name)"
            )
            # A second enter is no choice: only the keys shown go on
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, QuickAddScreen)
            assert count(demo_path) == DEMO_CONTACTS
            await pilot.press("ctrl+o")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, ContactScreen) and screen.contact_id == DANA
        assert count(demo_path) == DEMO_CONTACTS
        assert rows(demo_path, "SELECT count(*) FROM contacts WHERE name = 'Dana Kim'") == [(1,)]

    async def test_a_new_number_is_looked_up_again(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=(80, 24)) as pilot:
            await open_form(pilot)
            await pilot.press(*"Dee Kim", "enter", *"202-555-0106", "ctrl+s")
            await settle(pilot)
            assert shown(pilot, "#name-duplicate")
            # WHEN the phone is corrected, the warning goes: she is someone else now
            await pilot.press(*["backspace"] * 4, *"0177")
            await pilot.pause()
            assert shown(pilot, "#name-duplicate") == ""
            # THEN saving looks again, finds nobody, and saves at once
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(pilot.app.screen, QuickAddScreen)
            said = text_of(pilot, "#outcome")
        assert "Added Dee Kim" in said
        assert rows(demo_path, "SELECT phone FROM contacts WHERE name = 'Dee Kim'") == [
            ("+12025550177",)
        ]

    async def test_same_email_is_named(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=(160, 48)) as pilot:
            await open_form(pilot)
            await pilot.press(*"H Foster", "enter", "enter", *"Holly.Foster20@example.com")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert shown(pilot, "#name-duplicate").startswith(
                "already there: #38 Holly Foster (same email)"
            )
        assert count(demo_path) == DEMO_CONTACTS

    def test_duplicate_warning_snapshot(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await open_form(pilot)
            await pilot.press(*"Dee Kim", "enter", *"202-555-0106", "enter", "enter")
            await pilot.press(*"the farmers market", "enter", *"nurse, 2 kids", "ctrl+s")
            await settle(pilot)

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


class TestTheFormWalk:
    @pytest.mark.parametrize("size", SIZES)
    async def test_enter_walks_to_kind_and_level_and_saves_on_the_note(
        self, demo_path: Path, today: date, size: tuple[int, int]
    ) -> None:
        async with make_app(demo_path, today).run_test(size=size) as pilot:
            await open_form(pilot)
            await pilot.press(*"Tara Quinn", "enter", "enter", "enter", "enter", *"nurse")
            await pilot.press("enter")
            await pilot.pause()
            # THEN enter on the facts goes on to the kind: nothing saved, no level yet
            screen = pilot.app.screen
            assert isinstance(screen, QuickAddScreen)
            assert pilot.app.focused is screen.query_one("#kind")
            assert not screen.query_one("#level").display
            assert count(demo_path) == DEMO_CONTACTS
            # WHEN she picks team: the level shows, and enter goes to it
            await pilot.press("space", "end", "enter")
            await pilot.pause()
            assert screen.query_one("#level").display
            assert on_screen(pilot, "#level")
            await pilot.press("enter")
            assert pilot.app.focused is screen.query_one("#level")
            await pilot.press("space", "down", "enter")  # new-partner -> new-leader
            await pilot.press("enter")
            assert pilot.app.focused is screen.query_one("#note")
            await pilot.press(*"met at the gym", "enter")  # the last field: saved
            await settle(pilot)
            assert not isinstance(pilot.app.screen, QuickAddScreen)
        ((contact_id, kind, level),) = rows(
            demo_path, "SELECT id, kind, team_level FROM contacts WHERE name = 'Tara Quinn'"
        )
        assert (kind, level) == ("team", "new-leader")
        assert rows(demo_path, "SELECT key, value FROM facts WHERE contact_id = ?", contact_id) == [
            ("job", "nurse")
        ]
        assert rows(demo_path, "SELECT body FROM notes WHERE contact_id = ?", contact_id) == [
            ("met at the gym",)
        ]

    async def test_the_level_goes_when_the_kind_is_not_team(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=(80, 24)) as pilot:
            await open_form(pilot)
            await pilot.press("tab", "tab", "tab", "tab", "tab")  # to the kind
            await pilot.press("space", "end", "enter")
            await pilot.pause()
            assert pilot.app.screen.query_one("#level").display
            await pilot.press("space", "home", "enter")  # lead again
            await pilot.pause()
            assert not pilot.app.screen.query_one("#level").display
            assert not pilot.app.screen.query_one("#level-label").display

    @pytest.mark.parametrize("size", SIZES)
    async def test_facts_without_a_key_are_kept(
        self, demo_path: Path, today: date, size: tuple[int, int]
    ) -> None:
        async with make_app(demo_path, today).run_test(size=size) as pilot:
            await open_form(pilot)
            await pilot.press(*"Una Lind", "enter", "enter", "enter", "enter")
            await pilot.press(*"nurse, 2 kids (Emma 6, Leo 3), loves hiking, perfume: Dior")
            await pilot.pause()
            # THEN nothing is refused: the preview says how each part is kept
            assert shown(pilot, "#facts-preview") == (
                "job: nurse kids: 2 (Emma 6, Leo 3) perfume: Dior note: loves hiking"
            )
            await pilot.press("enter", "enter", *"asked for a catalogue", "enter")
            await settle(pilot)
            assert not isinstance(pilot.app.screen, QuickAddScreen)
        ((contact_id,),) = rows(demo_path, "SELECT id FROM contacts WHERE name = 'Una Lind'")
        facts = rows(demo_path, "SELECT key, value FROM facts WHERE contact_id = ?", contact_id)
        assert dict(facts) == {"job": "nurse", "kids": "2 (Emma 6, Leo 3)", "perfume": "Dior"}
        assert rows(demo_path, "SELECT body FROM notes WHERE contact_id = ?", contact_id) == [
            ("asked for a catalogue\nloves hiking",)
        ]

    async def test_the_form_and_its_keys_fit_80x24(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=(80, 24)) as pilot:
            await open_form(pilot)
            box = pilot.app.screen.query_one("#quick-add-box")
            assert box.max_scroll_y == 0
            assert on_screen(pilot, "#quick-add-keys")
            assert "ctrl+s save" in shown(pilot, "#quick-add-keys")
            # With a message under two fields and the facts' preview
            await pilot.press(*"Dana Kim", "enter", *"call me", "enter", *"dana@", "enter")
            await pilot.press("enter", *"nurse", "ctrl+s")
            await settle(pilot)
            assert shown(pilot, "#phone-error") and shown(pilot, "#email-error")
            assert box.max_scroll_y == 0
            assert on_screen(pilot, "#quick-add-keys") and on_screen(pilot, "#note")
            # With the duplicate's line (two at 80 columns) and a team level
            screen = pilot.app.screen
            screen.query_one("#phone", Input).value = ""
            screen.query_one("#email", Input).value = ""
            screen.query_one("#kind").focus()
            await pilot.press("space", "end", "enter", "ctrl+s")
            await settle(pilot)
            assert shown(pilot, "#name-duplicate")
            assert screen.query_one("#level").display
            assert box.max_scroll_y == 0
            assert on_screen(pilot, "#quick-add-keys") and on_screen(pilot, "#note")


class TestCapture:
    async def test_leaving_without_adding_her_exits_2(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today, capture=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"Dana Kim", "ctrl+s")
            await workers_done(app)
            await pilot.pause()
            assert shown(pilot, "#name-duplicate").startswith("already there: #6 Dana Kim")
            await pilot.press("escape", "escape")
            await workers_done(app)
            await pilot.pause()
        assert app.return_code == 2
        assert count(demo_path) == DEMO_CONTACTS

    async def test_opening_her_then_leaving_exits_2(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today, capture=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"Dana Kim", "ctrl+s")
            await workers_done(app)
            await pilot.pause()
            await pilot.press("ctrl+o")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, ContactScreen) and screen.contact_id == DANA
            assert app.return_code is None  # her card is open: the app waits
            await pilot.press("escape")
            await workers_done(app)
            await pilot.pause()
        assert app.return_code == 2
        assert count(demo_path) == DEMO_CONTACTS

    async def test_merge_folds_what_was_typed_into_her(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today, capture=True, on_duplicate="merge")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"Dana Kim", "enter", "enter", *"dana.kim@example.com", "enter")
            await pilot.press("enter", *"perfume: Dior", "ctrl+s")
            await workers_done(app)
            await pilot.pause()
        assert app.return_code == 0
        assert count(demo_path) == DEMO_CONTACTS
        assert rows(demo_path, "SELECT email FROM contacts WHERE id = ?", DANA) == [
            ("dana.kim@example.com",)
        ]
        facts = rows(demo_path, "SELECT key, value FROM facts WHERE contact_id = ?", DANA)
        assert ("perfume", "Dior") in facts

    async def test_add_adds_without_asking(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today, capture=True, on_duplicate="add")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"Dana Kim", "ctrl+s")
            await workers_done(app)
            await pilot.pause()
        assert app.return_code == 0
        assert rows(demo_path, "SELECT count(*) FROM contacts WHERE name = 'Dana Kim'") == [(2,)]
