"""The desk's cursor: the list moves at once, the contact's card and script follow. A key
held down (25-30 a second) moves the list only; the card and script come for the call
the cursor rests on: loaded and laid out for every row passed, that work piled up behind
the keys and the list went on moving half a second after the key was let go."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from followup_tui.domain.scripts import RenderedScript
from followup_tui.widgets.contact_card import ContactCard
from followup_tui.widgets.script_preview import ScriptPreview
from followup_tui.widgets.touch_table import TouchTable

if TYPE_CHECKING:
    from followup_tui.screens.base import FollowupScreen
    from followup_tui.services.contact_views import ContactDetail

    _Base = FollowupScreen
else:
    _Base = object

HELD = 0.05
"""Seconds: a call chosen this soon after the last one is a key held down (25-30 a
second), and its card waits for the cursor to rest this long."""


class DeskCursor(_Base):
    """What the desk mixes in to follow its list's cursor."""

    touch_id: int | None  # the desk's reactive: the call the cursor is on

    moved_at = 0.0
    """When the cursor last chose a call (time.monotonic)."""

    @dataclass
    class DetailLoaded(Message):
        touch_id: int
        detail: ContactDetail
        script: RenderedScript

    # Handlers by name, not @on: a mixin's @on is not seen by Textual (DeskLive's way).
    def on_touch_table_touch_chosen(self, event: TouchTable.TouchChosen) -> None:
        self.touch_id = event.touch_id
        now = time.monotonic()
        # A key held down (or pressed fast): the card and script wait for the cursor to
        # rest, not loaded and laid out for every row passed. The wait is in the worker,
        # which a newer move cancels (and which the tests wait for, as for any load).
        wait = HELD if now - self.moved_at < HELD else 0.0
        self.moved_at = now
        # After the frame: the list moves at once, the card and script follow.
        self.call_after_refresh(self.load_detail, event.touch_id, event.contact_id, wait)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, touch_id: int, contact_id: int, wait: float = 0.0) -> None:
        from followup_tui.services import contact_views, scripts

        if wait:
            time.sleep(wait)
            if get_current_worker().is_cancelled:
                return  # the cursor moved on meanwhile
        db, today = self.ctx.database(), self.ctx.today
        detail = contact_views.contact_detail(db, contact_id, today)
        script = scripts.script_for_touch(db, touch_id, today, discreet=self.discreet)
        self.post_message(self.DetailLoaded(touch_id, detail, script))

    def on_desk_cursor_detail_loaded(self, event: DetailLoaded) -> None:
        if event.touch_id != self.touch_id:
            return  # the cursor has moved on
        self.query_one(ContactCard).detail = event.detail
        self.query_one(ScriptPreview).script = event.script
