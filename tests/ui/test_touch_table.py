"""The today list's own drawing and its one-call removal: what it draws matches what a
DataTable draws, and a call taken off the list leaves the rest as they were."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.widgets import DataTable

from followup_tui.domain import roles
from followup_tui.domain.today import DueTouch, todays_order
from followup_tui.widgets.touch_table import SECTION_KEY, WINDOW, TouchTable

from .test_desk import SIZE
from .test_today_window import (
    FIRST_TODAY,
    ITEMS,
    TODAY,
    TableApp,
    calls_in_table,
    due_touch,
    ids,
    last_chosen,
    table_of,
)

AWKWARD_NAMES = [
    "Ann [b]Lee[/b]",  # markup stays text
    "Zoë Ødegård-Brühl",
    "王秀英 Wang",  # two cells a character
    "Emoji 🎉 Fan",
    "A" * 90,  # wider than any column
    "",
    "Tab\there",
    "e\u0301clair",  # a combining accent
    "␛ picture",
]


def awkward_items() -> list[DueTouch]:
    items = []
    for n, name in enumerate(AWKWARD_NAMES):
        item = due_touch(n)
        touch = item.touch
        if n == 0:
            touch = replace(touch, playbook=roles.REFERRAL)
        items.append(replace(item, touch=touch, name=name, title=name[::-1] or "Thank you"))
    return todays_order(items, TODAY)


def header(table: TouchTable, section: str) -> str | None:
    """The header line of a part of the list ("Overdue · 93"), None when it is gone."""
    for row in table.ordered_rows:
        key = row.key.value or ""
        if key.startswith(SECTION_KEY):
            text = str(table.get_row(key)[0])
            if text.startswith(section):
                return text
    return None


def simplified(lines: list[list[Segment]]) -> list[list[Segment]]:
    return [list(Segment.simplify(line)) for line in lines]


class TestDrawing:
    @pytest.mark.parametrize("width", [3, 8, 30, None])
    async def test_every_cell_is_drawn_as_a_datatable_draws_it(self, width: int | None) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(awkward_items(), TODAY)
            await pilot.pause()
            assert table.row_count == len(AWKWARD_NAMES) + 3  # and three part headers
            style = table.rich_style
            for row in range(table.row_count):
                for column, spec in enumerate(table.ordered_columns):
                    cell_width = width or spec.get_render_width(table)
                    for cursor in (False, True):
                        args = (row, column, style, cell_width, cursor, False)
                        table._cell_render_cache.clear()
                        ours = table._render_cell(*args)
                        table._cell_render_cache.clear()
                        theirs = DataTable._render_cell(table, *args)
                        assert simplified(ours) == simplified(theirs), (row, column, cursor)

    async def test_a_referral_is_bold_and_lateness_shown(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(awkward_items(), TODAY)
            await pilot.pause()
            who = table.get_row_at(table.row_of(0))[0]
            assert isinstance(who, Text) and who.plain == "Ann [b]Lee[/b]"
            assert any("bold" in str(span.style) for span in who.spans)


class TestRemovingOneCall:
    async def test_the_cursor_goes_on_to_the_next_call_and_the_count_follows(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            # GIVEN the cursor on the fifth overdue call
            table.move_cursor(row=table.row_of(4))
            await pilot.pause()
            worked = ITEMS[4]
            # WHEN it is worked
            went_to = table.remove_call(worked.touch.id)
            await pilot.pause()
            # THEN the next call is chosen, where the worked one was
            assert went_to == ITEMS[5].touch.id == table.chosen.touch.id  # type: ignore[union-attr]
            assert last_chosen(pilot) == ITEMS[5].touch.id
            assert table.chosen_index == 4
            # ... every other call keeps its place, and the parts their new counts
            rest = [item for item in ITEMS if item is not worked]
            assert table.items == rest
            assert calls_in_table(table) == ids(rest[: WINDOW - 1])
            assert header(table, "Overdue") == f"Overdue · {FIRST_TODAY - 1}"
            assert header(table, "Today") == f"Today · {len(ITEMS) - FIRST_TODAY}"

    async def test_the_last_call_of_a_part_takes_its_header_with_it(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            items = awkward_items()
            table.show(items, TODAY)
            await pilot.pause()
            assert header(table, "Referrals") == "Referrals · 1"
            # WHEN the only referral is worked
            went_to = table.remove_call(items[0].touch.id)
            await pilot.pause()
            # THEN its header goes too, and the cursor is on the first overdue call
            assert header(table, "Referrals") is None
            assert went_to == items[1].touch.id
            assert table.cursor_row == 1  # under the Overdue header
            assert calls_in_table(table) == ids(items[1:])
            # ... and the cursor still steps over headers, both ways
            await pilot.press("up")
            assert table.chosen == items[1]

    async def test_the_last_call_of_the_list_leaves_the_cursor_on_the_one_above(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            items = awkward_items()
            table.show(items, TODAY)
            await pilot.pause()
            table.action_last_call()
            await pilot.pause()
            assert table.remove_call(items[-1].touch.id) == items[-2].touch.id
            assert table.chosen == items[-2]

    async def test_a_call_not_drawn_yet_changes_only_the_count(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            before = calls_in_table(table)
            # WHEN a call past the first window is taken off (moved, in another window)
            gone = ITEMS[-1]
            assert table.remove_call(gone.touch.id) == ITEMS[0].touch.id
            # THEN the rows drawn are the same, the cursor stays, the count is one less
            assert calls_in_table(table) == before
            assert table.chosen == ITEMS[0]
            assert header(table, "Today") == f"Today · {len(ITEMS) - FIRST_TODAY - 1}"
            # ... and the end of the list is the call before it
            table.action_last_call()
            await pilot.pause()
            assert table.chosen == ITEMS[-2]

    async def test_the_only_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS[:1], TODAY)
            await pilot.pause()
            assert table.remove_call(ITEMS[0].touch.id) is None
            assert table.items == [] and table.row_count == 0 and table.chosen is None

    async def test_the_reload_that_finds_the_same_list_keeps_the_cursors_call(self) -> None:
        async with TableApp().run_test(size=SIZE) as pilot:
            table = table_of(pilot)
            table.show(ITEMS, TODAY)
            await pilot.pause()
            went_to = table.remove_call(ITEMS[0].touch.id)
            await pilot.pause()
            rest = ITEMS[1:]
            # WHEN the reload after the save brings the same calls, the cursor's given
            table.show(list(rest), TODAY, keep=went_to)
            await pilot.pause()
            # THEN the list is as it was, on the same call
            assert table.items == rest and calls_in_table(table) == ids(rest[: WINDOW - 1])
            assert table.chosen == rest[0]
            # ... and a reload with another day's view draws the list again
            table.show(list(rest), TODAY + timedelta(days=1), keep=rest[3].touch.id)
            await pilot.pause()
            assert table.chosen == rest[3]
            assert table.items[3].overdue_days(table.today or TODAY) >= 0


async def test_the_whole_list_after_its_first_window_keeps_the_rows_and_the_cursor() -> None:
    # The desk's first frame has the first window (db/first_look); the whole list follows
    # in its first second, when her first key may come: nothing shown is drawn again.
    window = ITEMS[:WINDOW]
    async with TableApp().run_test(size=SIZE) as pilot:
        table = table_of(pilot)
        table.show(window, TODAY)
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        chosen = last_chosen(pilot)
        rows_before = list(table.ordered_rows)
        table.show(ITEMS, TODAY, keep=chosen)
        await pilot.pause()
        kept = table.ordered_rows[: len(rows_before)]
        assert all(now is before for now, before in zip(kept, rows_before, strict=True))
        assert table.chosen is not None and table.chosen.touch.id == chosen
        overdue = sum(1 for item in ITEMS if item.overdue_days(TODAY))
        assert header(table, "Overdue") == f"Overdue · {overdue}"
        assert table.items == ITEMS
        await pilot.press("end")
        await pilot.pause()
        assert calls_in_table(table) == ids(ITEMS)


async def test_column_widths_are_those_datatable_measures() -> None:
    # GIVEN awkward names (wide characters, markup, tabs, a discreet badge) on the list
    async with TableApp().run_test(size=SIZE) as pilot:
        table = table_of(pilot)
        items = [replace(item, discreet=n % 2 == 0) for n, item in enumerate(awkward_items())]
        table.show(items, TODAY)
        await pilot.pause()
        # THEN each column is as wide as DataTable's own measuring of every cell makes it
        from textual.render import measure

        columns = table.ordered_columns
        for index, column in enumerate(columns):
            widths = [
                measure(pilot.app.console, table._get_row_renderables(row).cells[index], 1)
                for row in range(table.row_count)
            ]
            assert column.content_width == max(widths, default=0), column.key
