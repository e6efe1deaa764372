"""Today's list in windows: the table is handed the first WINDOW calls at first and the
next window as the cursor nears the last call shown; the desk swaps its first look for
the whole list. (Headers and the row <-> call mapping: tests/ui/test_desk_lists.py.)"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from followup_tui.db.engine import open_database
from followup_tui.domain.model import Channel, Kind, NewContact, Touch
from followup_tui.domain.today import DueTouch, todays_order
from followup_tui.services import adding, due
from followup_tui.widgets.touch_table import AHEAD, FIRST_ROWS, SECTION_KEY, WINDOW, TouchTable

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


ITEMS = todays_order([due_touch(n) for n in range(MANY)], TODAY)
"""As the desk hands them over: the 93 overdue (most overdue first), then today's."""
FIRST_TODAY = next(n for n, item in enumerate(ITEMS) if not item.overdue_days(TODAY))


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


def cells(table: TouchTable, index: int) -> list[str]:
    """What the table shows for items[index]: who, when, by, why."""
    return [str(cell) for cell in table.get_row_at(table.row_of(index))]


def calls_in_table(table: TouchTable) -> list[int]:
    """The touch ids the table has rows for, top to bottom (header lines left out)."""
    keys = [row.key.value or "" for row in table.ordered_rows]
    return [int(key) for key in keys if not key.startswith(SECTION_KEY)]


def ids(items: list[DueTouch]) -> list[int]:
    return [item.touch.id for item in items]


def chosen_ids(pilot: Pilot[None]) -> list[int]:
    app = pilot.app
    assert isinstance(app, TableApp)
    return app.chosen_ids


def last_chosen(pilot: Pilot[None]) -> int:
    assert chosen_ids(pilot), "a call was chosen"
    return chosen_ids(pilot)[-1]


def on_screen(table: TouchTable, index: int) -> bool:
    """Whether items[index]'s row is scrolled into view (every row is one line)."""
    top = int(table.scroll_y)
    return top <= table.row_of(index) < top + table.scrollable_content_region.height


