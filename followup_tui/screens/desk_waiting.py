"""Logs that wait for a busy book. Another window holding the write lock past the busy
timeout (an import of 100,000 rows) used to drop the log and its note; now the log is
kept, tried again in the background, and lands when the book is free. A log is pending
(ctx.waiting) from the moment it is answered until it is saved or refused; once it has
to wait it is also in a file beside the book (ctx.keep_waiting), rewritten as logs land,
so a closed terminal loses nothing. Quitting meanwhile asks; a second q lets a save on
its way answer, then quits, the logs still waiting kept in that file."""

from __future__ import annotations

import contextlib
import signal
import time
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.message import Message

from followup_tui.screens import desk_log
from followup_tui.widgets.outcome_panel import OutcomePanel

if TYPE_CHECKING:
    from textual.app import App

    from followup_tui.context import AppContext
    from followup_tui.domain.model import Outcome
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen
    from followup_tui.services.calls import Logged

    _Base = FollowupScreen
else:
    _Base = object

RETRY_SECONDS = 1.0
"""The pause between tries; each try itself waits out the busy timeout (5 s)."""


@dataclass(frozen=True)
class PendingLog:
    """A log answered in the pane, on its way to the book."""

    item: DueTouch
    outcome: Outcome
    words: str
    """What was answered, in words (the pane's summary)."""
    keep: int | None
    """The call the cursor went on to."""
    day: date
    """The day it was answered: the log's date, even when it lands after midnight."""


@dataclass
class LogAnswered(Message):
    """What the book said to a log: saved, refused, or busy (it waits)."""

    log: PendingLog
    saved: Logged | desk_log.Refused | desk_log.Busy


def waiting_words(log: PendingLog, waiting: int) -> Text:
    more = f" ({waiting} logs waiting)" if waiting > 1 else ""
    return Text.assemble(
        ("Waiting to save ", "bold"),
        f"{log.item.name}'s log: the book is busy in another window (an import?).",
        f" Trying again every few seconds; nothing is lost{more}.",
    )


def kept_line(log: PendingLog, ctx: AppContext) -> str:
    """The log as one line of the unsaved-logs file: enough to enter it again by hand."""
    typed = desk_log.typed_words(log.outcome)
    return (
        f"{log.day.isoformat()} call {log.item.touch.id} {log.item.name} "
        f"({log.item.title}): {log.words}" + (f". Typed: {typed}" if typed else "")
    )


def attempt(ctx: AppContext, log: PendingLog) -> Logged | desk_log.Refused | desk_log.Busy:
    """Run in a thread: one try at saving a pending log. The pending set and the file are
    kept here, not on the screen, so they are right even when the desk is gone."""
    touch_id = log.item.touch.id
    if not ctx.begin_try(touch_id):
        return desk_log.Busy()  # quitting: not tried, kept in the file
    saved: Logged | desk_log.Refused | desk_log.Busy = desk_log.Busy()
    try:
        saved = desk_log.save_log(ctx, log.item, log.outcome, log.day)
    finally:
        ctx.end_try(touch_id, landed=not isinstance(saved, desk_log.Busy))
    return saved


class DeskWaiting(_Base):
    """What the desk mixes in for logs that wait."""

    waiting: tuple[PendingLog, ...] = ()
    """Logs the book was too busy to take, oldest first; the first is being tried."""

    def on_mount(self) -> None:
        keep_on_signals(self.app, self.ctx)  # a closed terminal keeps the pending logs

    def on_unmount(self) -> None:
        drop_signals()

    def start_saving(self, log: PendingLog) -> None:
        """A log answered: pending from now, then its first try."""
        self.ctx.pend(log.item.touch.id, kept_line(log, self.ctx))
        self.save_outcome(log)

    @work(thread=True, group="save", exit_on_error=False)
    def save_outcome(self, log: PendingLog) -> None:
        self.post_message(LogAnswered(log, attempt(self.ctx, log)))

    def wait_to_save(self, log: PendingLog) -> None:
        self.waiting = (*self.waiting, log)
        self.query_one(OutcomePanel).say(waiting_words(log, len(self.waiting)))
        if len(self.waiting) == 1:
            self.retry_first()

    @work(thread=True, group="retry", exit_on_error=False)
    def retry_first(self) -> None:
        time.sleep(RETRY_SECONDS)
        log = self.waiting[0]
        try:
            saved = attempt(self.ctx, log)
        except Exception:  # never stuck first in the queue: tried again
            saved = desk_log.Busy()
        self.post_message(LogAnswered(log, saved))

    def on_log_answered(self, event: LogAnswered) -> None:
        log, saved = event.log, event.saved
        retried = bool(self.waiting) and self.waiting[0] is log
        if retried:
            if isinstance(saved, desk_log.Busy):
                if not self.ctx.quitting:
                    self.retry_first()  # still busy: it stays first and waits on
                return
            self.waiting = self.waiting[1:]
            if self.waiting:
                self.retry_first()
        if isinstance(saved, desk_log.Busy):
            self.wait_to_save(log)
        else:
            self.log_settled(log, saved, retried=retried)

    def log_settled(
        self, log: PendingLog, saved: Logged | desk_log.Refused, *, retried: bool = False
    ) -> None:
        raise NotImplementedError  # the desk: "Logged: ...", or the log back in the pane


