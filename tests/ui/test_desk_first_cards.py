"""The desk's first keys, before the book is open (SQLAlchemy still importing): the card
of the call the cursor lands on shows at once, read plain, and is the card the book
shows once open; the script follows. Keys held down end on the right card too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from followup_tui.context import AppContext
from followup_tui.db.engine import Database
from followup_tui.screens import desk_cursor
from followup_tui.widgets.touch_table import TouchTable
from tests.ui.test_desk import SIZE, make_app, names, settle, text_of


@pytest.fixture
def book_shut(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The book's opening held until the event is set, as if SQLAlchemy were importing."""
    opened = threading.Event()
    really_open = AppContext.database

    def held_open(self: AppContext) -> Database:
        opened.wait(30)
        return really_open(self)

    monkeypatch.setattr(AppContext, "database", held_open)
    yield opened
    opened.set()  # a test that failed leaves no worker waiting


async def card_shows(pilot: Pilot[None], name: str) -> str:
    """The card's text once it names `name` (the first cards are read in a thread)."""
    for _ in range(200):
        card = text_of(pilot, "#contact-body")
        if card.startswith(f"{name}  "):
            return card
        await pilot.pause(0.02)
    raise AssertionError(f"the card never showed {name}: {card!r}")


class TestFirstKeys:
    async def test_a_down_at_once_shows_the_next_card(
        self, demo_path: Path, today: date, book_shut: threading.Event
    ) -> None:
        app = make_app(demo_path, today)
        async with app.run_test(size=SIZE) as pilot:
            first = names(pilot)[:3]
            await card_shows(pilot, first[0])
            # WHEN she presses down while the book is still opening
            await pilot.press("down")
            # THEN the second call's card shows, the script says it is coming
            early = await card_shows(pilot, first[1])
            assert not app.ctx.is_open
            assert text_of(pilot, "#script-body").strip() == "…"
            # AND once the book is open, the card is the same, and the script is hers
            book_shut.set()
            await settle(pilot)
            assert text_of(pilot, "#contact-body") == early
            assert first[1].split()[0] in text_of(pilot, "#script-body")

    async def test_the_cards_are_the_books_in_discreet_mode(
        self, demo_path: Path, today: date, book_shut: threading.Event
    ) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            first = names(pilot)[:3]
            await card_shows(pilot, first[0])
            await pilot.press("ctrl+d", "down", "down")
            early = await card_shows(pilot, first[2])
            assert "hidden (discreet mode)" in early
            book_shut.set()
            await settle(pilot)
            assert text_of(pilot, "#contact-body") == early

    async def test_held_downs_end_on_the_card_under_the_cursor(
        self,
        demo_path: Path,
        today: date,
        book_shut: threading.Event,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # Every move counts as a key held down (Pilot's keys come ~60 ms apart, not 30).
        monkeypatch.setattr(desk_cursor, "HELD", 0.3)
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            first = names(pilot)[:6]
            await card_shows(pilot, first[0])
            await pilot.press(*["down"] * 5)
            # THEN, the book still opening, the card is the one the cursor rests on
            early = await card_shows(pilot, first[5])
            assert pilot.app.screen.query_one(TouchTable).chosen.name == first[5]  # type: ignore[union-attr]
            book_shut.set()
            await settle(pilot)
            assert text_of(pilot, "#contact-body") == early
            assert first[5].split()[0] in text_of(pilot, "#script-body")
