"""Discreet mode on every screen that shows facts, notes or what someone bought.

The private words are read from the database itself (every fact, note, outcome note,
skip reason and product name), so a screen that starts showing a new kind of private
data is caught without this file naming it.
"""

from __future__ import annotations

import html
import io
import re
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from followup_tui.db.engine import open_database
from followup_tui.domain.speech import spoken_product
from followup_tui.screens.desk import DeskScreen
from followup_tui.screens.orders import OrderScreen
from followup_tui.services import calls, due, glance, team
from followup_tui.widgets.outcome_panel import OutcomePanel
from followup_tui.widgets.touch_table import TouchTable
from followup_tui.widgets.window_table import WindowTable
from tests.conftest import SnapCompare
from tests.ui.test_desk import make_app, settle, text_of
from tests.ui.test_window_table import shown_cells

SIZE = (160, 48)


# --- what is private, and what is on screen ------------------------------------------


def private_words(path: Path) -> set[str]:
    """Every fact value, note, outcome note, reason typed for a skip and product name in
    the database."""
    with closing(sqlite3.connect(path)) as db:
        found = {value for (value,) in db.execute("SELECT value FROM facts")}
        found |= {body for (body,) in db.execute("SELECT body FROM notes")}
        found |= {note for (note,) in db.execute("SELECT note FROM outcomes WHERE note <> ''")}
        found |= {
            reason
            for (reason,) in db.execute("SELECT close_reason FROM touches WHERE status = 'skipped'")
        }
        products = [name for (name,) in db.execute("SELECT name FROM products")]
    # A script says a product as a person does: "the Linen and Cedar Soy Candle".
    found |= {*products, *(spoken_product(name).removeprefix("the ") for name in products)}
    # A kids fact of "none" is a word any screen may use; every other value is longer.
    return {word for word in found if len(word) >= 5}


SVG_TEXT = re.compile(r'<text[^>]*clip-path="url\(#[\w-]*line-(\d+)\)"[^>]*>(.*?)</text>', re.S)


def screenshot_text(pilot: Pilot[None]) -> str:
    """What the terminal shows, line by line: the screen and any screen seen under it."""
    lines: dict[int, list[str]] = {}
    for match in SVG_TEXT.finditer(pilot.app.export_screenshot()):
        lines.setdefault(int(match.group(1)), []).append(html.unescape(match.group(2)))
    return "\n".join("".join(parts) for _, parts in sorted(lines.items())).replace("\xa0", " ")


def widgets_text(pilot: Pilot[None]) -> str:
    """What the widgets of every open screen hold, scrolled out of sight or not: a card's
    last lines, a long table's last rows."""
    console = Console(width=200, record=True, file=io.StringIO())
    for screen in pilot.app.screen_stack:
        for static in screen.query(Static):
            console.print(static.content)
        for table in screen.query(DataTable):
            for row in range(table.row_count):
                console.print(" ".join(str(cell) for cell in table.get_row_at(row)))
        for window in screen.query(WindowTable):
            for row in range(window.row_count):
                if window.row_at(row) is not None:  # a page not fetched is not shown
                    console.print(" ".join(shown_cells(window, row)))
        for options in screen.query(OptionList):
            for index in range(options.option_count):
                console.print(options.get_option_at_index(index).prompt)
    return console.export_text()


def private_shown(pilot: Pilot[None], private: set[str]) -> list[str]:
    shown = screenshot_text(pilot) + "\n" + widgets_text(pilot)
    return sorted(word for word in private if word in shown)


def widget_text(pilot: Pilot[None], selector: str) -> str:
    """One widget's text: a Static, a DataTable's rows or an OptionList's options."""
    console = Console(width=200, record=True, file=io.StringIO())
    widget = pilot.app.screen.query_one(selector)
    if isinstance(widget, DataTable):
        for row in range(widget.row_count):
            console.print(" ".join(str(cell) for cell in widget.get_row_at(row)))
    elif isinstance(widget, WindowTable):
        for row in range(widget.row_count):
            console.print(" ".join(shown_cells(widget, row)))
    elif isinstance(widget, OptionList):
        for index in range(widget.option_count):
            console.print(widget.get_option_at_index(index).prompt)
    else:
        return text_of(pilot, selector)
    return console.export_text()


# --- getting there -------------------------------------------------------------------


async def to_call(pilot: Pilot[None], name: str) -> None:
    """The desk's cursor on this contact's call."""
    table = pilot.app.screen.query_one(TouchTable)
    await pilot.press("home")
    for _ in range(len(table.items)):
        chosen = table.chosen
        if chosen is not None and chosen.name == name:
            await settle(pilot)
            return
        await pilot.press("down")
    raise AssertionError(f"no call for {name} on the desk")


