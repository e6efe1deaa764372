"""The desk keeps up by itself: a call worked in the shell or another window leaves its
list within seconds, and past midnight (today not pinned) the desk moves to the new day.

One daemon thread asks the book's change probe (db/watch.py, through the context) and
the real clock every POLL_SECONDS and posts a message when either moved: nothing runs on
the event loop until something changed, and no Textual worker is kept busy (the tests
wait for every worker). A refresh waits while she is answering a log in the Outcome pane
or another screen is on top, and the cursor stays on its call (the next one if its call
went)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import ProgressBar

from followup_tui.widgets.outcome_panel import OutcomePanel
from followup_tui.widgets.touch_table import TouchTable

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from followup_tui.context import AppContext
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen

    _Base = FollowupScreen
else:
    _Base = object

POLL_SECONDS = 1.5
"""How often the book and the clock are asked: a call worked elsewhere goes within ~2 s."""


@dataclass
class BookChanged(Message):
    """Someone else committed to the book (or the desk itself: see DeskLive)."""

    seen_at: float
    """time.monotonic() when the change was seen."""


@dataclass
class DayBegan(Message):
    """The real date moved on (midnight) and today is not pinned."""

    day: date


class Watcher:
    """The thread that asks; started by the desk when mounted, stopped when unmounted."""

    def __init__(self, target: MessagePump, ctx: AppContext, every: float) -> None:
        self.target, self.ctx, self.every = target, ctx, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="desk-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        probe = self.ctx.change_probe()  # opened here, off the event loop
        last = probe.version() if probe else None
        clock = self.ctx.real_today
        day = clock() if clock else None
        try:
            while not self._stop.wait(self.every):
                if probe is None:  # the book opens (or appears with its first save)
                    probe = self.ctx.change_probe()
                    last = probe.version() if probe else None
                else:
                    now = probe.version()
                    if now is not None and now != last:
                        if last is not None:
                            self._post(BookChanged(time.monotonic()))
                        last = now
                if clock is not None:
                    real = clock()
                    if real != day:
                        day = real
                        self._post(DayBegan(real))
        finally:
            if probe is not None:
                probe.close()

    def _post(self, message: Message) -> None:
        try:
            self.target.post_message(message)
        except RuntimeError:  # the app closed its loop meanwhile
            self._stop.set()


class DeskLive(_Base):
    """What the desk mixes in to keep up by itself."""

    watcher: Watcher | None = None
    stale = False
    """Something changed while she was busy in the pane: the list is loaded when she is done."""
    asked_at = 0.0
    """time.monotonic() of the last load asked for: a change seen before it is in it."""
    asking: tuple[int | None, bool] | None = None
    """The keep and follow of the load on its way, if any: a refresh asked meanwhile
    replaces that load (numbered later) and must keep its cursor, not the present one."""
    held: frozenset[int] = frozenset()
    """Calls taken off the list whose save has not answered yet (in flight or waiting for
    a busy book): a reload meanwhile must not put them back."""

    def start_watching(self) -> None:
        if self.watcher is None:
            self.watcher = Watcher(self, self.ctx, POLL_SECONDS)
            self.watcher.start()

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    def on_book_changed(self, event: BookChanged) -> None:
        # The desk's own saves move the number too; each reloads after it anyway.
        if self.asked_at < event.seen_at:
            self.refresh_when_free()

    def on_day_began(self, event: DayBegan) -> None:
        self.ctx.new_day(event.day)  # the logs' date, and the day's backup
        self.query_one(OutcomePanel).say(
            Text(f"A new day: {event.day:%a %d %b}. Today's calls are on the list.")
        )
        self.refresh_when_free()

    def refresh_when_free(self) -> None:
        """Today's list again, now or, while she answers a log or another screen is on
        top, when she is back (free_again, on_screen_resume)."""
        # While the demo fills the book (its bar shown) a load would cancel the fill's
        # worker (the same exclusive group); the desk loads when it is done anyway.
        filling = self.query_one("#progress", ProgressBar).display
        if self.query_one(OutcomePanel).active or not self.is_current or filling:
            self.stale = True
            return
        self.reload_in_place()

    def free_again(self) -> None:
        """The Outcome pane closed: a change seen meanwhile shows now."""
        if self.stale and not self.query_one(OutcomePanel).active:
            self.reload_in_place()

    def load_today(self, keep: int | None = None, follow: bool = False) -> None:
        raise NotImplementedError  # the desk's

    @property
    def chosen_id(self) -> int | None:
        chosen = self.query_one(TouchTable).chosen
        return chosen.touch.id if chosen else None

    def reload_in_place(self) -> None:
        keep, follow = self.asking or (self.chosen_id, True)
        self.load_today(keep, follow)

    def hold(self, touch_id: int) -> None:
        self.held = self.held | {touch_id}
        self.asking = None  # the load on its way is dropped (see leave_list)

    def release(self, touch_id: int | None) -> None:
        if touch_id is not None:
            self.held = self.held - {touch_id}

    def shown_calls(self, items: list[DueTouch]) -> list[DueTouch]:
        """The calls a load found, less those being saved."""
        held = self.held
        return [item for item in items if item.touch.id not in held] if held else items

    def keep_near(self, items: list[DueTouch], keep: int | None) -> int | None:
        """The call to keep the cursor on: `keep` when still listed, else the one that
        followed it (or, at the end, came before it) on the list as it was."""
        self.asking = None  # shown: no load on its way
        if keep is None or any(item.touch.id == keep for item in items):
            return keep
        old = [item.touch.id for item in self.query_one(TouchTable).items]
        if keep not in old:
            return keep
        listed = {item.touch.id for item in items}
        at = old.index(keep)
        for touch_id in [*old[at + 1 :], *reversed(old[:at])]:
            if touch_id in listed:
                return touch_id
        return None
