"""The desk's saves beyond a log: a skip, a later and an undo, each in a worker, each
answered by a Changed (said in the status line, then a reload). Nothing typed is lost:
a skip refused (a busy book, a full disk) opens its question again with the reason in it, and an
undo that fails stays to be tried again."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from followup_tui.domain.when import When, when_words
from followup_tui.errors import AlreadyWorked
from followup_tui.screens import desk_log
from followup_tui.words import failure_words, next_words

if TYPE_CHECKING:
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen
    from followup_tui.services.undo import UndoLog

    _Base = FollowupScreen
else:
    _Base = object


@dataclass
class Changed(Message):
    """Something was saved: say so, and reload (on touch `keep` when given)."""

    message: str
    keep: int | None = None
    undo: UndoLog | None = None
    """What `u` takes back (a skip or a later), when it can."""
    release: int | None = None
    """The call whose save this answers: a reload may list it again."""
    undo_again: UndoLog | None = None
    """An undo that failed: `u` takes it back still."""


class DeskSaves(_Base):
    """What the desk mixes in for skips, laters and undo."""

    def chosen_call(self) -> DueTouch | None:
        raise NotImplementedError  # the desk's

    def leave_list(self, item: DueTouch) -> int | None:
        raise NotImplementedError  # the desk's

    def forget_undo(self) -> None:
        raise NotImplementedError  # the desk's: u undoes the last thing done

    def action_skip(self, typed: str = "", why: str = "") -> None:
        item = self.chosen_call()
        if item is not None:
            save = partial(self.save_skip_of, item)
            desk_log.ask_skip(self, item, save, typed=typed, why=why)

    def save_skip_of(self, item: DueTouch, reason: str) -> None:
        self.forget_undo()  # this skip, once saved
        self.save_skip(item, reason, self.leave_list(item))

    @work(thread=True, group="save", exit_on_error=False)
    def save_skip(self, item: DueTouch, reason: str, keep: int | None) -> None:
        from followup_tui.services import calls

        touch_id = item.touch.id
        try:
            skipped = calls.skip_touch(self.ctx.database(), touch_id, reason, self.ctx.today)
        except Exception as error:  # the call back on the list, the cursor on it
            why = desk_log.skip_refused(self.ctx, item, reason, error)
            self.post_message(Changed(why, touch_id, release=touch_id))
            if not isinstance(error, AlreadyWorked):  # her reason back in the question
                self.app.call_from_thread(self.ask_skip_again, item, reason, why)
            return
        message = "Skipped." + next_words(skipped.scheduled)
        self.post_message(Changed(message, keep, undo=skipped.undo, release=touch_id))

    def ask_skip_again(self, item: DueTouch, reason: str, why: str) -> None:
        desk_log.ask_skip(self, item, partial(self.save_skip_of, item), typed=reason, why=why)

    def action_reschedule(self) -> None:
        item = self.chosen_call()
        if item is not None:
            desk_log.ask_later(self, item, self.ctx.today, partial(self.save_later_of, item))

    def save_later_of(self, item: DueTouch, when: When) -> None:
        self.forget_undo()
        keep = self.leave_list(item) if when != self.ctx.today else item.touch.id
        self.save_reschedule(item.touch.id, when, keep)

    @work(thread=True, group="save", exit_on_error=False)
    def save_reschedule(self, touch_id: int, when: When, keep: int | None) -> None:
        from followup_tui.services import calls

        db, today = self.ctx.database(), self.ctx.today
        try:
            undo = calls.reschedule_touch(db, touch_id, when.day, today, at=when.time)
        except Exception as error:  # the call back on the list, the cursor on it
            self.post_message(
                Changed(f"Not moved: {failure_words(error)}", touch_id, release=touch_id)
            )
            return
        said = f"Moved to {when_words(when)}."
        self.post_message(Changed(said, keep, undo=undo, release=touch_id))

    @work(thread=True, group="save", exit_on_error=False)
    def undo(self, log: UndoLog) -> None:
        from followup_tui.services import undo

        try:
            undo.undo_log(self.ctx.database(), log)
        except Exception as error:  # not undone: u still takes it back
            why = f"Not undone: {failure_words(error)} (u to try again)"
            self.post_message(Changed(why, log.touch_id, undo_again=log))
            return
        self.post_message(Changed(desk_log.UNDONE[log.kind], log.touch_id))