async def to_row(pilot: Pilot[None], selector: str, words: str) -> None:
    """A list screen's cursor on the first row that holds these words."""
    table = pilot.app.screen.query_one(selector)
    if isinstance(table, WindowTable):
        for row in range(table.row_count):
            if words in " ".join(shown_cells(table, row)):
                table.move_cursor(row)
                await settle(pilot)
                return
    assert isinstance(table, DataTable)
    for row in range(table.row_count):
        if words in " ".join(str(cell) for cell in table.get_row_at(row)):
            table.move_cursor(row=row)
            await settle(pilot)
            return
    raise AssertionError(f"no row with {words!r} in {selector}")


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    await pilot.press(*pressed)
    await settle(pilot)


async def back_to_desk(pilot: Pilot[None]) -> None:
    for _ in range(6):
        screen = pilot.app.screen
        if isinstance(screen, DeskScreen) and not screen.query_one(OutcomePanel).active:
            return
        await keys(pilot, "escape")
    raise AssertionError(f"still on {pilot.app.screen!r}")


Go = Callable[[Pilot[None]], Awaitable[None]]


@dataclass(frozen=True)
class Visit:
    what: str
    go: Go
    name: str
    """A name that must still show in discreet mode."""
    private_in: str | None = None
    """The widget showing private words when discreet mode is off: proves the visit
    reaches them. None: a screen with no private words even then (checked all the same)."""


def call(name: str, *pressed: str) -> Go:
    async def go(pilot: Pilot[None]) -> None:
        await to_call(pilot, name)
        await keys(pilot, *pressed)

    return go


def screen(key: str, *then: str, row: tuple[str, str] | None = None) -> Go:
    """Open a screen with its key; optionally put the cursor on a row, then more keys."""

    async def go(pilot: Pilot[None]) -> None:
        await keys(pilot, key)
        if row is not None:
            await to_row(pilot, *row)
        if then:
            await keys(pilot, *then)

    return go


def contact(name: str) -> Go:
    """Found on the contacts screen by name, then opened."""
    return screen("c", *name.lower(), "enter", "enter")


def reorder_call_today(path: Path, today: date) -> str:
    """A reorder call (its script names the product running out) moved onto today's
    desk; answers whose call it is."""
    with closing(sqlite3.connect(path)) as book:
        touch_id, name = book.execute(
            "SELECT t.id, c.name FROM touches t JOIN contacts c ON c.id = t.contact_id"
            " WHERE t.status = 'pending' AND t.step = 'reorder' AND t.due_on > ?"
            " ORDER BY t.due_on, t.id LIMIT 1",
            (today.isoformat(),),
        ).fetchone()
    db = open_database(f"sqlite:///{path}")
    calls.reschedule_touch(db, touch_id, today, today)
    db.dispose()
    return str(name)


@dataclass(frozen=True)
class BookNames:
    """Names each screen shows of the demo book, read the way that screen picks them."""

    reorder: str
    week_ahead: str
    quiet: str
    team: str


def book_names(path: Path, today: date) -> BookNames:
    reorder = reorder_call_today(path, today)
    db = open_database(f"sqlite:///{path}")
    try:
        week_ahead = due.upcoming(db, today)[0].name
        quiet = glance.week_at_a_glance(db, today).quiet[0].name
        team_member = team.team(db)[0].name
    finally:
        db.dispose()
    return BookNames(reorder, week_ahead, quiet, team_member)


def visits(names: BookNames) -> list[Visit]:
    reorder_name = names.reorder
    return [
        # The desk: Keisha's issue call (her note, her product), Tom's job.
        Visit("desk, an issue call", call("Keisha Washington"), "Keisha", "#contact-body"),
        Visit("desk, a lead's facts", call("Tom Reilly"), "Tom Reilly", "#contact-body"),
        Visit("desk, a reorder script", call(reorder_name), reorder_name, "#script-body"),
        Visit("Outcome pane, logging", call("Keisha Washington", "o", "r"), "Keisha"),
        # (The order form is not here: it shows the order being written, by design.)
        Visit("week ahead", screen("w"), names.week_ahead),
        Visit("glance", screen("g"), names.quiet),
        Visit("parties", screen("p"), "Holly Rossi"),
        Visit(
            "a party's guests",
            screen("p", "enter", row=("#parties-table", "Holly Rossi")),
            "Carmen Silva",
        ),
        Visit("backorders", screen("b"), "Beth Murphy", "#backorders-table"),
        Visit("team", screen("t"), names.team),
        Visit(
            "a team member",
            screen("t", "enter", row=("#team-table", names.team)),
            names.team,
            "#contact-body",
        ),
        Visit("contacts", screen("c", *"amy hayes"), "Amy Hayes"),
        # Fact, note and order; a party order; a backordered product.
        Visit("contact: Amy Hayes", contact("Amy Hayes"), "Amy Hayes", "#contact-body"),
        Visit("contact: Carmen Silva", contact("Carmen Silva"), "Carmen Silva", "#contact-body"),
        Visit("contact: Beth Murphy", contact("Beth Murphy"), "Beth Murphy", "#contact-body"),
    ]


# --- the tests -----------------------------------------------------------------------


