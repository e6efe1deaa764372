"""Logs that wait for a busy book. Another window holding the write lock past the busy
timeout (an import of 100,000 rows) used to drop the log and its note; now the log is
kept, tried again in the background, and lands when the book is free. The status line
says it is waiting; quitting meanwhile asks, and a second q keeps it in a file beside the
book (ctx.keep_waiting) rather than drop it."""

from __future__ import annotations

import time
from dataclasses import dataclass
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
        f"{ctx.today.isoformat()} call {log.item.touch.id} {log.item.name} "
        f"({log.item.title}): {log.words}" + (f". Typed: {typed}" if typed else "")
    )


class DeskWaiting(_Base):
    """What the desk mixes in for logs that wait."""

    waiting: tuple[PendingLog, ...] = ()
    """Logs the book was too busy to take, oldest first; the first is being tried."""

    def wait_to_save(self, log: PendingLog) -> None:
        self.waiting = (*self.waiting, log)
        self.ctx.waiting[log.item.touch.id] = kept_line(log, self.ctx)
        self.query_one(OutcomePanel).say(waiting_words(log, len(self.waiting)))
        if len(self.waiting) == 1:
            self.retry_first()

    @work(thread=True, group="retry", exit_on_error=False)
    def retry_first(self) -> None:
        time.sleep(RETRY_SECONDS)
        log = self.waiting[0]
        self.post_message(LogAnswered(log, desk_log.save_log(self.ctx, log.item, log.outcome)))

    def on_log_answered(self, event: LogAnswered) -> None:
        log, saved = event.log, event.saved
        retried = bool(self.waiting) and self.waiting[0] is log
        if retried:
            if isinstance(saved, desk_log.Busy):
                self.retry_first()  # still busy: it stays first and waits on
                return
            self.waiting = self.waiting[1:]
            self.ctx.waiting.pop(log.item.touch.id, None)
            if self.waiting:
                self.retry_first()
        if isinstance(saved, desk_log.Busy):
            self.wait_to_save(log)
        else:
            self.log_settled(log, saved)

    def log_settled(self, log: PendingLog, saved: Logged | desk_log.Refused) -> None:
        raise NotImplementedError  # the desk: "Logged: ...", or the log back in the pane


def keep_typed(screen: FollowupScreen, log: PendingLog, why: str) -> None:
    """A log tried again and refused while she answers another: not put over hers in
    the pane; what was typed is kept as a note on the card instead, and said."""
    ctx, typed = screen.ctx, desk_log.typed_words(log.outcome)

    def keep() -> None:
        from followup_tui.services import contacts

        if typed:
            contacts.add_note(ctx.database(), log.item.touch.contact_id, typed, ctx.today)
        kept = " What you typed is kept as a note on her card." if typed else ""
        said = f"{log.item.name}'s log not saved: {why}.{kept}"
        screen.app.call_from_thread(screen.query_one(OutcomePanel).say, Text(said))

    screen.run_worker(keep, thread=True, group="save", exit_on_error=False)


def may_quit(app: App[Any], ctx: AppContext) -> bool:
    """Whether quitting may go ahead now. With logs still waiting, the first q says so;
    the second keeps them in a file beside the book and quits, naming the file."""
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
    count = len(ctx.waiting)
    try:
        path = ctx.keep_waiting()
    except OSError as error:
        app.notify(f"Not quitting: the waiting logs could not be kept ({error.strerror}).")
        return False
    app.exit(message=f"{count} log(s) not saved (the book was busy) are kept in {path}")
    return False
