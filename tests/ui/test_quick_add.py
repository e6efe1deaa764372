"""Quick-add from the desk and `followup capture`: checked as you type, nothing lost."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Label

from followup_tui.app import FollowupApp
from followup_tui.db.engine import open_database
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.services import contact_views
from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, make_app, settle, text_of, workers_done


def error_text(pilot: Pilot[None], field: str) -> str:
    return str(pilot.app.screen.query_one(f"#{field}-error", Label).render())


class TestQuickAdd:
    async def test_bad_phone_is_refused_next_to_the_field(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a", *"Dana Whitfield", "enter", *"call me")
            await pilot.pause()
            assert error_text(pilot, "phone") == "'call me' is not a phone number"
            await pilot.press("ctrl+s")
            await pilot.pause()
            # THEN the form stays open, focus on the bad field, nothing written
            assert isinstance(pilot.app.screen, QuickAddScreen)
            assert pilot.app.focused is not None and pilot.app.focused.id == "phone"
        db = open_database(f"sqlite:///{demo_path}")
        assert contact_views.find_contacts(db, search="Whitfield") == []
        db.dispose()

    async def test_facts_line_is_split_before_saving(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a", *"Dana Whitfield", "enter", *"202 555 0199", "enter")
            await pilot.press("enter", *"the farmers market", "enter")
            await pilot.press(*"perfume: Chanel No 5, kids: 2 (Emma 6, Leo 3), job: nurse")
            await pilot.pause()
            preview = text_of(pilot, "#facts-preview")
            assert "perfume: Chanel No 5" in preview
            assert "kids: 2 (Emma 6, Leo 3)" in preview
            assert "job: nurse" in preview
            # Enter goes on to the kind, then the note, and saves there: the last field
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, QuickAddScreen)
            await pilot.press("enter")
            await settle(pilot)
            said = text_of(pilot, "#outcome")
        assert "Added Dana Whitfield" in said
        db = open_database(f"sqlite:///{demo_path}")
        dana = contact_views.find_contacts(db, search="Whitfield")[0]
        detail = contact_views.contact_detail(db, dana.id, today)
        assert dana.phone == "+12025550199"
        assert detail.contact.met_at == "the farmers market"
        assert detail.facts == {
            "perfume": "Chanel No 5",
            "kids": "2 (Emma 6, Leo 3)",
            "job": "nurse",
        }
        # A lead met today: Day 3 is the first call
        assert [p.touch.due for p in detail.pending] == [today + timedelta(days=3)]
        db.dispose()

    async def test_escape_twice_to_discard(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a", *"Somebody", "escape")
            await pilot.pause()
            assert isinstance(pilot.app.screen, QuickAddScreen)  # first escape warns
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(pilot.app.screen, QuickAddScreen)

    def test_validation_error_snapshot(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("a", *"Dana Whitfield", "enter", *"call me", "enter")
            await settle(pilot)
            await pilot.press(*"dana@example", "enter", "enter")
            await settle(pilot)
            await pilot.press(*"perfume: Chanel No 5, kids: 2")
            await settle(pilot)

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


class TestCapture:
    async def test_capture_saves_and_exits(self, demo_path: Path, today: date) -> None:
        app = FollowupApp(f"sqlite:///{demo_path}", today, capture=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"Rita Moreno", "enter", "enter", "enter", *"the gym", "enter")
            await pilot.press("enter", "enter", "enter")  # facts, kind, note: saved
            await workers_done(app)
            await pilot.pause()
        assert app.return_code == 0
        db = open_database(f"sqlite:///{demo_path}")
        assert [c.met_at for c in contact_views.find_contacts(db, search="Rita Moreno")] == [
            "the gym"
        ]
        db.dispose()