# In two apps, half of the screens each: one app for all was a test of 30-60 s, the
# last to finish on a CI worker.
HALVES = {"first half": slice(0, 7), "second half": slice(7, None)}


@pytest.mark.parametrize("half", HALVES)
async def test_switched_on_on_each_screen(demo_path: Path, today: date, half: str) -> None:
    """Each screen shows its private words; ctrl+d there hides every one of them at once."""
    private = private_words(demo_path)
    names = book_names(demo_path, today)
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for visit in visits(names)[HALVES[half]]:
            await visit.go(pilot)
            # GIVEN the screen as it is, its private words on it
            if visit.private_in is not None:
                shown = widget_text(pilot, visit.private_in)
                assert [w for w in private if w in shown], (visit.what, shown)
            # WHEN discreet mode is switched on there
            await keys(pilot, "ctrl+d")
            # THEN none shows anywhere, and the name still does
            assert private_shown(pilot, private) == [], visit.what
            assert visit.name in screenshot_text(pilot), visit.what
            await keys(pilot, "ctrl+d")
            await back_to_desk(pilot)


@pytest.mark.parametrize("half", HALVES)
async def test_on_before_each_screen_opens(demo_path: Path, today: date, half: str) -> None:
    """Discreet mode on first: every screen opened after it is drawn without them."""
    private = private_words(demo_path)
    names = book_names(demo_path, today)
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+d")
        for visit in visits(names)[HALVES[half]]:
            await visit.go(pilot)
            assert private_shown(pilot, private) == [], visit.what
            assert visit.name in screenshot_text(pilot), visit.what
            await back_to_desk(pilot)


async def test_an_order_can_be_written_in_discreet_mode(demo_path: Path, today: date) -> None:
    """At a party: the catalogue is found as she types and the lines of the order being
    written show; the desk behind keeps her facts and notes hidden."""
    private = private_words(demo_path)
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await call("Keisha Washington")(pilot)
        await keys(pilot, "ctrl+d", "r", *"detox kit")
        # THEN the catalogue finds it
        assert "7-Day Detox Kit" in widget_text(pilot, "#order-catalogue")
        await keys(pilot, "enter", *"moist", "enter")
        lines = pilot.app.screen.query_one("#order-lines", OptionList)
        lines.focus()
        lines.highlighted = 0
        await keys(pilot, "b")
        # AND the lines show what is being ordered, and work
        assert widget_text(pilot, "#order-lines").split("\n")[:2] == [
            "1 × 7-Day Detox Kit  backorder",
            "1 × Daily Hydrating Moisturiser",
        ]
        form = pilot.app.screen
        assert isinstance(form, OrderScreen)
        assert form.backordered == {"DTX-7"}
        # AND nothing private (facts, notes, reasons) shows, the form's or behind it; the
        # catalogue's product names are the form's own business
        with closing(sqlite3.connect(demo_path)) as db:
            catalogue = {name for (name,) in db.execute("SELECT name FROM products")}
        assert private_shown(pilot, private - catalogue) == []


class TestDiscreetSnapshots:
    def test_contact_screen(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("ctrl+d", "c", *"carmen silva", "enter", "enter")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )

    def test_backorders(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("ctrl+d", "b")
            await settle(pilot)

        assert snap_compare(
            make_app(demo_path, date(2026, 11, 23)), terminal_size=(160, 48), run_before=run_before
        )

    def test_backorders_switched_on_there(
        self, snap_compare: SnapCompare, demo_path: Path, today: date
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await keys(pilot, "b")
            await keys(pilot, "ctrl+d")

        assert snap_compare(make_app(demo_path, today), terminal_size=SIZE, run_before=run_before)

    def test_party_guests(self, snap_compare: SnapCompare, demo_path: Path, today: date) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await keys(pilot, "ctrl+d")
            await screen("p", "enter", row=("#parties-table", "Holly Rossi"))(pilot)

        assert snap_compare(make_app(demo_path, today), terminal_size=SIZE, run_before=run_before)

    def test_contact_from_contacts(
        self, snap_compare: SnapCompare, demo_path: Path, today: date
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await keys(pilot, "ctrl+d")
            await contact("Amy Hayes")(pilot)  # a fact, a note and an order

        assert snap_compare(make_app(demo_path, today), terminal_size=SIZE, run_before=run_before)

    def test_order_form(self, snap_compare: SnapCompare, demo_path: Path, today: date) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            # A guest's order at Holly's party (over the party screen, not the desk's
            # script), one product in, another being typed, when discreet mode goes on.
            await settle(pilot)
            await screen("p", "enter", row=("#parties-table", "Holly Rossi"))(pilot)
            await to_row(pilot, "#party-guests", "Carmen Silva")
            await keys(pilot, "r", *"moist", "enter", *"detox")
            await keys(pilot, "ctrl+d")

        assert snap_compare(make_app(demo_path, today), terminal_size=SIZE, run_before=run_before)
