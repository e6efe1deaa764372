"""The team view from the app: a new event with a new partner's assignment, and a
member's level shown fresh after it is changed on her card (issue 4, Team)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, SelectionList

from followup_tui.app import FollowupApp
from followup_tui.db.engine import open_database
from followup_tui.domain.model import ContactChanges, Kind, Level, NewContact
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.edit_contact import EditContactScreen
from followup_tui.screens.new_event import NewEventScreen
from followup_tui.screens.team import TeamScreen
from followup_tui.services import adding, contact_views, contacts, team
from followup_tui.widgets.window_table import WindowTable
from tests.ui.test_desk import SIZE, settle
from tests.ui.test_window_table import shown_cells

MONDAY = date(2026, 11, 23)
FRIDAY = "2026-12-04"


def a_team(path: Path) -> dict[str, int]:
    """Two new partners and a new leader, added a week before."""
    db = open_database(f"sqlite:///{path}")
    added = date(2026, 11, 16)

    def member(name: str, level: Level) -> int:
        return adding.add_contact(db, NewContact(name, Kind.TEAM, level=level), added)

    ids = {
        "abe": member("Abe Assigned", Level.NEW_PARTNER),
        "nina": member("Nina Partner", Level.NEW_PARTNER),
        "leo": member("Leo Leader", Level.NEW_LEADER),
    }
    db.dispose()
    return ids


def event_steps(path: Path, contact_id: int) -> list[tuple[str, str]]:
    """(step, due) of the pending touches events gave a contact, soonest first."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT t.step, t.due_on FROM touches t JOIN runs r ON r.id = t.run_id"
            " WHERE r.event_id IS NOT NULL AND t.contact_id = ? AND t.status = 'pending'"
            " ORDER BY t.due_on, t.id",
            (contact_id,),
        ).fetchall()
    return [(str(step), str(due)) for step, due in rows]


def events(path: Path) -> list[tuple[str, str]]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT kind, held_on FROM events ORDER BY id").fetchall()


def levels(pilot: Pilot[None]) -> dict[str, str]:
    table = pilot.app.screen.query_one("#team-table", WindowTable)
    rows = [shown_cells(table, row) for row in range(table.row_count)]
    return {row[0]: row[1] for row in rows}


def error(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Label).content)


async def open_event_form(pilot: Pilot[None]) -> NewEventScreen:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TeamScreen)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NewEventScreen)
    return screen


async def test_a_new_partner_is_given_an_assignment_from_the_app(tmp_path: Path) -> None:
    # GIVEN two new partners and a new leader
    path = tmp_path / "team.db"
    ids = a_team(path)

    async with FollowupApp(f"sqlite:///{path}", MONDAY).run_test(size=SIZE) as pilot:
        # WHEN a team event is entered for Friday, Abe ticked as presenting
        screen = await open_event_form(pilot)
        partners = screen.query_one("#event-assignments", SelectionList)
        # only the new partners are offered, by name
        assert [str(partners.get_option_at_index(i).prompt) for i in range(2)] == [
            "Abe Assigned",
            "Nina Partner",
        ]
        assert partners.option_count == 2
        await pilot.press(*FRIDAY, "tab", *"Training", "tab", "space", "ctrl+s")
        await settle(pilot)

        # THEN the form closes, and the team view is back
        assert isinstance(pilot.app.screen, TeamScreen)

    # AND Abe alone gets the call the day after the event, as from the CLI
    assert events(path) == [("team-event", FRIDAY)]
    assert event_steps(path, ids["abe"]) == [
        ("midweek", "2026-12-02"),
        ("day-of", FRIDAY),
        ("day-after", "2026-12-05"),
    ]
    assert event_steps(path, ids["nina"]) == [("midweek", "2026-12-02"), ("day-of", FRIDAY)]


async def test_an_assignment_where_it_brings_no_call_is_refused_beside_the_field(
    tmp_path: Path,
) -> None:
    # GIVEN the new-event form, Abe ticked
    path = tmp_path / "team.db"
    a_team(path)
    async with FollowupApp(f"sqlite:///{path}", MONDAY).run_test(size=SIZE) as pilot:
        screen = await open_event_form(pilot)
        await pilot.press(*FRIDAY, "tab", "tab", "space")

        # WHEN the event is a new catalogue, which reaches leads and not new partners
        screen.query_one("#event-kind", Select).value = "new-catalogue"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)

        # THEN the form stays open, with the reason next to the assignments
        assert pilot.app.screen is screen
        assert error(pilot, "#event-assignment-error").startswith(
            "new-catalogue takes no assignment: only team-event, big-event, conference-call"
        )
        # AND unticking Abe lets it through
        await pilot.press("space")
        assert error(pilot, "#event-assignment-error") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TeamScreen)
    assert events(path) == [("new-catalogue", FRIDAY)]


