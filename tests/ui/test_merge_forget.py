"""Merging a duplicate into the contact on screen (`M`) and forgetting a contact (`X`),
driven from the app (issue 13, "Duplicates, and a way to clean up")."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from followup_tui.app import FollowupApp
from followup_tui.db.backup import DAILY_KEPT
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.merge import ConfirmScreen, MergePickerScreen
from followup_tui.services import adding, me, orders
from tests.conftest import TODAY, SnapCompare
from tests.ui.test_desk import SIZE, settle, text_of

SMALL = (80, 24)


def a_book(path: Path) -> dict[str, int]:
    """Dana Brooks, a customer, and "Dana B.", her second record from a party; Lena Ford,
    someone else; and "me"."""
    db = open_database(f"sqlite:///{path}")
    added = TODAY - timedelta(days=10)
    ids = {
        "keep": adding.add_contact(
            db,
            NewContact(
                "Dana Brooks",
                Kind.CUSTOMER,
                phone="+12025550143",
                facts=(("perfume", "Chanel No 5"),),
            ),
            added,
        ),
        "other": adding.add_contact(
            db,
            NewContact(
                "Dana Baker-Brooks",
                Kind.LEAD,
                email="dana@example.com",
                facts=(("perfume", "Dior"), ("job", "nurse")),
                note="asked about the lip balm",
            ),
            added,
        ),
        "lena": adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD), added),
        "me": me.set_me(db, "Alex Rivera", added),
    }
    orders.record_order(db, ids["other"], ["DTX-7"], TODAY, ordered_on=TODAY - timedelta(days=2))
    db.dispose()
    return ids


def query(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


def dump(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return "\n".join(connection.iterdump())


def error(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#merge-error", Label).content)


def notices(pilot: Pilot[None]) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications]


async def open_contact(pilot: Pilot[None], contact_id: int) -> None:
    await settle(pilot)
    await pilot.app.push_screen(ContactScreen(contact_id))
    await settle(pilot)


async def merge_confirmation(pilot: Pilot[None], contact_id: int, typed: str) -> None:
    await open_contact(pilot, contact_id)
    await pilot.press("M")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MergePickerScreen)
    await pilot.press(*typed)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


class TestMerge:
    @pytest.mark.parametrize("size", [SIZE, SMALL])
    async def test_finds_her_shows_what_is_combined_then_merges(
        self, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)
        async with FollowupApp(f"sqlite:///{path}", TODAY).run_test(size=size) as pilot:
            # WHEN she opens Dana Brooks, presses M and finds her other record by name
            await merge_confirmation(pilot, ids["keep"], "baker")

            # THEN a confirmation lists what will be combined, before anything is written
            assert isinstance(pilot.app.screen, ConfirmScreen)
            question = text_of(pilot, "#confirm-question")
            assert (
                f"Merge #{ids['other']} Dana Baker-Brooks into #{ids['keep']} Dana Brooks?"
                in " ".join(question.split())
            )
            listed = text_of(pilot, "#confirm-rows")
            for shown in (
                "facts",
                "1 added",
                "perfume: Dior (kept: Chanel No 5)",
                "notes",
                "orders",
                "party places",
                "history",
                "pending touches",
                "dana@example.com",
            ):
                assert shown in listed, shown
            assert query(path, "SELECT count(*) FROM contacts WHERE id = ?", ids["other"]) == [(1,)]

            # WHEN she says yes
            await pilot.press("enter")
            await settle(pilot)

            # THEN one Dana is left, holding both; her card shows it
            assert isinstance(pilot.app.screen, ContactScreen)
            assert query(path, "SELECT count(*) FROM contacts WHERE id = ?", ids["other"]) == [(0,)]
            assert query(path, "SELECT count(*) FROM orders WHERE contact_id = ?", ids["keep"]) == [
                (1,)
            ]
            card = text_of(pilot, "#contact-body")
            assert "nurse" in card
            assert any(
                "Merged" in notice and "Dana Baker-Brooks" in notice for notice in notices(pilot)
            )

    async def test_back_from_the_confirmation_keeps_both(self, tmp_path: Path) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)
        before = dump(path)
        async with FollowupApp(f"sqlite:///{path}", TODAY).run_test(size=SIZE) as pilot:
            await merge_confirmation(pilot, ids["keep"], "baker")
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MergePickerScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
        assert dump(path) == before

    @pytest.mark.parametrize(
        ("typed", "said"),
        [
            ("Dana Brooks", "Dana Brooks is this contact: ↓ to pick another"),
            ("#{keep}", "Dana Brooks is this contact: ↓ to pick another"),
            ("#{me}", "#{me} is you: your own record is never merged"),
            ("#99", "no contact #99"),
            ("zzzz", "no one matches 'zzzz'"),
        ],
    )
    async def test_refused_in_one_line_under_the_name(
        self, tmp_path: Path, typed: str, said: str
    ) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)
        before = dump(path)
        async with FollowupApp(f"sqlite:///{path}", TODAY).run_test(size=SMALL) as pilot:
            await merge_confirmation(pilot, ids["keep"], typed.format(**ids))
            assert isinstance(pilot.app.screen, MergePickerScreen)
            assert error(pilot) == said.format(**ids)
            label = pilot.app.screen.query_one("#merge-error", Label)
            assert label.size.height == 1
        assert dump(path) == before

    async def test_her_own_record_is_never_merged(self, tmp_path: Path) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)
        before = dump(path)
        async with FollowupApp(f"sqlite:///{path}", TODAY).run_test(size=SIZE) as pilot:
            await open_contact(pilot, ids["me"])
            await pilot.press("M")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
            assert "This is you: your own record is never merged." in notices(pilot)
        assert dump(path) == before


class TestForget:
    async def test_confirmed_with_y_deletes_her(self, tmp_path: Path) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)
        async with FollowupApp(f"sqlite:///{path}", TODAY).run_test(size=SMALL) as pilot:
            # WHEN she opens Dana Baker-Brooks and presses X
            await open_contact(pilot, ids["other"])
            await pilot.press("X")
            await settle(pilot)

            # THEN the confirmation names her, says what goes and what the backups keep
            assert isinstance(pilot.app.screen, ConfirmScreen)
            question = " ".join(text_of(pilot, "#confirm-question").split())
            assert question == (
                f"Forget Dana Baker-Brooks (#{ids['other']}) and everything about her?"
            )
            assert "1 note" in text_of(pilot, "#confirm-rows")
            shown = pilot.app.screen.query(".confirm-note").results(Static)
            notes = " ".join(str(note.content) for note in shown)
            assert f"up to {DAILY_KEPT} days" in " ".join(notes.split())

            # enter alone does not forget anyone
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ConfirmScreen)

            # WHEN she presses y
            await pilot.press("y")
            await settle(pilot)

            # THEN she is gone, the contact screen with her, and the app says so
            assert not isinstance(pilot.app.screen, (ContactScreen, ConfirmScreen))
            assert any(
                f"Forgot #{ids['other']} Dana Baker-Brooks" in notice for notice in notices(pilot)
            )
        for table, column in (
            ("contacts", "id"),
            ("notes", "contact_id"),
            ("facts", "contact_id"),
            ("orders", "contact_id"),
            ("touches", "contact_id"),
            ("runs", "contact_id"),
            ("kind_changes", "contact_id"),
        ):
            sql = f"SELECT count(*) FROM {table} WHERE {column} = ?"
            assert query(path, sql, ids["other"]) == [(0,)], table
        assert query(path, "SELECT count(*) FROM order_lines") == [(0,)]

    async def test_escape_keeps_her(self, tmp_path: Path) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)
        before = dump(path)
        async with FollowupApp(f"sqlite:///{path}", TODAY).run_test(size=SIZE) as pilot:
            await open_contact(pilot, ids["other"])
            await pilot.press("X")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
        assert dump(path) == before

    async def test_her_own_record_cannot_be_forgotten(self, tmp_path: Path) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)
        before = dump(path)
        async with FollowupApp(f"sqlite:///{path}", TODAY).run_test(size=SIZE) as pilot:
            await open_contact(pilot, ids["me"])
            await pilot.press("X")
            await settle(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
            assert "This is you: your own record cannot be forgotten." in notices(pilot)
        assert dump(path) == before


class TestSnapshots:
    def test_merge_confirmation(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        path = tmp_path / "book.db"
        ids = a_book(path)

        async def run_before(pilot: Pilot[None]) -> None:
            # Dana Brooks's screen, M, her other record found by name, enter
            await merge_confirmation(pilot, ids["keep"], "baker")

        app = FollowupApp(f"sqlite:///{path}", date(2026, 11, 23))
        assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
