"""The desk's cursor: the list moves at once, the contact's card and script follow. A key
held down (25-30 a second) moves the list only; the card and script come for the call
the cursor rests on: loaded and laid out for every row passed, that work piled up behind
the keys and the list went on moving half a second after the key was let go.

Before the book is open (SQLAlchemy imports for ~0.5 s after the first frame) the first
screen of calls has its cards read plain (services/card.py): a key pressed at once shows
the card of the call it lands on, the script following once the book is open."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from followup_tui.domain.scripts import RenderedScript
from followup_tui.paths import sqlite_file
from followup_tui.widgets.contact_card import ContactCard
from followup_tui.widgets.script_preview import ScriptPreview
from followup_tui.widgets.touch_table import TouchTable

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from followup_tui.db.first_look import Cards
    from followup_tui.domain.card import ContactDetail
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen

    _Base = FollowupScreen
else:
    _Base = object

HELD = 0.05
"""Seconds: a call chosen this soon after the last one is a key held down (25-30 a
second), and its card waits for the cursor to rest this long."""
FIRST_CARDS = 40
"""The calls whose cards are read plain at the start: a screen of the list (40 lines)."""


class DeskCursor(_Base):
    """What the desk mixes in to follow its list's cursor."""

    touch_id: int | None  # the desk's reactive: the call the cursor is on

    moved_at = 0.0
    """When the cursor last chose a call (time.monotonic)."""
    first_cards: dict[int, ContactDetail] = {}  # replaced whole, never changed
    """The first calls' cards read plain, by contact, until the book is open."""

    @dataclass
    class DetailLoaded(Message):
        touch_id: int
        detail: ContactDetail
        script: RenderedScript | None
        """None: the script follows (a card read plain, before the book was open)."""

    @dataclass
    class FirstCardsRead(Message):
        cards: Cards

    def read_first_cards(self, items: Sequence[DueTouch]) -> None:
        """The cards of the first screen of calls, read plain after the first frame,
        while SQLAlchemy imports."""
        from followup_tui.db.first_look import CARDS

        path = sqlite_file(self.ctx.url)
        if path is not None and not self.ctx.is_open:
            self._read_first_cards(path, [item.touch.contact_id for item in items[:CARDS]])

    @work(thread=True, exclusive=True, group="first-cards", exit_on_error=False)
    def _read_first_cards(self, path: Path, contact_ids: list[int]) -> None:
        from followup_tui.db.first_look import first_cards

        # A backorder's card last: its deadline imports the holidays (~0.1 s).
        today = self.ctx.today
        cards = first_cards(path, contact_ids, today, with_deadlines=False)
        if cards is None:
            return  # the cards wait for the book, opened the usual way
        self.post_message(self.FirstCardsRead(cards))
        left = [cid for cid in contact_ids if cid not in cards.cards]
        more = first_cards(path, left, today) if left else None
        if more is not None:
            self.post_message(self.FirstCardsRead(replace(more, cards=cards.cards | more.cards)))

    def on_desk_cursor_first_cards_read(self, event: FirstCardsRead) -> None:
        self.take_first_cards(event.cards)
        chosen, shown = self.query_one(TouchTable).chosen, self.query_one(ContactCard).detail
        if chosen is not None and (shown is None or shown.contact.id != chosen.touch.contact_id):
            self._show_first_card(chosen.touch.id, chosen.touch.contact_id)

    def take_first_cards(self, cards: Cards) -> None:
        if self.ctx.is_open:
            return  # the book is open: its cards, as read now, are the ones to show
        # Her phone region, which the card draws numbers in (the book's opening reads
        # the same settings again).
        self.ctx.settings = cards.settings
        self.first_cards = cards.cards

    def _first_card(self, contact_id: int) -> ContactDetail | None:
        if not self.first_cards:
            return None
        if self.ctx.is_open:
            self.first_cards = {}  # read before the book opened: it may have changed since
            return None
        return self.first_cards.get(contact_id)

    def _show_first_card(self, touch_id: int, contact_id: int) -> None:
        card = self._first_card(contact_id)
        if card is not None and touch_id == self.touch_id:
            self.on_desk_cursor_detail_loaded(self.DetailLoaded(touch_id, card, None))

    # Handlers by name, not @on: a mixin's @on is not seen by Textual (DeskLive's way).
    def on_touch_table_touch_chosen(self, event: TouchTable.TouchChosen) -> None:
        before, self.touch_id = self.touch_id, event.touch_id
        now = time.monotonic()
        # A key held down (or pressed fast): the card and script wait for the cursor to
        # rest, not loaded and laid out for every row passed. The wait is in the worker,
        # which a newer move cancels (and which the tests wait for, as for any load).
        wait = HELD if now - self.moved_at < HELD else 0.0
        # The list's first call (or the same call chosen again) is not a move: a key
        # pressed just after the first frame is not a key held down.
        if before is not None and before != event.touch_id:
            self.moved_at = now
        if not wait:
            # A card read plain (the book still opening) is in the cursor's own frame:
            # after it, it waited behind the start's other work on the event loop.
            self._show_first_card(event.touch_id, event.contact_id)
        # After the frame: the list moves at once, the card and script follow.
        self.call_after_refresh(self.load_detail, event.touch_id, event.contact_id, wait)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, touch_id: int, contact_id: int, wait: float = 0.0) -> None:
        if wait:
            time.sleep(wait)
            if get_current_worker().is_cancelled:
                return  # the cursor moved on meanwhile
            if (card := self._first_card(contact_id)) is not None:
                self.post_message(self.DetailLoaded(touch_id, card, None))
        # Here, not first: they import SQLAlchemy, which the card read plain must not wait for.
        from followup_tui.services import cards, scripts

        db, today = self.ctx.database(), self.ctx.today
        detail = cards.contact_card(db, contact_id, today)
        script = scripts.script_for_touch(db, touch_id, today, discreet=self.discreet)
        self.post_message(self.DetailLoaded(touch_id, detail, script))

    def on_desk_cursor_detail_loaded(self, event: DetailLoaded) -> None:
        if event.touch_id != self.touch_id:
            return  # the cursor has moved on
        self.query_one(ContactCard).detail = event.detail
        if event.script is None:
            self.query_one(ScriptPreview).follows()
        else:
            self.query_one(ScriptPreview).script = event.script
