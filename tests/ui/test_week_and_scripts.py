"""Scripts filled from what the contact's record holds; the week ahead opens a contact;
the glance counts in words that agree with their numbers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from sqlalchemy import select

from followup_tui.db.engine import Database, open_database
from followup_tui.db.models import ContactRow, TouchRow
from followup_tui.domain.glance import Quiet
from followup_tui.domain.model import Kind, Level, Outcome, Reach, Said
from followup_tui.domain.scripts import RenderedScript
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.glance import describe_quiet, describe_week
from followup_tui.screens.week_ahead import WeekAheadScreen
from followup_tui.services import calls, contact_views, glance, team
from followup_tui.services import due as due_lists
from followup_tui.services import scripts as script_service
from followup_tui.widgets.window_table import WindowTable
from tests.ui.test_desk import SIZE, make_app, settle
from tests.ui.test_window_table import shown_cells


@pytest.fixture
def db(demo_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{demo_path}")
    yield database
    database.dispose()


def _due_today(db: Database, today: date, name: str) -> int:
    """The id of the touch due today for the demo contact of that name."""
    (touch_id,) = [d.touch.id for d in due_lists.todays_calls(db, today) if d.name == name]
    return touch_id


def _contact_of(db: Database, touch_id: int) -> int:
    with db.read() as session:
        touch = session.get(TouchRow, touch_id)
        assert touch is not None
        return touch.contact_id


def _words(script: RenderedScript) -> str:
    return "\n".join((script.text, *script.checklist, *script.questions))


def _issue_call_of(db: Database, today: date, playbook: str, *, with_orders: bool) -> int:
    """An issue follow-up, made the way a user makes one: a demo contact's call on that
    playbook (with orders or none), due today or in the weeks ahead, is logged "reached,
    an issue" today."""
    for due in [*due_lists.todays_calls(db, today), *due_lists.upcoming(db, today, days=60)]:
        if due.touch.playbook != playbook or due.touch.order_id is not None:
            continue
        if bool(contact_views.contact_detail(db, due.touch.contact_id, today).orders) is not (
            with_orders
        ):
            continue
        logged = calls.log_outcome(db, due.touch.id, Outcome(Reach.REACHED, Said.ISSUE), today)
        [issue] = [s for s in logged.scheduled if "Issue" in s.title]
        return issue.touch_id
    raise AssertionError(f"no {playbook} call in the demo's next two months")


class TestScriptValues:
    def test_issue_call_names_the_latest_order(self, db: Database, today: date) -> None:
        # GIVEN a customer between playbooks (her rhythm check-in), with an issue logged
        touch_id = _issue_call_of(db, today, "customer-care", with_orders=True)
        [latest, *_] = contact_views.contact_detail(db, _contact_of(db, touch_id), today).orders
        product = latest.lines[0].product_name
        # WHEN her issue follow-up's script is rendered
        script = script_service.script_for_touch(db, touch_id, today)
        # THEN it names what she ordered last, and no blank is left
        assert product in script.text
        assert script.blanks == ()

    def test_issue_call_without_an_order_says_nothing_odd(self, db: Database, today: date) -> None:
        # GIVEN a prospect with an issue logged and no order at all
        touch_id = _issue_call_of(db, today, "prospect", with_orders=False)
        # WHEN the issue follow-up's script is rendered
        script = script_service.script_for_touch(db, touch_id, today)
        # THEN no product is guessed at, and no blank is left
        assert script.blanks == ()
        assert "[" not in script.text
        assert "the trouble you mentioned" in script.text

    def test_discreet_hides_the_latest_orders_product(self, db: Database, today: date) -> None:
        touch_id = _issue_call_of(db, today, "customer-care", with_orders=True)
        [latest, *_] = contact_views.contact_detail(db, _contact_of(db, touch_id), today).orders
        script = script_service.script_for_touch(db, touch_id, today, discreet=True)
        assert latest.lines[0].product_name not in _words(script)
        assert "(hidden)" in script.text

    def test_lead_without_a_perfume_hears_no_compliment(self, db: Database, today: date) -> None:
        # GIVEN Tom, a trainer met at the gym, with no perfume noted
        touch_id = _due_today(db, today, "Tom Reilly")
        # WHEN his first call's script is rendered
        script = script_service.script_for_touch(db, touch_id, today)
        # THEN the perfume line is left out, and the rest is filled in
        assert "perfume" not in _words(script).lower()
        assert "We met at the gym" in script.text
        assert script.blanks == ()

    def test_demo_morning_has_no_blank(self, db: Database, today: date) -> None:
        # GIVEN every touch due on the demo morning
        # WHEN each script is rendered / THEN none has a gap the data could have filled
        blanks = {
            (d.name, d.touch.step): script_service.script_for_touch(db, d.touch.id, today).blanks
            for d in due_lists.todays_calls(db, today)
        }
        assert {key: found for key, found in blanks.items() if found} == {}

    def test_every_pending_demo_touch_is_filled_in(self, db: Database, today: date) -> None:
        # GIVEN every touch still to make in the demo, whenever due
        with db.read() as session:
            pending = session.execute(
                select(TouchRow.id, TouchRow.playbook, TouchRow.step).where(
                    TouchRow.status == "pending"
                )
            ).all()
        # WHEN / THEN each renders without a blank
        found = {
            (touch_id, playbook, step): blanks
            for touch_id, playbook, step in pending
            if (blanks := script_service.script_for_touch(db, touch_id, today).blanks)
        }
        assert found == {}

    @pytest.mark.parametrize(
        ("title", "said"), [("Holiday kick-off", "Holiday kick-off"), (None, "the team event")]
    )
    def test_team_event_calls_name_the_event(
        self, db: Database, today: date, title: str | None, said: str
    ) -> None:
        # GIVEN a team event on Thursday, with or without a title
        team.new_event(db, "team-event", date(2026, 11, 26), today, title=title)
        with db.read() as session:
            touches = session.scalars(
                select(TouchRow).where(
                    TouchRow.status == "pending",
                    TouchRow.step.in_(("wednesday-check-in", "team-ready", "day-of")),
                )
            ).all()
            steps = {t.step: t.id for t in touches}
        assert set(steps) == {"wednesday-check-in", "team-ready", "day-of"}
        # WHEN the event's calls are rendered
        scripts = {step: script_service.script_for_touch(db, i, today) for step, i in steps.items()}
        # THEN each names the event and, where asked, its date; nothing is blank
        assert all(said in s.text and s.blanks == () for s in scripts.values())
        assert "Thursday 26 November" in scripts["wednesday-check-in"].text

    def test_senior_partner_appointment_reads_well(self, db: Database, today: date) -> None:
        [partner, *_] = [m for m in team.team(db) if m.level is Level.SENIOR_PARTNER]
        team.new_event(
            db, "appointment", date(2026, 11, 30), today, with_contact=partner.contact_id
        )
        with db.read() as session:
            touch_id = session.scalar(
                select(TouchRow.id).where(TouchRow.status == "pending", TouchRow.step == "confirm")
            )
        assert touch_id is not None
        script = script_service.script_for_touch(db, touch_id, today)
        assert "tomorrow: your appointment with my team, on Monday 30 November." in script.text
        assert script.blanks == ()


