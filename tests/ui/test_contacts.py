"""Finding a contact, opening it, editing it; and undo on the desk."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label

from followup_tui.db.engine import open_database
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.contacts import ContactsScreen
from followup_tui.services import contact_views
from followup_tui.widgets.window_table import WindowTable
from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, make_app, names, settle, text_of


def rows(pilot: Pilot[None]) -> list[dict[str, str]]:
    """The contacts table's rows fetched so far, each by its column titles (and "key")."""
    table = pilot.app.screen.query_one("#contacts-table", WindowTable)
    titles = [column.title for column in table.columns]
    found = []
    for index in range(table.row_count):
        row = table.row_at(index)
        if row is not None:
            cells = zip(titles, row.cells, strict=True)
            found.append({"key": row.key} | {title: cell.plain for title, cell in cells})
    return found


def shown(pilot: Pilot[None]) -> list[str]:
    return [row["Name"] for row in rows(pilot)]


class TestContacts:
    async def test_fuzzy_search_finds_a_misspelt_name(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactsScreen)
            await pilot.press(*"jena broks")
            await settle(pilot)
            assert shown(pilot)[0] == "Jenna Brooks"

    async def test_kind_filter(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            pilot.app.screen.query_one("#contacts-kind").value = "referral-partner"  # type: ignore[attr-defined]
            await settle(pilot)
            kinds = {row["Kind"] for row in rows(pilot)}
        assert kinds == {"referral-partner"}

    async def test_open_and_edit_with_inline_errors(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await pilot.press(*"amy miller", "enter", "enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
            assert "Amy Miller" in text_of(pilot, "#contact-body")
            await pilot.press("e")
            await pilot.pause()
            await pilot.press("tab", "tab", "tab", "tab")  # name, kind, (level hidden), phone
            phone = pilot.app.screen.query_one("#phone")
            phone.value = "not a number"  # type: ignore[attr-defined]
            await pilot.pause()
            error = str(pilot.app.screen.query_one("#phone-error", Label).render())
            assert "is not a phone number" in error
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen.query_one("#phone-error")  # still open: nothing saved
            phone.value = "(202) 555-0177"  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(pilot)
        db = open_database(f"sqlite:///{demo_path}")
        amy = contact_views.find_contacts(db, search="Amy Miller")[0]
        assert amy.phone == "+12025550177"
        db.dispose()

    async def test_a_fact_is_found_with_its_words_and_down_goes_to_the_results(
        self, demo_path: Path, today: date
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            query = pilot.app.screen.query_one("#contacts-query", Input)
            assert "facts" in query.placeholder and "notes" in query.placeholder
            await pilot.press(*"chanel")
            await settle(pilot)
            table = pilot.app.screen.query_one("#contacts-table", WindowTable)
            found = {row["Name"]: row["Found in"] for row in rows(pilot)}
            assert found["Jenna Brooks"] == "perfume: Chanel No 5"
            # WHEN discreet mode is on / THEN the fact is named, not shown
            await pilot.app.run_action("toggle_discreet")
            await settle(pilot)
            jenna = next(row for row in rows(pilot) if "Jenna" in row["Name"])
            assert jenna["Found in"] == "fact (hidden)"
            # WHEN down is pressed in the search box / THEN the results have the keys
            await pilot.press("down")
            assert table.has_focus
            # and Enter there opens the contact under the cursor
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)

    def test_search_snapshot(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await pilot.press(*"chanel")  # a fact: the words show in "Found in"
            await settle(pilot)

        app = make_app(demo_path, date(2026, 11, 23))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


class TestUndo:
    async def test_undo_puts_the_touch_back(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            before = names(pilot)
            await pilot.press("o", "r", "x", "enter")  # Maria: not interested
            await settle(pilot)
            # Sally, who sent her, is thanked all the same (no details said)
            assert [n for n in names(pilot) if n != "Sally Jensen"] == before[1:]
            assert "Sally Jensen" in names(pilot) and "Sally Jensen" not in before
            await pilot.press("u")
            await settle(pilot)
            # THEN all of it is taken back, Sally's thank-you call too
            assert names(pilot) == before
            assert "Undone" in text_of(pilot, "#outcome")
        db = open_database(f"sqlite:///{demo_path}")
        maria = contact_views.find_contacts(db, search="Maria Lopez")[0]
        assert contact_views.contact_detail(db, maria.id, today).history == []
        db.dispose()


async def test_each_shown_contact_has_its_next_call_date(demo_path: Path, today: date) -> None:
    # The dates come after the list (a big book's list would wait a second for all of them)
    async with make_app(demo_path, today).run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        shown = {row["Name"]: row["Next"] for row in rows(pilot)}
    db = open_database(f"sqlite:///{demo_path}")
    expected = {
        line.name: f"{line.next_due:%d %b %Y}" if line.next_due else ""
        for line in contact_views.contact_lines(db)
    }
    db.dispose()
    assert shown and all(shown[name] == expected[name] for name in shown)
    assert any(shown.values())


async def test_next_dates_show_whole_on_the_first_open(demo_path: Path, today: date) -> None:
    # The dates arrive after the rows; the column was once as wide as "Next" ("03 D").
    async with make_app(demo_path, today).run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = pilot.app.screen.query_one("#contacts-table", WindowTable)
        height = table.scrollable_content_region.height
        lines = [table.render_line(y).text for y in range(1, height)]
        ids = [int(row["key"]) for row in rows(pilot)[: height - 1]]
    db = open_database(f"sqlite:///{demo_path}")
    due = {line.id: line.next_due for line in contact_views.contact_lines(db)}
    db.dispose()
    dated = [(due[cid], line) for cid, line in zip(ids, lines, strict=False) if due[cid]]
    assert dated, "some contact on screen has a next call"
    for when, line in dated:
        assert f"{when:%d %b %Y}" in line, line


async def test_end_shows_the_last_contact_by_name_fetched_as_the_cursor_nears_it(
    demo_path: Path, today: date
) -> None:
    # GIVEN the contacts screen on a book of more contacts than its first window
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = pilot.app.screen.query_one("#contacts-table", WindowTable)
        total = table.row_count
        # WHEN she goes to the results and presses End
        await pilot.press("enter", "end")
        await settle(pilot)
        # THEN the cursor is on the last contact by name, and its row is drawn
        last = rows(pilot)[-1]
    with closing(sqlite3.connect(demo_path)) as connection:
        everyone = connection.execute("SELECT id, name FROM contacts ORDER BY name, id").fetchall()
    assert total == len(everyone) > 100  # more than a window: the rest came on demand
    assert (int(last["key"]), last["Name"]) == everyone[-1]
    assert table.cursor_key == str(everyone[-1][0])


async def test_the_search_is_kept_between_opens_until_the_book_changes(
    demo_path: Path, today: date
) -> None:
    app = make_app(demo_path, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        kept = app.ctx.search_book
        assert kept is not None
        # WHEN she goes back and opens it again, nothing written since
        await pilot.press("escape", "c")
        await settle(pilot)
        # THEN the same one is searched (not read again)
        assert app.ctx.search_book is kept
        # WHEN another window renames someone, and she opens the contacts again
        await pilot.press("escape")
        with closing(sqlite3.connect(demo_path)) as connection, connection:
            connection.execute("UPDATE contacts SET name = 'Zelda Quorn' WHERE name = 'Amy Miller'")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"quorn")
        await settle(pilot)
        # THEN the book is read again and the new name is found
        assert app.ctx.search_book is not kept
        assert shown(pilot) == ["Zelda Quorn"]


async def test_a_new_search_starts_on_its_best_match(demo_path: Path, today: date) -> None:
    # GIVEN a search's results with the cursor moved down them
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter", "down", "down")
        await settle(pilot)
        table = pilot.app.screen.query_one("#contacts-table", WindowTable)
        assert table.cursor_row == 2
        # WHEN she types on in the search box
        await pilot.press("slash", "n")
        await settle(pilot)
        # THEN the cursor is on the new search's first (best) result
        assert table.cursor_row == 0
        assert table.cursor_key == rows(pilot)[0]["key"]


async def test_a_key_and_escape_at_once_leave_the_app_drawing(demo_path: Path, today: date) -> None:
    # GIVEN the contacts screen, its search read
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        # WHEN a letter is typed and escape pressed before its results come
        await pilot.press("j", "escape")
        await settle(pilot)
        # THEN the desk is back and frames are drawn again (the frame held for the
        # letter's results is let go when the screen goes)
        assert not isinstance(pilot.app.screen, ContactsScreen)
        assert pilot.app._batch_count == 0


async def test_a_long_search_scrolls_to_its_cursor(demo_path: Path, today: date) -> None:
    # GIVEN the contacts screen
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        field = pilot.app.screen.query_one("#contacts-query", Input)
        # WHEN more is typed than the field is wide
        await pilot.press(*("brooks " * 20))
        await settle(pilot)
        # THEN the field scrolls to show the cursor, as an Input does
        assert field.scroll_x > 0
        assert field.scroll_x + field.content_size.width >= field.cursor_position
        assert shown(pilot) and all("Brooks" in name for name in shown(pilot))