def keep_typed(screen: FollowupScreen, log: PendingLog, why: str) -> None:
    """A log tried again and refused while she answers another: not put over hers in
    the pane; what was typed is kept as a note on the card instead, and said (or, the
    book refusing the note too, in the unsaved-logs file)."""
    ctx, typed = screen.ctx, desk_log.typed_words(log.outcome)

    def keep() -> None:
        from followup_tui.services import contacts

        kept = ""
        if typed:
            try:
                contacts.add_note(ctx.database(), log.item.touch.contact_id, typed, log.day)
                kept = " What you typed is kept as a note on her card."
            except Exception:
                path = ctx.set_aside(kept_line(log, ctx))
                kept = f" What you typed is kept in {path}."
        said = f"{log.item.name}'s log not saved: {why}.{kept}"
        screen.app.call_from_thread(screen.query_one(OutcomePanel).say, Text(said))

    screen.run_worker(keep, thread=True, group="save", exit_on_error=False)


def may_quit(app: App[Any], ctx: AppContext) -> bool:
    """Whether quitting may go ahead now. With logs pending, the first q says so; the
    second stops the retries, lets a save on its way answer (it may land), then keeps
    what is still waiting in a file beside the book and quits, naming the file."""
    if not ctx.waiting:
        return True
    if not ctx.quit_asked:
        ctx.quit_asked = True
        count = len(ctx.waiting)
        logs = "a log is" if count == 1 else f"{count} logs are"
        app.notify(
            f"{logs.capitalize()} still waiting for the book (busy in another window). "
            f"q again quits and keeps {'it' if count == 1 else 'them'} in "
            f"{ctx.unsaved_file()}, to enter again.",
            severity="warning",
            timeout=30,
        )
        return False
    if ctx.stop_trying():  # no new try; one on its way answers first
        app.notify("Quitting once the save on its way answers (a few seconds)...")
    quit_when_settled(app, ctx)
    return False


def quit_when_settled(app: App[Any], ctx: AppContext) -> None:
    if ctx.trying:
        app.set_timer(0.1, partial(quit_when_settled, app, ctx))
        return
    count = len(ctx.waiting)
    try:
        path = ctx.keep_waiting()
    except OSError as error:
        ctx.quitting = False
        app.notify(f"Not quitting: the waiting logs could not be kept ({error.strerror}).")
        return
    if path is None:
        app.exit()
    else:
        app.exit(message=f"{count} log(s) not saved (the book was busy) are kept in {path}")


def keep_on_signals(app: App[Any], ctx: AppContext) -> None:
    """The terminal closed (SIGHUP) or the app told to stop (SIGTERM): the logs still
    pending are kept in the file, then the app quits (it used to die with them)."""

    def stop(number: int) -> None:
        ctx.quitting = True
        with contextlib.suppress(OSError):
            ctx.keep_waiting()
        app.exit(return_code=128 + number)

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        import asyncio

        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(number, stop, int(number))


def drop_signals() -> None:
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        import asyncio

        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            loop.remove_signal_handler(number)


def tell_of_earlier(screen: FollowupScreen) -> None:
    """Logs an earlier session could not save are in the unsaved-logs file: said once at
    the start (until she enters them again and deletes the file), not left to be found."""

    def look() -> None:
        path = screen.ctx.unsaved_file()
        try:
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
        except (OSError, UnicodeDecodeError):
            return
        if lines:
            count = f"{len(lines)} log{'s' if len(lines) != 1 else ''}"
            screen.app.call_from_thread(
                screen.notify,
                f"{count} from an earlier session could not be saved: they are in {path}, "
                "to enter again (then delete the file).",
                severity="warning",
                timeout=30,
                markup=False,
            )

    screen.run_worker(look, thread=True, group="earlier-logs", exit_on_error=False)
