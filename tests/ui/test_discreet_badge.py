"""A contact marked discreet (call only, no texts or voicemail details) says so on the
desk: a badge on her row and her card, and her script's first words are about voicemail.
Not discreet mode (ctrl+d), which hides what is private from the screen."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Checkbox

from followup_tui.db.engine import open_database
from followup_tui.services import contact_views, contacts
from followup_tui.widgets.touch_table import TouchTable
from tests.ui.test_desk import make_app, settle, text_of
from tests.ui.test_discreet import keys, screenshot_text, to_call

SIZES = [(80, 24), (160, 48)]


def mark_discreet(path: Path, today: date, *names: str) -> None:
    """What the edit form's discreet box saves."""
    db = open_database(f"sqlite:///{path}")
    try:
        for name in names:
            found = contact_views.find_contacts(db, search=name)[0]
            edit = replace(contacts.editable(db, found.id), discreet=True)
            contacts.update_contact(db, found.id, edit, today)
    finally:
        db.dispose()


def row_of(table: TouchTable, name: str) -> list[str]:
    """The cells of a contact's row, as text."""
    for item in table.items:
        if item.name == name:
            return [str(cell) for cell in table.get_row(str(item.touch.id))]
    raise AssertionError(f"no row for {name}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_badge_on_her_row_and_card(
    demo_path: Path, today: date, size: tuple[int, int]
) -> None:
    # GIVEN Carmen (a guest at Holly's party) and Dana (a new leader, texted on Mondays),
    # both due today, marked discreet
    mark_discreet(demo_path, today, "Carmen Silva", "Dana Kim")
    async with make_app(demo_path, today).run_test(size=size) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(TouchTable)
        # WHEN the desk opens on the list / THEN their rows say discreet, nobody else's do
        assert row_of(table, "Carmen Silva")[0] == "Carmen Silva discreet"
        assert row_of(table, "Holly Rossi")[0] == "Holly Rossi"
        badged = [item.name for item in table.items if "discreet" in row_of(table, item.name)[0]]
        assert sorted(badged) == ["Carmen Silva", "Dana Kim"]
        # AND Dana's Monday text is a call
        assert row_of(table, "Dana Kim")[2] == "call"

        # WHEN Carmen's call is chosen
        await to_call(pilot, "Carmen Silva")
        card = text_of(pilot, "#contact-body")
        script = text_of(pilot, "#script-body")
        screen = screenshot_text(pilot)
    # THEN her card's first line says discreet, and the script opens with her voicemail
    assert card.splitlines()[0].split() == ["Carmen", "Silva", "customer", "discreet"]
    assert script.startswith("Discreet: on Carmen's voicemail, no detail, only")
    assert "Alex, please call me back" in " ".join(script.split())
    # AND on the terminal itself: her row with its badge, and the card's
    assert "Carmen Silva discreet" in screen
    assert sum("discreet" in line for line in screen.splitlines()) >= 2


async def test_not_discreet_no_badge_and_no_voicemail_line(demo_path: Path, today: date) -> None:
    # GIVEN nobody marked discreet / WHEN Carmen's call is chosen
    async with make_app(demo_path, today).run_test(size=SIZES[0]) as pilot:
        await settle(pilot)
        await to_call(pilot, "Carmen Silva")
        card = text_of(pilot, "#contact-body")
        script = text_of(pilot, "#script-body")
    # THEN no badge, and the script starts with the greeting
    assert "discreet" not in card
    assert script.startswith("Good morning Carmen")


async def test_ticked_in_the_edit_form_the_badge_shows(demo_path: Path, today: date) -> None:
    async with make_app(demo_path, today).run_test(size=SIZES[1]) as pilot:
        await settle(pilot)
        await to_call(pilot, "Dana Kim")
        assert "discreet" not in text_of(pilot, "#contact-body")
        # WHEN her contact screen's edit form is saved with the discreet box ticked
        await keys(pilot, "enter", "e")
        pilot.app.screen.query_one("#discreet", Checkbox).value = True
        await keys(pilot, "ctrl+s")
        # THEN her card there says so
        assert "discreet" in text_of(pilot, "#contact-body").splitlines()[0]
        # AND back on the desk, her row and card do too, and her Monday text is a call
        await keys(pilot, "escape")
        await settle(pilot)
        table = pilot.app.screen.query_one(TouchTable)
        await to_call(pilot, "Dana Kim")
        dana = row_of(table, "Dana Kim")
        card = text_of(pilot, "#contact-body")
    assert dana[0] == "Dana Kim discreet"
    assert dana[2] == "call"
    assert "discreet" in card.splitlines()[0]
    with closing(sqlite3.connect(demo_path)) as db:
        stored = db.execute(
            "SELECT c.discreet, t.channel FROM touches t JOIN contacts c ON c.id = t.contact_id"
            " WHERE c.name = 'Dana Kim' AND t.status = 'pending'"
        ).fetchall()
    assert stored and all(row == (1, "call") for row in stored)