async def test_a_refusal_from_the_book_keeps_the_form_open(tmp_path: Path) -> None:
    # GIVEN the new-event form with Abe ticked
    path = tmp_path / "team.db"
    ids = a_team(path)
    async with FollowupApp(f"sqlite:///{path}", MONDAY).run_test(size=SIZE) as pilot:
        screen = await open_event_form(pilot)
        await pilot.press(*FRIDAY, "tab", "tab", "space")

        # WHEN Abe has become a new leader meanwhile (another window, say)
        db = open_database(f"sqlite:///{path}")
        abe = contact_views.contact_detail(db, ids["abe"], MONDAY).contact
        changes = ContactChanges(
            abe.name, Kind.TEAM, Level.NEW_LEADER, None, None, None, None, False, False
        )
        contacts.update_contact(db, ids["abe"], changes, MONDAY)
        db.dispose()
        await pilot.press("ctrl+s")
        await settle(pilot)

        # THEN the form stays open and says why; nothing is entered
        assert pilot.app.screen is screen
        assert "Abe Assigned is not a new partner" in error(pilot, "#event-save-error")
        assert screen.query_one("#event-on", Input).value == FRIDAY
    assert events(path) == []


async def test_the_team_view_shows_a_level_changed_on_her_card(tmp_path: Path) -> None:
    # GIVEN the team view
    path = tmp_path / "team.db"
    a_team(path)
    async with FollowupApp(f"sqlite:///{path}", MONDAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert levels(pilot)["Abe Assigned"] == "new partner"

        # WHEN Abe's card is opened, and her level changed to new leader and saved
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ContactScreen)
        await pilot.press("e")
        await settle(pilot)
        edit = pilot.app.screen
        assert isinstance(edit, EditContactScreen)
        edit.query_one("#level", Select).value = Level.NEW_LEADER
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)

        # ... and the card closed
        await pilot.press("escape")
        await settle(pilot)

        # THEN the team view shows her new level
        assert isinstance(pilot.app.screen, TeamScreen)
        assert levels(pilot)["Abe Assigned"] == "new leader"


def test_new_partners_only_are_offered() -> None:
    # A form given the whole team offers only the new partners an assignment.
    member = team.TeamMember(1, "Abe Assigned", Level.NEW_PARTNER, None, None)
    leader = replace(member, contact_id=2, name="Leo Leader", level=Level.NEW_LEADER)
    form = NewEventScreen(MONDAY, [member, leader])
    assert [p.name for p in form.partners] == ["Abe Assigned"]


async def test_an_appointment_names_whose_it_is_and_reminds_her_alone(tmp_path: Path) -> None:
    # GIVEN a team with two senior partners
    path = tmp_path / "team.db"
    ids = a_team(path)
    db = open_database(f"sqlite:///{path}")
    sue, ann = (
        adding.add_contact(db, NewContact(name, Kind.TEAM, level=Level.SENIOR_PARTNER), MONDAY)
        for name in ("Sue Senior", "Ann Senior")
    )
    db.dispose()
    async with FollowupApp(f"sqlite:///{path}", MONDAY).run_test(size=SIZE) as pilot:
        screen = await open_event_form(pilot)
        await pilot.press(*FRIDAY)
        # The "with" picker is there for an appointment only
        assert not screen.query_one("#event-with", Select).display
        screen.query_one("#event-kind", Select).value = "appointment"
        await pilot.pause()
        assert screen.query_one("#event-with", Select).display

        # WHEN she saves without saying whose appointment it is
        await pilot.press("ctrl+s")
        await settle(pilot)
        # THEN the form stays open and asks, next to the picker; nothing is entered
        assert pilot.app.screen is screen
        assert error(pilot, "#event-with-error") == "whose appointment is it? pick her"
        assert events(path) == []

        # WHEN she picks Sue
        screen.query_one("#event-with", Select).value = sue
        await pilot.pause()
        assert error(pilot, "#event-with-error") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TeamScreen)

    # THEN Sue alone is reminded: not Ann, not the new partners
    assert events(path) == [("appointment", FRIDAY)]
    assert event_steps(path, sue) != []
    assert event_steps(path, ann) == []
    assert event_steps(path, ids["abe"]) == []
