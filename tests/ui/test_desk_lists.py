"""The lists a morning goes through, as she sees them: today's list in its parts, the
team's columns, the settings form, the command palette, the footer and the `?` keys."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Input
from textual.widgets._footer import FooterKey

from followup_tui.app import FollowupApp
from followup_tui.config import Settings
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Channel, Kind, Touch
from followup_tui.domain.today import DueTouch, todays_order
from followup_tui.screens.prompt import PromptScreen
from followup_tui.screens.settings import SettingsScreen
from followup_tui.screens.team import TeamScreen
from followup_tui.services import contact_views, settings
from followup_tui.widgets import touch_table
from followup_tui.widgets.touch_table import AHEAD, WINDOW, TouchTable
from followup_tui.widgets.window_table import WindowTable
from tests.ui.test_desk import SIZE, make_app, settle, text_of

TODAY = date(2026, 11, 23)


def shown_lines(table: DataTable[Any]) -> list[str]:
    """The table's lines as drawn on the screen (its header line first)."""
    return [
        table.render_line(y).text.strip() for y in range(table.scrollable_content_region.height)
    ]


def rows_text(table: DataTable[Any]) -> list[str]:
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


# --- today's list in parts ---------------------------------------------------------------


class TestTodayInParts:
    async def test_demo_list_has_a_header_over_each_part(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            table = pilot.app.screen.query_one(TouchTable)
            lines = shown_lines(table)
        # THEN each part of the list has its header line, in the list's order
        headers = [line.split("  ")[0] for line in lines if "·" in line]
        assert headers == ["Referrals · 1", "Backorders · 1", "Overdue · 2", "Today · 25"]
        assert lines[1].startswith("Referrals · 1") and "Maria Lopez" in lines[2]
        overdue = lines.index("Overdue · 2")
        assert "Keisha Washington" in lines[overdue + 1] and "5d late" in lines[overdue + 1]
        assert "Tom Reilly" in lines[overdue + 2]
        assert lines[overdue + 3] == "Today · 25"

    async def test_up_and_down_go_from_call_to_call(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = pilot.app.screen.query_one(TouchTable)
            items = list(table.items)
            seen = [table.chosen]
            for _ in range(len(items) + 2):  # two presses more than calls: stays on the last
                await pilot.press("down")
                assert table.index_of(table.cursor_row) is not None
                seen.append(table.chosen)
            assert seen[: len(items)] == items and seen[-1] == items[-1]
            back = []
            for _ in range(len(items) + 2):
                await pilot.press("up")
                assert table.index_of(table.cursor_row) is not None
                back.append(table.chosen)
            assert back[: len(items) - 1] == items[-2::-1] and back[-1] == items[0]
            await settle(pilot)
            # ... and the card follows the call chosen, never a header
            assert "Maria Lopez" in text_of(pilot, "#contact-body")

    async def test_page_top_and_bottom_keys_never_rest_on_a_header(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            table = pilot.app.screen.query_one(TouchTable)
            for key in ("pagedown", "pagedown", "pageup", "pageup", "end", "ctrl+home"):
                await pilot.press(key)
                await pilot.pause()
                assert table.chosen is not None, key
                assert table.index_of(table.cursor_row) == table.chosen_index, key
            # home and ctrl+home: the first call, its header in view above it
            assert table.chosen == table.items[0]
            assert table.scroll_y == 0
            await pilot.press("ctrl+end")
            await pilot.pause()
            assert table.chosen == table.items[-1]

    async def test_a_click_on_a_header_chooses_a_call(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            table = pilot.app.screen.query_one(TouchTable)
            overdue = rows_text(table).index("Overdue · 2")
            # The border, the column titles, then the rows.
            await pilot.click(TouchTable, offset=(4, 2 + overdue))
            await settle(pilot)
            assert table.chosen is not None
            assert table.chosen.name == "Keisha Washington"
            assert "Keisha Washington" in text_of(pilot, "#contact-body")


def due_touch(n: int) -> DueTouch:
    """The n-th of a long morning: every seventh a day or more overdue, every 50th a
    referral."""
    late = n % 7 == 0
    touch = Touch(
        id=1000 + n,
        contact_id=5000 + n,
        playbook="referral" if n % 50 == 3 else "prospect",
        step="send-info",
        due=TODAY - timedelta(days=1 + n % 3) if late else TODAY,
        channel=Channel.CALL if n % 2 else Channel.TEXT,
        priority=4,
    )
    return DueTouch(touch=touch, name=f"Person {n:03d}", kind=Kind.PROSPECT, title="Send info")


MANY = 650
ITEMS = todays_order([due_touch(n) for n in range(MANY)], TODAY)
PARTS = {  # first call of each part -> its header
    0: "Referrals · 13",
    13: "Overdue · 91",
    104: "Today · 546",
}


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield TouchTable(id="today")

    def on_touch_table_touch_chosen(self, event: TouchTable.TouchChosen) -> None:
        self.chosen_ids.append(event.touch_id)


class TestWindowsWithParts:
    async def test_rows_and_calls_map_both_ways(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = pilot.app.query_one(TouchTable)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # THEN the first window of calls has rows, under their headers
            assert table.calls_shown == WINDOW
            assert table.row_count == WINDOW + 3
            names = rows_text(table)
            for first, header in PARTS.items():
                assert names[table.row_of(first) - 1] == header
                assert table.index_of(table.row_of(first) - 1) is None
            for index in range(WINDOW):
                assert table.index_of(table.row_of(index)) == index
                assert names[table.row_of(index)] == ITEMS[index].name
            assert table.chosen == ITEMS[0] and table.cursor_row == 1
            assert pilot.app.chosen_ids[-1] == ITEMS[0].touch.id  # type: ignore[attr-defined]

    async def test_next_window_as_the_cursor_nears_the_last_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = pilot.app.query_one(TouchTable)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            table.move_cursor(row=table.row_of(WINDOW - AHEAD - 1))
            await pilot.pause()
            assert table.calls_shown == WINDOW
            await pilot.press("down")
            await pilot.pause()
            assert table.calls_shown == 2 * WINDOW
            assert table.chosen_index == WINDOW - AHEAD
            assert pilot.app.chosen_ids[-1] == ITEMS[WINDOW - AHEAD].touch.id  # type: ignore[attr-defined]

    async def test_end_home_and_a_kept_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = pilot.app.query_one(TouchTable)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            assert table.chosen == ITEMS[-1] and table.calls_shown == MANY
            await pilot.press("home")
            await pilot.pause()
            assert table.chosen == ITEMS[0]
            # WHEN the list comes again keeping call 500
            table.show(ITEMS, TODAY, keep=ITEMS[500].touch.id)
            await pilot.pause()
            assert table.chosen == ITEMS[500] and table.chosen_index == 500
            assert table.calls_shown >= 500 + AHEAD
            # ... and the first call of a part is chosen with its header above it
            table.show(ITEMS, TODAY, keep=ITEMS[104].touch.id)
            await pilot.pause()
            assert table.chosen == ITEMS[104]
            await pilot.press("up", "down")
            assert table.chosen == ITEMS[104]

    async def test_end_chooses_only_the_call_it_ends_on(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(touch_table, "END_CHUNK", 100)  # a run of several frames
        async with TableApp().run_test(size=SIZE) as pilot:
            app = pilot.app
            assert isinstance(app, TableApp)
            table = app.query_one(TouchTable)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            app.chosen_ids.clear()
            # WHEN End runs the list to its last call, rows added a frame at a time
            await pilot.press("end")
            for _ in range(50):
                if table.calls_shown == MANY:
                    break
                await pilot.pause()
            await pilot.pause()
            # THEN only the last call is chosen (the desk reads one card, not seven)
            assert table.chosen == ITEMS[-1]
            assert app.chosen_ids == [ITEMS[-1].touch.id]

    async def test_end_stopped_by_a_key_chooses_where_it_is(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(touch_table, "END_CHUNK", 100)
        async with TableApp().run_test(size=SIZE) as pilot:
            app = pilot.app
            assert isinstance(app, TableApp)
            table = app.query_one(TouchTable)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            app.chosen_ids.clear()
            # WHEN End begins and a key that moves nothing (o, to log) comes meanwhile
            table.action_last_call()
            table.keys_seen += 1
            await pilot.pause()
            await pilot.pause()
            # THEN the run stops, and the call the cursor stopped on is the one chosen
            assert table.calls_shown < MANY
            assert table.chosen is not None and table.chosen != ITEMS[-1]
            assert app.chosen_ids == [table.chosen.touch.id]

    async def test_empty_list(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = pilot.app.query_one(TouchTable)
            table.show(ITEMS, TODAY)
            table.show([], TODAY)
            await pilot.press("down", "up", "end", "home", "pagedown")
            assert table.chosen is None and table.chosen_index is None
            assert table.row_count == 0


# --- columns that never depend on timing --------------------------------------------------


async def test_team_columns_fit_the_rows_they_show(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TeamScreen)
        table = screen.query_one(WindowTable)
        # WHEN the rows come again
        screen.load()
        await settle(pilot)
        lines = [table.render_line(y).text.strip() for y in range(table.size.height)]
    # THEN every name, level and date shows whole
    dana = next(line for line in lines if line.startswith("Dana Kim"))
    assert "new leader" in dana and "Mon 23 Nov" in dana and "Monday: the task" in dana


# --- settings -------------------------------------------------------------------------------


def form(pilot: Pilot[None]) -> dict[str, str]:
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return {field.id or "": field.value for field in screen.query(Input)}


async def test_settings_after_the_demo_keep_its_web_shop(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    app = FollowupApp(f"sqlite:///{path}", TODAY, offer_demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")  # the demo data, loaded after the app read its settings
        await settle(pilot)
        assert app.ctx.settings.webshop == "shop.example.com/alex"
        await pilot.press("comma")
        await settle(pilot)
        # THEN the form shows the demo's name and web shop
        assert form(pilot)["consultant_name"] == "Alex"
        assert form(pilot)["webshop"] == "shop.example.com/alex"
        # ... and saving it (a rhythm changed) keeps them
        pilot.app.screen.query_one("#lead_rhythm_weeks", Input).value = "6"
        await pilot.press("ctrl+s")
        await settle(pilot)
    db = open_database(f"sqlite:///{path}")
    saved = settings.load_settings(db)
    db.dispose()
    assert (saved.consultant_name, saved.webshop, saved.lead_rhythm_weeks) == (
        "Alex",
        "shop.example.com/alex",
        6,
    )


async def test_settings_form_reads_what_the_database_holds(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        # GIVEN the settings changed elsewhere (the command line) while the desk is open
        db = open_database(f"sqlite:///{demo_path}")
        settings.save_settings(db, Settings(consultant_name="Sam", webshop="sam.shop/x"))
        db.dispose()
        await pilot.press("comma")
        await settle(pilot)
        assert (form(pilot)["consultant_name"], form(pilot)["webshop"]) == ("Sam", "sam.shop/x")
        assert pilot.app.ctx.settings.webshop == "sam.shop/x"  # type: ignore[attr-defined]


# --- the command palette --------------------------------------------------------------------


async def palette(pilot: Pilot[None], typed: str = "") -> dict[str, str]:
    """Open ctrl+p, type; the commands offered, name -> help."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    if typed:
        await pilot.press(*typed)
    await pilot.pause(0.5)
    offered = pilot.app.screen.query_one(CommandList)
    found = {}
    for n in range(offered.option_count):
        hit = offered.get_option_at_index(n).hit  # type: ignore[attr-defined]
        found[str(hit.text)] = str(hit.help)
    return found


class TestPalette:
    async def test_the_desk_keys_by_name(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
            await settle(pilot)
            offered = await palette(pilot)
        for name in ("Log outcome", "Note", "Fact", "Skip", "Later", "Add contact", "Order"):
            assert name in offered
        assert offered["Note"] == "n · Maria Lopez: a note on this contact"
        assert "Undo log" not in offered  # nothing logged yet: u does nothing either

    async def test_note_from_the_palette_is_saved(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "down")  # Keisha Washington
            await settle(pilot)
            offered = await palette(pilot, "note")
            assert next(iter(offered)) == "Note"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, PromptScreen)
            await pilot.press(*"Asked for the catalogue", "enter")
            await settle(pilot)
            assert "Asked for the catalogue" in text_of(pilot, "#contact-body")
        db = open_database(f"sqlite:///{demo_path}")
        keisha = contact_views.find_contacts(db, search="Keisha Washington")[0]
        notes = [note.body for note in contact_views.contact_detail(db, keisha.id, TODAY).notes]
        db.dispose()
        assert "Asked for the catalogue" in notes

    async def test_no_desk_keys_away_from_the_desk(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            offered = await palette(pilot)
        assert "Team" in offered and "Note" not in offered and "Log outcome" not in offered


# --- the footer and the `?` keys ------------------------------------------------------------


def footer_words(pilot: Pilot[None]) -> list[str]:
    """The footer's keys fully on screen, left to right."""
    footer = pilot.app.screen.query_one(Footer)
    right = footer.region.right
    return [
        f"{key.key_display} {key.description}"
        for key in footer.query(FooterKey)
        if key.region.width and key.region.right <= right and "-command-palette" not in key.classes
    ]


class TestKeys:
    async def test_footer_at_80_columns_is_compact_with_keys_before_quit(
        self, demo_path: Path
    ) -> None:
        async with make_app(demo_path, TODAY).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            shown = footer_words(pilot)
            width = pilot.app.screen.query_one(FooterKey).region.width
        assert shown == ["esc Back", "e New event", "? Keys", "^d Discreet", "q Quit"]
        assert width == len("esc Back")  # Textual's compact footer

    async def test_desk_footer_at_80_columns_shows_question_mark(self, demo_path: Path) -> None:
        async with make_app(demo_path, TODAY).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = footer_words(pilot)
        assert shown[0] == "o Log outcome"
        assert "? Keys" in shown


def test_every_screen_the_palette_names_can_be_opened() -> None:
    # The palette posts OpenScreen(name); the app opens LIST_SCREENS[name]: one table each.
    from textual.screen import Screen

    from followup_tui.app import LIST_SCREENS
    from followup_tui.commands import SCREENS

    named = [screen for _, _, screen, _ in SCREENS]
    assert set(named) <= set(LIST_SCREENS)
    for name in LIST_SCREENS:
        assert isinstance(LIST_SCREENS[name](), Screen), name