class TestWeekAhead:
    async def test_enter_opens_the_rows_contact(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, WeekAheadScreen)
            table = screen.query_one("#ahead", WindowTable)
            assert table.has_focus and table.row_count > 2
            # WHEN the second row is chosen and enter pressed
            await pilot.press("down", "enter")
            await settle(pilot)
            # THEN that row's contact opens
            opened = pilot.app.screen
            assert isinstance(opened, ContactScreen)
            row = table.row_at(1)
            assert row is not None
            who = row.cells[1].plain
            with open_database(f"sqlite:///{demo_path}").read() as session:
                contact = session.get(ContactRow, opened.contact_id)
                assert contact is not None and contact.name == who
            # AND escape comes back to the week, on the same row
            await pilot.press("escape")
            await settle(pilot)
            assert pilot.app.screen is screen
            assert table.cursor_row == 1

    async def test_week_ahead_rows(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            table = pilot.app.screen.query_one("#ahead", WindowTable)
            days = [shown_cells(table, i)[0] for i in range(table.row_count)]
        # Jenna's detox confirmation is due Wednesday; today's calls are on the desk
        assert "Wed 25 Nov" in days
        assert "Mon 23 Nov" not in days


def _text(renderable: RenderableType) -> str:
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(renderable)
    return " ".join(console.export_text().split())


class TestGlanceWords:
    def test_one_of_each_is_singular(self, today: date) -> None:
        quiet = Quiet(1, "Ann Lee", Kind.CIRCLE, date(2026, 8, 1), rhythm=1, days=2)
        stats = glance.WeekStats(today, 1, 1, 1, 1, 1, [quiet])
        week = _text(describe_week(stats, today))
        assert "1 call made" in week
        assert "1 party booked" in week
        assert "1 reorder " in week + " "
        assert "1 new team member" in week
        assert "1 days" not in _text(describe_quiet(stats))
        assert "1 day" in _text(describe_quiet(stats))

    def test_many_and_none_are_plural(self, today: date) -> None:
        quiet = Quiet(1, "Ann Lee", Kind.CIRCLE, date(2026, 8, 1), rhythm=90, days=120)
        stats = glance.WeekStats(today, 0, 2, 3, 0, 2, [quiet])
        week = _text(describe_week(stats, today))
        assert "0 calls made" in week
        assert "3 parties booked" in week
        assert "0 reorders" in week
        assert "2 new team members" in week
        assert "90 days" in _text(describe_quiet(stats))
        assert "30 days" in _text(describe_quiet(stats))
