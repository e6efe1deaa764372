"""Today's list in windows: the table holds WINDOW rows at first and grows as the cursor
nears the last one shown; the desk swaps its first look for the whole list."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from followup_tui import services
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Channel, Kind, NewContact, Touch
from followup_tui.domain.today import DueTouch
from followup_tui.widgets.touch_table import AHEAD, WINDOW, TouchTable

from .test_desk import SIZE, make_app, settle

TODAY = date(2026, 11, 23)
MANY = 650


def due_touch(n: int) -> DueTouch:
    """The n-th of a long morning: every seventh a day or more overdue."""
    late = n % 7 == 0
    touch = Touch(
        id=1000 + n,
        contact_id=5000 + n,
        playbook="prospect",
        step="send-info",
        due=TODAY - timedelta(days=1 + n % 3) if late else TODAY,
        channel=Channel.CALL if n % 2 else Channel.TEXT,
        priority=4,
    )
    return DueTouch(touch=touch, name=f"Person {n:03d}", kind=Kind.PROSPECT, title="Send info")


ITEMS = [due_touch(n) for n in range(MANY)]


class TableApp(App[None]):
    """Just the list, and what it said was chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield TouchTable(id="today")

    def on_touch_table_touch_chosen(self, event: TouchTable.TouchChosen) -> None:
        self.chosen_ids.append(event.touch_id)


def table_of(pilot: Pilot[None]) -> TouchTable:
    return pilot.app.query_one(TouchTable)


def who(table: TouchTable, row: int) -> str:
    """The name shown on a row of the table."""
    return str(table.get_row_at(row)[0])


def last_chosen(pilot: Pilot[None]) -> int:
    app = pilot.app
    assert isinstance(app, TableApp)
    assert app.chosen_ids, "a row was chosen"
    return app.chosen_ids[-1]


