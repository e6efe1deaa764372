"""No outcome loses the call or the note (issue 13): a reorder with no earlier order
opens the order form and is saved with it; a refused save puts the call back, with
what was typed and why; skip and later are undone as a log is; a referral is captured
whole. At 80x24 and 160x48."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from followup_tui.app import FollowupApp
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Outcome, Reach
from followup_tui.errors import InputError
from followup_tui.screens.orders import OrderScreen
from followup_tui.screens.prompt import PromptScreen
from followup_tui.services import calls
from followup_tui.widgets.touch_table import TouchTable
from tests.ui.test_desk import names, settle, text_of

SIZES = [(80, 24), (160, 48)]
REFUSAL = "database is busy: another window is saving; nothing was saved"


def query(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


async def go_to(pilot: Pilot[None], name: str) -> int:
    """The cursor on her call; answers its touch id."""
    table = pilot.app.screen.query_one(TouchTable)
    for _ in range(len(table.items)):
        chosen = table.chosen
        if chosen is not None and chosen.name == name:
            return chosen.touch.id
        await pilot.press("down")
        await settle(pilot)
    raise AssertionError(f"{name} is not on today's list")


def chosen_name(pilot: Pilot[None]) -> str | None:
    chosen = pilot.app.screen.query_one(TouchTable).chosen
    return chosen.name if chosen else None


def log_error(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#log-error", Label).content)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
async def test_a_reorder_with_no_earlier_order_opens_the_order_form(
    demo_path: Path, today: date, size: tuple[int, int]
) -> None:
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=size) as pilot:
        await settle(pilot)
        # GIVEN Linda Nguyen (circle), who never ordered, on her call
        touch = await go_to(pilot, "Linda Nguyen")
        [(linda,)] = query(demo_path, "SELECT contact_id FROM touches WHERE id = ?", touch)
        assert query(demo_path, "SELECT id FROM orders WHERE contact_id = ?", linda) == []
        # WHEN she says "reorder", with a note
        await pilot.press("o", "r", "o", *"wants the tea again", "enter")
        await settle(pilot)
        # THEN the order form opens for her, nothing saved yet, the call still listed
        form = pilot.app.screen
        assert isinstance(form, OrderScreen)
        assert "Linda Nguyen" in str(form.query_one("#quick-add-box").border_title)
        assert query(demo_path, "SELECT status FROM touches WHERE id = ?", touch) == [("pending",)]

        # WHEN she gives up the form
        await pilot.press("escape")
        await settle(pilot)
        # THEN the log comes back as answered, note and all, the reason beside it, and
        # the cursor is still on Linda's call
        assert pilot.app.screen.query_one("#log-note", Input).value == "wants the tea again"
        assert "reorder not saved" in log_error(pilot)
        assert chosen_name(pilot) == "Linda Nguyen"
        assert "Linda Nguyen" in names(pilot)

        # WHEN Enter saves it again, and this time the products are chosen: 3 teas
        await pilot.press("enter")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, OrderScreen)
        await pilot.press(*"DTX-TEA", "enter", "tab", "tab", "3", "ctrl+s")
        await settle(pilot)

        # THEN the log and the order are saved together, and the list and status agree
        assert not isinstance(pilot.app.screen, OrderScreen)
        assert query(demo_path, "SELECT status FROM touches WHERE id = ?", touch) == [("done",)]
        assert query(
            demo_path,
            "SELECT l.sku, l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id"
            " WHERE o.contact_id = ?",
            linda,
        ) == [("DTX-TEA", 3)]
        assert query(demo_path, "SELECT note FROM outcomes WHERE touch_id = ?", touch) == [
            ("wants the tea again",)
        ]
        assert "Logged: Linda Nguyen: reached, reorder." in text_of(pilot, "#outcome")
        assert "Linda Nguyen" not in names(pilot)


async def test_a_reorder_starts_from_her_last_order_and_quantities_can_be_set(
    demo_path: Path, today: date
) -> None:
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        # GIVEN Amy Jordan's reorder call (she ordered before)
        touch = await go_to(pilot, "Amy Jordan")
        [(amy,)] = query(demo_path, "SELECT contact_id FROM touches WHERE id = ?", touch)
        [(last_order,)] = query(
            demo_path,
            "SELECT id FROM orders WHERE contact_id = ? ORDER BY ordered_on DESC, id DESC",
            amy,
        )[:1]
        before = query(
            demo_path, "SELECT sku, quantity FROM order_lines WHERE order_id = ?", last_order
        )
        await pilot.press("o", "r", "o", "enter")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, OrderScreen)
        # THEN her last order is in the form, and its products lead the catalogue
        assert sorted((sku, form.lines.count(sku)) for sku in set(form.lines)) == sorted(before)
        assert {p.sku for p in form.products[: len(before)]} == {sku for sku, _ in before}
        # WHEN the first line is set to 2
        await pilot.press("tab", "tab", "2", "ctrl+s")
        await settle(pilot)
    [(new_order,)] = query(
        demo_path,
        "SELECT id FROM orders WHERE contact_id = ? ORDER BY id DESC",
        amy,
    )[:1]
    lines = dict(
        query(demo_path, "SELECT sku, quantity FROM order_lines WHERE order_id = ?", new_order)
    )
    assert lines[before[0][0]] == 2


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
async def test_a_refused_save_keeps_the_call_the_note_and_the_cursor(
    demo_path: Path, today: date, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = calls.log_outcome
    refusals = [REFUSAL]

    def refuse_once(*args: Any, **kwargs: Any) -> calls.Logged:
        if refusals:
            raise InputError(refusals.pop())
        return real(*args, **kwargs)

    monkeypatch.setattr(calls, "log_outcome", refuse_once)
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=size) as pilot:
        await settle(pilot)
        touch = await go_to(pilot, "Tom Reilly")
        listed = names(pilot)
        # WHEN her log, with a note, cannot be saved
        await pilot.press("o", "r", "g", *"loved the catalogue", "enter")
        await settle(pilot)
        # THEN the call is back where it was, the cursor on it, the note still typed,
        # and the reason is beside it; nothing is written
        assert names(pilot) == listed
        assert chosen_name(pilot) == "Tom Reilly"
        assert pilot.app.screen.query_one("#log-note", Input).value == "loved the catalogue"
        assert log_error(pilot) == REFUSAL
        assert query(demo_path, "SELECT status FROM touches WHERE id = ?", touch) == [("pending",)]
        # WHEN Enter tries again, and it goes through
        await pilot.press("enter")
        await settle(pilot)
        assert query(demo_path, "SELECT status FROM touches WHERE id = ?", touch) == [("done",)]
        assert query(demo_path, "SELECT note FROM outcomes WHERE touch_id = ?", touch) == [
            ("loved the catalogue",)
        ]
        assert "Logged: Tom Reilly" in text_of(pilot, "#outcome")
        assert "Tom Reilly" not in names(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
async def test_skip_names_her_and_u_takes_it_back(
    demo_path: Path, today: date, size: tuple[int, int]
) -> None:
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=size) as pilot:
        await settle(pilot)
        touch = await go_to(pilot, "Carmen Silva")
        listed = names(pilot)
        await pilot.press("s")
        await settle(pilot)
        # THEN the dialog names her and the call
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.title_text.startswith("Skip Carmen Silva: Morning-after call")
        await pilot.press(*"spoke at the school gate", "enter")
        await settle(pilot)
        assert "Carmen Silva" not in names(pilot)
        assert query(demo_path, "SELECT status, close_reason FROM touches WHERE id = ?", touch) == [
            ("skipped", "spoke at the school gate")
        ]
        assert "(u to undo)" in text_of(pilot, "#outcome")
        # WHEN u is pressed
        await pilot.press("u")
        await settle(pilot)
        # THEN the call is back, pending, and what the skip scheduled is gone
        assert names(pilot) == listed
        assert query(demo_path, "SELECT status, close_reason FROM touches WHERE id = ?", touch) == [
            ("pending", None)
        ]
        assert "Undone: the skip is taken back" in text_of(pilot, "#outcome")


async def test_later_is_undone_too(demo_path: Path, today: date) -> None:
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        touch = await go_to(pilot, "Nina Patel")
        [(due,)] = query(demo_path, "SELECT due_on FROM touches WHERE id = ?", touch)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"+3", "enter")
        await settle(pilot)
        assert "Nina Patel" not in names(pilot)
        assert query(demo_path, "SELECT due_on FROM touches WHERE id = ?", touch) == [
            ((today + timedelta(days=3)).isoformat(),)
        ]
        await pilot.press("u")
        await settle(pilot)
        assert query(demo_path, "SELECT due_on FROM touches WHERE id = ?", touch) == [(due,)]
        assert "Nina Patel" in names(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
async def test_a_referral_is_captured_whole(
    demo_path: Path, today: date, size: tuple[int, int]
) -> None:
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=size) as pilot:
        await settle(pilot)
        touch = await go_to(pilot, "Holly Rossi")
        # WHEN Holly gives a referral: a name, a bad phone, then a good one, a line
        await pilot.press("o", "r", "f", *"Gina Marsh", "enter", *"12", "enter")
        await settle(pilot)
        assert "phone" in log_error(pilot)
        await pilot.press(*["backspace"] * 2, *"202-555-0188", "enter")
        await pilot.press(*"her sister, just moved here", "enter", *"thrilled", "enter")
        await settle(pilot)
    # THEN Gina is on record with her phone, the line on her card, referred by Holly
    [(gina, phone, referred_by)] = query(
        demo_path, "SELECT id, phone, referred_by_id FROM contacts WHERE name = 'Gina Marsh'"
    )
    [(holly,)] = query(demo_path, "SELECT contact_id FROM touches WHERE id = ?", touch)
    assert (phone, referred_by) == ("+12025550188", holly)
    assert query(demo_path, "SELECT body FROM notes WHERE contact_id = ?", gina) == [
        ("her sister, just moved here",)
    ]
    # AND the note of the call is Holly's
    assert query(demo_path, "SELECT note FROM outcomes WHERE touch_id = ?", touch) == [
        ("thrilled",)
    ]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
async def test_no_means_no(demo_path: Path, today: date, size: tuple[int, int]) -> None:
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=size) as pilot:
        await settle(pilot)
        # GIVEN Olivia Chen, a party guest who is also a lead, on her morning-after call
        touch = await go_to(pilot, "Olivia Chen")
        [(olivia,)] = query(demo_path, "SELECT contact_id FROM touches WHERE id = ?", touch)
        # WHEN she says she is not interested
        await pilot.press("o", "r", "x", "enter")
        await settle(pilot)
        # THEN nothing is left for her but the gentle reconnect, 90 days on at the soonest
        pending = query(
            demo_path,
            "SELECT playbook, due_on FROM touches WHERE contact_id = ? AND status = 'pending'",
            olivia,
        )
        assert [playbook for playbook, _ in pending] == ["reconnect"]
        assert pending[0][1] >= (today + timedelta(days=90)).isoformat()
        # AND her card says so
        await pilot.press("c", *"olivia chen")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        card = text_of(pilot, "#contact-body")
        assert f"said not interested on {today:%d %b}" in card


class TestSnapshots:
    def test_skip_dialog(self, snap_compare: Any, demo_path: Path, today: date) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await go_to(pilot, "Carmen Silva")
            await pilot.press("s", *"spoke at the school gate")
            await settle(pilot)

        app = FollowupApp(f"sqlite:///{demo_path}", today)
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

    def test_reorder_form(self, snap_compare: Any, demo_path: Path, today: date) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await go_to(pilot, "Amy Jordan")
            await pilot.press("o", "r", "o", "enter")
            await settle(pilot)

        app = FollowupApp(f"sqlite:///{demo_path}", today)
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_a_call_worked_elsewhere_keeps_the_note_on_her_card(
    demo_path: Path, today: date
) -> None:
    async with FollowupApp(f"sqlite:///{demo_path}", today).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        touch = await go_to(pilot, "Tom Reilly")
        [(tom,)] = query(demo_path, "SELECT contact_id FROM touches WHERE id = ?", touch)
        # GIVEN the shell logs Tom's call while the desk still lists it
        db = open_database(f"sqlite:///{demo_path}")
        calls.log_outcome(db, touch, Outcome(Reach.REACHED), today)
        db.dispose()
        # WHEN the desk logs it too, with a note
        await pilot.press("o", "r", "g", *"wants the spring catalogue", "enter")
        await settle(pilot)
        # THEN it is not logged twice, the note is on his card, and the desk says so
        assert query(demo_path, "SELECT count(*) FROM outcomes WHERE touch_id = ?", touch) == [(1,)]
        assert ("wants the spring catalogue",) in query(
            demo_path, "SELECT body FROM notes WHERE contact_id = ?", tom
        )
        said = text_of(pilot, "#outcome")
        assert "worked elsewhere" in said and "note is kept" in said
        assert "Tom Reilly" not in names(pilot)
