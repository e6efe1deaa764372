"""A page pasted into the contacts search box is cut to MAX_SEARCH characters and that
is searched (issue 16, item 14): the box does not hold 128 KB read against every note."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from followup_tui.validation import MAX_SEARCH
from tests.ui.test_contacts import rows
from tests.ui.test_desk import SIZE, make_app, settle
from tests.ui.test_form_input import paste


async def test_a_pasted_page_is_cut_and_searched(demo_path: Path, today: date) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await paste(pilot, "#contacts-query", "chanel" + " " * 131_066)
        await settle(pilot)
        query = pilot.app.screen.query_one("#contacts-query", Input)
        assert query.value == "chanel" + " " * (MAX_SEARCH - 6)
        names = [row["Name"] for row in rows(pilot)]
        assert "Jenna Brooks" in names