class TestWindows:
    async def test_first_window_only(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            # THEN a screenful of calls at once, the rest of the first window after it
            assert table.calls_shown == FIRST_ROWS
            await pilot.pause()
            assert table.calls_shown == WINDOW
            assert calls_in_table(table) == ids(ITEMS[:WINDOW])
            assert cells(table, WINDOW - 1)[0] == ITEMS[WINDOW - 1].name
            # ... the cursor on the first call
            assert table.chosen == ITEMS[0] and table.chosen_index == 0
            assert last_chosen(pilot) == ITEMS[0].touch.id
            # ... overdue ones say how late
            assert cells(table, 0)[1] == f"{ITEMS[0].overdue_days(TODAY)}d late" == "3d late"
            assert cells(table, FIRST_TODAY)[1] == "today"

    async def test_down_key_by_key_reaches_every_call_in_order(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # GIVEN the cursor on the last few overdue calls (today's header below them)
            start = FIRST_TODAY - 5
            table.move_cursor(row=table.row_of(start))
            await pilot.pause()
            assert table.chosen == ITEMS[start]
            # WHEN down is pressed up to the call before the last AHEAD shown
            await pilot.press(*["down"] * (WINDOW - AHEAD - 1 - start))
            await pilot.pause()
            assert table.chosen_index == WINDOW - AHEAD - 1
            assert table.calls_shown == WINDOW
            # ... and once more, into them
            await pilot.press("down")
            await pilot.pause()
            # THEN the next window is there
            assert table.chosen == ITEMS[WINDOW - AHEAD]
            assert calls_in_table(table) == ids(ITEMS[: 2 * WINDOW])
            # ... and every call on the way was chosen once, in order, over the header
            await pilot.press(*["down"] * 10)
            await pilot.pause()
            assert table.chosen == ITEMS[WINDOW - AHEAD + 10]
            chosen = chosen_ids(pilot)
            assert chosen[chosen.index(ITEMS[start].touch.id) :] == ids(
                ITEMS[start : WINDOW - AHEAD + 11]
            )

    @pytest.mark.parametrize(("end", "home"), [("end", "home"), ("ctrl+end", "ctrl+home")])
    async def test_end_goes_to_the_last_call_and_home_back_to_the_first(
        self, end: str, home: str
    ) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # WHEN end is pressed once
            await pilot.press(end)
            await pilot.pause()
            # THEN the cursor is on the last call, every call handed over
            assert table.chosen == ITEMS[-1] and table.chosen_index == MANY - 1
            assert calls_in_table(table) == ids(ITEMS)
            assert last_chosen(pilot) == ITEMS[-1].touch.id
            assert on_screen(table, MANY - 1)
            # AND home takes it back to the first
            await pilot.press(home)
            await pilot.pause()
            assert table.chosen == ITEMS[0]
            assert last_chosen(pilot) == ITEMS[0].touch.id
            assert on_screen(table, 0)

    async def test_page_down_reaches_the_last_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            reached = [0]
            for _ in range(MANY):
                if table.chosen == ITEMS[-1]:
                    break
                await pilot.press("pagedown")
                index = table.chosen_index
                assert index is not None and index > reached[-1]
                reached.append(index)
            await pilot.pause()
            # THEN a page at a time (not all at once), to the last call, every one shown
            assert table.chosen == ITEMS[-1]
            assert len(reached) > MANY // table.scrollable_content_region.height
            assert table.calls_shown == MANY

    async def test_kept_call_far_down(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # WHEN the list is shown again, keeping call 500
            table.show(ITEMS, TODAY, keep=ITEMS[500].touch.id)
            await pilot.pause()
            # THEN the cursor is on it, on screen, with calls to move on to after it
            assert table.chosen == ITEMS[500] and table.chosen_index == 500
            assert cells(table, 500)[0] == ITEMS[500].name
            assert on_screen(table, 500)
            assert table.calls_shown >= 500 + AHEAD
            assert last_chosen(pilot) == ITEMS[500].touch.id
            # ... and down goes on to the next call
            await pilot.press("down")
            await pilot.pause()
            assert table.chosen == ITEMS[501]

    async def test_kept_last_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY, keep=ITEMS[-1].touch.id)
            await pilot.pause()
            assert table.chosen == ITEMS[-1]
            assert calls_in_table(table) == ids(ITEMS)
            assert on_screen(table, MANY - 1)

    async def test_kept_call_gone_goes_to_the_top(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY, keep=ITEMS[300].touch.id)
            await pilot.pause()
            assert table.chosen == ITEMS[300]
            # WHEN the kept call was worked meanwhile (it is no longer listed)
            gone = ITEMS[300].touch.id
            rest = [item for item in ITEMS if item.touch.id != gone]
            table.show(rest, TODAY, keep=gone)
            await pilot.pause()
            # THEN the list starts over at the top, one window long
            assert table.chosen == rest[0] and table.chosen_index == 0
            assert last_chosen(pilot) == rest[0].touch.id
            assert calls_in_table(table) == ids(rest[:WINDOW])
            assert table.scroll_y == 0

    async def test_fewer_than_a_window(self) -> None:
        few = todays_order([due_touch(n) for n in range(30)], TODAY)
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(few, TODAY)
            await pilot.pause()
            # THEN every call is handed over at once
            assert calls_in_table(table) == ids(few)
            table.move_cursor(row=table.row_of(25))
            await pilot.press(*["down"] * 10)
            await pilot.pause()
            # ... and down stops on the last of them
            assert table.chosen == few[-1] and table.chosen_index == len(few) - 1
            assert table.calls_shown == len(few)

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
        calls = due.todays_calls(db, today)
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
            adding.add_contact(db, NewContact(name=f"Caller {n:03d}", kind=kind), added)
        calls = due.todays_calls(db, today)
        db.dispose()
        assert len(calls) > WINDOW

        async with make_app(path, today).run_test(size=SIZE) as pilot:
            # WHEN the desk has started
            table = await settled(pilot, len(calls))
            # THEN the whole list replaced the first window, and the title counts it all
            assert table.items == calls
            assert str(table.border_title) == title_for(calls, today)
            assert f"{len(calls)} due" in pilot.app.sub_title
            assert table.chosen == calls[0] and table.calls_shown == WINDOW
            # ... and one press of ctrl+end reaches the last call, every call handed over
            await pilot.press("ctrl+end")
            await pilot.pause()
            assert table.chosen == calls[-1]
            assert calls_in_table(table) == ids(calls)

    async def test_up_on_a_morning_with_nothing_due(self, tmp_path: Path, today: date) -> None:
        # GIVEN a book with nobody due today
        path = tmp_path / "quiet.db"
        db = open_database(f"sqlite:///{path}")
        adding.add_contact(db, NewContact(name="Cora Marsh", kind=Kind.CUSTOMER), today)
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


async def test_end_runs_a_long_list_to_its_last_call(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a list longer than End adds in one frame
    from followup_tui.widgets import touch_table

    monkeypatch.setattr(touch_table, "END_CHUNK", 120)
    async with TableApp().run_test(size=SIZE) as pilot:
        table = table_of(pilot)
        table.show(ITEMS, TODAY)
        await pilot.pause()
        # WHEN end is pressed, and the list given a few frames
        await pilot.press("end")
        for _ in range(20):
            await pilot.pause()
            if table.calls_shown == MANY:
                break
        await pilot.pause()
        # THEN every call is on the list in order, the cursor on the last one
        assert calls_in_table(table) == ids(ITEMS)
        assert table.chosen == ITEMS[-1]
        assert on_screen(table, MANY - 1)