class TestWindows:
    async def test_first_window_only(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # THEN the first 200 rows are there, the cursor on the first call
            assert table.row_count == WINDOW
            assert table.chosen == ITEMS[0]
            assert last_chosen(pilot) == ITEMS[0].touch.id
            assert [who(table, r) for r in (0, WINDOW - 1)] == ["Person 000", "Person 199"]
            # ... overdue ones say how late
            assert str(table.get_row_at(0)[1]) == "1d late"
            assert str(table.get_row_at(1)[1]) == "today"

    async def test_next_window_when_the_cursor_comes_near(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # WHEN the cursor is just short of the last AHEAD rows shown
            table.move_cursor(row=WINDOW - AHEAD - 1)
            await pilot.pause()
            assert table.row_count == WINDOW
            # ... and moves on into them
            await pilot.press("down")
            await pilot.pause()
            # THEN the next window is there, and the cursor is where it went
            assert table.row_count == 2 * WINDOW
            assert table.cursor_row == WINDOW - AHEAD
            assert table.chosen == ITEMS[WINDOW - AHEAD]
            assert last_chosen(pilot) == ITEMS[WINDOW - AHEAD].touch.id
            assert who(table, 2 * WINDOW - 1) == ITEMS[2 * WINDOW - 1].name

    async def test_down_key_by_key(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            table.move_cursor(row=130)
            await pilot.pause()
            await pilot.press(*["down"] * 30)
            await pilot.pause()
            assert table.cursor_row == 160
            assert table.row_count == 2 * WINDOW
            assert table.chosen == ITEMS[160]

    async def test_bottom_key_reaches_the_last_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # WHEN ctrl+end (the table's Bottom) is pressed until the cursor stops
            presses = 0
            while table.chosen != ITEMS[-1] and presses < 10:
                await pilot.press("ctrl+end")
                await pilot.pause()
                presses += 1
            # THEN the last call is reached, one window at a time
            assert table.chosen == ITEMS[-1]
            assert presses == -(-MANY // WINDOW)
            assert table.row_count == MANY
            assert who(table, MANY - 1) == ITEMS[-1].name
            assert last_chosen(pilot) == ITEMS[-1].touch.id

    async def test_end_goes_to_the_last_call_and_home_back_to_the_first(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # WHEN end is pressed once
            await pilot.press("end")
            await pilot.pause()
            # THEN the cursor is on the last call, every row shown
            assert table.chosen == ITEMS[-1]
            assert table.row_count == MANY
            assert last_chosen(pilot) == ITEMS[-1].touch.id
            # AND home takes it back to the first
            await pilot.press("home")
            await pilot.pause()
            assert table.chosen == ITEMS[0]

    async def test_page_down_reaches_the_last_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            for _ in range(MANY):
                if table.chosen == ITEMS[-1]:
                    break
                await pilot.press("pagedown")
            await pilot.pause()
            assert table.chosen == ITEMS[-1]
            assert table.row_count == MANY

    async def test_kept_call_far_down(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # WHEN the list is shown again, keeping call 500
            table.show(ITEMS, TODAY, keep=ITEMS[500].touch.id)
            await pilot.pause()
            # THEN the cursor is on it, with rows to move on to after it
            assert table.cursor_row == 500
            assert table.chosen == ITEMS[500]
            assert who(table, 500) == "Person 500"
            assert table.row_count >= 500 + AHEAD
            assert last_chosen(pilot) == ITEMS[500].touch.id
            # ... and it goes on to the very last call
            await pilot.press("ctrl+end")
            await pilot.pause()
            assert table.chosen == ITEMS[-1]

    async def test_kept_call_gone_goes_to_the_top(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            table.move_cursor(row=300)
            await pilot.pause()
            # WHEN the kept call was worked meanwhile (it is no longer listed)
            gone = ITEMS[300].touch.id
            rest = [item for item in ITEMS if item.touch.id != gone]
            table.show(rest, TODAY, keep=gone)
            await pilot.pause()
            # THEN the list starts over at the top, one window long
            assert table.cursor_row == 0
            assert table.chosen == rest[0]
            assert table.row_count == WINDOW

    async def test_kept_last_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY, keep=ITEMS[-1].touch.id)
            await pilot.pause()
            assert table.chosen == ITEMS[-1]
            assert table.row_count == MANY

    async def test_fewer_than_a_window(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS[:30], TODAY)
            await pilot.pause()
            table.move_cursor(row=25)
            await pilot.press(*["down"] * 10)
            await pilot.pause()
            assert table.row_count == 30
            assert table.chosen == ITEMS[29]

    async def test_nothing_due_empties_it(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            table.move_cursor(row=120)
            await pilot.pause()
            # WHEN every call is worked
            table.show([], TODAY)
            await pilot.pause()
            # THEN the list is empty and nothing is chosen
            assert table.row_count == 0
            assert table.items == []
            assert table.chosen is None
            await pilot.press("down", "pageup", "ctrl+home", "enter")
            await pilot.pause()
            assert table.chosen is None

    @pytest.mark.parametrize("key", ["up", "pagedown", "ctrl+end"])
    async def test_keys_on_an_empty_list(self, key: str) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show([], TODAY)
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert table.chosen is None


# --- the desk ----------------------------------------------------------------------------


async def settled(pilot: Pilot[None], ready: int) -> TouchTable:
    """The desk's list once `ready` calls are in it (the whole list, not a first window)."""
    table = pilot.app.screen.query_one(TouchTable)
    for _ in range(20):
        await settle(pilot)
        if len(table.items) == ready:
            break
    return table


def title_for(calls: list[DueTouch], today: date) -> str:
    overdue = sum(1 for item in calls if item.overdue_days(today))
    return f"Today · {len(calls)}" + (f" ({overdue} overdue)" if overdue else "")


class TestDesk:
    async def test_demo_book(self, demo_path: Path, today: date) -> None:
        db = open_database(f"sqlite:///{demo_path}")
        calls = services.todays_calls(db, today)
        db.dispose()
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            table = await settled(pilot, len(calls))
            # THEN the desk lists today's calls as the normal path orders them
            assert table.items == calls
            assert str(table.border_title) == title_for(calls, today)
            assert str(table.border_title).startswith(f"Today · {len(calls)}")
            assert table.chosen == calls[0]

    async def test_more_than_a_window_due(self, tmp_path: Path, today: date) -> None:
        # GIVEN a book with 260 calls due: referrals, then overdue and today's prospects
        path = tmp_path / "big.db"
        db = open_database(f"sqlite:///{path}")
        for n in range(260):
            kind = Kind.REFERRAL if n % 5 == 0 else Kind.PROSPECT
            added = today - timedelta(days=n % 4)
            services.add_contact(db, NewContact(name=f"Caller {n:03d}", kind=kind), added)
        calls = services.todays_calls(db, today)
        db.dispose()
        assert len(calls) > WINDOW

        async with make_app(path, today).run_test(size=SIZE) as pilot:
            # WHEN the desk has started
            table = await settled(pilot, len(calls))
            # THEN the whole list replaced the first window, and the title counts it all
            assert table.items == calls
            assert str(table.border_title) == title_for(calls, today)
            assert f"{len(calls)} due" in pilot.app.sub_title
            # ... and the last call can be reached
            for _ in range(5):
                if table.chosen == calls[-1]:
                    break
                await pilot.press("ctrl+end")
                await pilot.pause()
            assert table.chosen == calls[-1]
            assert table.row_count == len(calls)

    async def test_up_on_a_morning_with_nothing_due(self, tmp_path: Path, today: date) -> None:
        # GIVEN a book with nobody due today
        path = tmp_path / "quiet.db"
        db = open_database(f"sqlite:///{path}")
        services.add_contact(db, NewContact(name="Cora Marsh", kind=Kind.CUSTOMER), today)
        db.dispose()
        async with make_app(path, today).run_test(size=SIZE) as pilot:
            table = await settled(pilot, 0)
            assert str(table.border_title) == "Today · 0"
            # WHEN she presses up on the empty list
            await pilot.press("up")
            await settle(pilot)
            # THEN the desk is still there, with nothing chosen
            assert table.chosen is None
            assert str(table.border_title) == "Today · 0"
