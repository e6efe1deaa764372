"""The desk's `/` filter: today's list narrows as she types; the card follows; a call
logged from the filtered list is saved; esc brings the whole list back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from followup_tui.db.engine import open_database
from followup_tui.domain.model import Reach
from followup_tui.services import contact_views
from followup_tui.widgets.touch_table import TouchTable
from tests.ui.test_desk import SIZE, make_app, names, settle, text_of


async def test_slash_filters_the_list_and_esc_brings_it_back(demo_path: Path, today: date) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        everyone = names(pilot)
        assert "Keisha Washington" in everyone and len(everyone) > 3
        # WHEN she presses / and types a name (letters that are desk keys among them)
        await pilot.press("slash", *"keisha")
        await settle(pilot)
        # THEN the list holds her alone, and the card follows
        assert names(pilot) == ["Keisha Washington"]
        assert "Keisha Washington" in text_of(pilot, "#contact-body")
        assert "match" in str(pilot.app.screen.query_one(TouchTable).border_title)
        # WHEN a kind is typed instead / THEN the calls of that kind
        field = pilot.app.screen.query_one("#today-filter", Input)
        field.value = "referral"
        await settle(pilot)
        items = list(pilot.app.screen.query_one(TouchTable).items)
        assert items[0].name == "Maria Lopez" and len(items) < len(everyone)
        assert all("referral" in f"{i.kind.value} {i.title}".lower() for i in items)
        # WHEN enter goes to the list and the first call is logged (no answer)
        await pilot.press("enter", "o", "n", "enter")
        await settle(pilot)
        # THEN it is saved, and the filtered list goes on without it
        assert names(pilot) == [i.name for i in items[1:]]
        # WHEN esc / THEN the whole list is back, less the call worked
        await pilot.press("escape")
        await settle(pilot)
        assert names(pilot) == [n for n in everyone if n != "Maria Lopez"]
        assert not field.display
    db = open_database(f"sqlite:///{demo_path}")
    maria = contact_views.find_contacts(db, search="Maria Lopez")[0]
    assert [h.reach for h in contact_views.contact_detail(db, maria.id, today).history] == [
        Reach.NO_ANSWER
    ]
    db.dispose()
