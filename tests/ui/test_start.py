"""The start (issue 17): what can wait comes after the first frame, and work in the
background gives way to her keys."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import sys
from pathlib import Path

from textual.widget import Widget

from followup_tui.first_opens import MODULES, STYLED
from followup_tui.later_styles import AFTER_FIRST_FRAME_CSS
from followup_tui.widgets.touch_table import TouchTable
from tests.conftest import TODAY
from tests.ui.test_desk import SIZE, make_app, names, settle


async def test_collection_resumes_once_the_first_frame_is_painted(demo_path: Path) -> None:
    app = make_app(demo_path, TODAY)
    app.collect_when_ready = True  # as the command line leaves it (cli/launch.py)
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert names(pilot)
    finally:
        gc.unfreeze()
        gc.enable()


async def test_styles_of_the_screens_not_shown_are_read_after_the_first_frame(
    demo_path: Path,
) -> None:
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        read = {Path(path).name for path, _ in pilot.app.stylesheet.source}
        assert {Path(path).name for path in AFTER_FIRST_FRAME_CSS} <= read


async def test_her_keys_are_told_to_the_background_work(demo_path: Path) -> None:
    app = make_app(demo_path, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(TouchTable)
        before = table.cursor_row
        await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row != before
        assert app.ctx.quiet.last_key > float("-inf")


async def test_the_screens_modules_are_warmed_once_the_book_is_open(demo_path: Path) -> None:
    app = make_app(demo_path, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.ctx.is_open
        assert await asyncio.to_thread(app.warming.done.wait, 30)
        assert set(MODULES) <= set(sys.modules)
        # Warming leaves her keys to the desk as before.
        table = pilot.app.screen.query_one(TouchTable)
        before = table.cursor_row
        await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row != before
        # The first `c` finds every style it needs read already: none is parsed on its key.
        read = set(app.stylesheet.source)
        await pilot.press("c")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactsScreen"
        assert set(app.stylesheet.source) - read == set()


def test_every_warmed_module_and_widget_exists() -> None:
    # A step that fails is passed over in silence: a renamed module would be warmed no more.
    assert [name for name in MODULES if importlib.util.find_spec(name) is None] == []
    for module, name in STYLED:
        assert issubclass(getattr(importlib.import_module(module), name), Widget)
