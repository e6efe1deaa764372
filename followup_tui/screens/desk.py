"""The morning desk: today's list, the contact, the script, and the outcome of each call."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Header, ProgressBar, Static

from followup_tui.domain.model import Outcome
from followup_tui.domain.today import DueTouch
from followup_tui.messages import DayCounted, OpenContact, OpenScreen
from followup_tui.screens import (
    desk_forms,
    desk_handoff,
    desk_log,
    desk_start,
    desk_waiting,
    jot,
)
from followup_tui.screens.base import FollowupScreen
from followup_tui.screens.desk_commands import DeskCommands
from followup_tui.screens.desk_cursor import DeskCursor
from followup_tui.screens.desk_filter import (
    FILTER_BINDINGS,
    Shown,
    TodayFilter,
    filter_field,
    same_objects,
)
from followup_tui.screens.desk_live import DeskLive
from followup_tui.screens.desk_saves import Changed, DeskSaves
from followup_tui.screens.desk_waiting import DeskWaiting, PendingLog
from followup_tui.widgets.contact_card import ContactCard
from followup_tui.widgets.footer import Footer
from followup_tui.widgets.outcome_panel import OutcomePanel
from followup_tui.widgets.script_preview import ScriptPreview
from followup_tui.widgets.touch_table import TouchTable
from followup_tui.words import next_words

if TYPE_CHECKING:
    from followup_tui.domain.today import DayCounts
    from followup_tui.services.calls import Logged
    from followup_tui.services.undo import UndoLog

NEEDS_A_CALL = frozenset(
    {"log_outcome", "add_note", "add_fact", "skip", "reschedule", "order"}
    | {"copy_for_phone", "show_qr"}
)
"""The keys that act on the chosen call: greyed out when there is none."""
DEMO_LOADED = "Demo data loaded: a morning of calls is waiting."


class DeskScreen(DeskSaves, DeskWaiting, DeskLive, DeskCursor, TodayFilter, FollowupScreen):
    COMMANDS = {DeskCommands}
    # The footer keeps the calls' keys; adding, contacts and orders are in `?` and
    # ctrl+p, so that the footer fits 80 columns with `u` shown (tests/ui/
    # test_small_terminal.py checks it: a new key shown there needs the room).
    BINDINGS = [
        Binding("o", "log_outcome", "Log outcome", id="log-outcome"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("a", "quick_add", "Add contact", id="quick-add", show=False),
        Binding("c", "contacts", "Contacts", id="contacts", show=False),
        Binding("enter", "open_contact", "Open", id="open-contact", show=False),
        Binding("n", "add_note", "Note", id="add-note"),
        Binding("f", "add_fact", "Fact", id="add-fact"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("r", "order", "Order", id="record-order", show=False),
        Binding("l", "reschedule", "Later", id="reschedule"),
        Binding("y", "copy_for_phone", "Copy number or message", id="copy-for-phone", show=False),
        Binding("Q", "show_qr", "QR code for the phone", id="show-qr", show=False),
        Binding("ctrl+r", "refresh", "Refresh", id="refresh", show=False),
        *FILTER_BINDINGS,
    ]

    loads = 0
    """How many times today's list was asked for."""
    counts: DayCounts | None = None
    """The day's counts the header shows."""
    logging_item: DueTouch | None = None
    """The call being logged in the Outcome pane."""
    touch_id: var[int | None] = var(None)
    """The touch the cursor is on. Not a binding refresh on every move: the footer was
    built again each time (watch_touch_id refreshes it when its keys change)."""
    last_log: var[UndoLog | None] = var(None)
    """What the last outcome logged here changed, for undo (watch_last_log: the footer
    is built again only when `u` comes or goes, not at every log)."""

    @dataclass
    class Loaded(Message):
        items: list[DueTouch]
        counts: DayCounts
        keep: int | None
        overdue: int | None = None
        """Given when `items` is only the first window (the first frame's list)."""
        follow: bool = False
        """Keep the cursor where it is when this arrives (it may have moved meanwhile)."""
        number: int = 0
        """Which load_today this answers (0: the first look)."""
        has_contacts: bool | None = None
        """Anyone in the book, when the list is empty (None: not asked)."""
        late: int | None = None
        """How many of `items` are overdue, counted in the worker (None: count them)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield filter_field()
        with Horizontal(id="desk"):
            yield TouchTable(id="today")
            yield Static(id="desk-empty")  # in the list's place when there is no call
            with Vertical(id="desk-side"):
                yield ContactCard(id="contact")
                yield ScriptPreview(id="script")
        yield OutcomePanel(id="outcome-pane")
        yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#today").border_title = "Today"
        self.query_one("#contact").border_title = "Contact"
        self.query_one("#script").border_title = "Script"
        self.watch(self.app, "discreet", self.show_discreet)
        self.query_one(TouchTable).focus()
        if self.ctx.offer_demo:
            from followup_tui.screens.welcome import WelcomeScreen

            self.ctx.offer_demo = False
            self.app.push_screen(WelcomeScreen(), self.first_run)
        else:
            self.first_look()
        self.start_watching()
        desk_waiting.tell_of_earlier(self)

    def first_run(self, demo: bool | None) -> None:
        if demo:
            self.query_one(OutcomePanel).say(Text("Loading the demo data..."))
            desk_start.load_demo(self, lambda: self.post_message(Changed(DEMO_LOADED)))
        else:
            # Starting her own book: who she is and the days she makes calls, first.
            self.load_today()
            desk_start.ask_first_answers(self, lambda said: self.post_message(Changed(said)))

    def show_discreet(self, discreet: bool) -> None:
        self.query_one(ContactCard).discreet = discreet
        item = self._chosen()
        if item is not None:
            self.load_detail(item.touch.id, item.touch.contact_id)

    # --- loading ---------------------------------------------------------------------

    def first_look(self) -> None:
        """Today's first window without waiting for SQLAlchemy; the normal load when it
        cannot. On the event loop: a few ms of plain SQLite (an index and 200 rows), less
        than a worker thread costs while the app is still importing beside it."""
        from followup_tui.db.first_look import first_look
        from followup_tui.domain.today import DayCounts
        from followup_tui.paths import sqlite_file

        path = sqlite_file(self.ctx.url)
        look = first_look(path, self.ctx.today) if path else None
        if look is None:
            self.load_today()
            return
        counts = DayCounts(done=look.done, left=look.due)
        self.call_after_refresh(self.read_first_cards, look.items)
        # Shown now, not posted: the first frame then has the rows (one full render,
        # not an empty desk followed by a second render with the list).
        self.show_today(self.Loaded(look.items, counts, None, overdue=look.overdue))

    def load_today(
        self, keep: int | None = None, follow: bool = False, *, after_save: bool = False
    ) -> None:
        """Today's list again. `after_save`: a save of her own, its call already off the
        list: the list is read whole only when its calls are not the ones shown."""
        # Numbered: a load that read the book before a later one (say, before an outcome
        # was logged) may finish after it, and must not put a done call back.
        self.loads += 1
        self.asked_at, self.stale, self.asking = time.monotonic(), False, (keep, follow)
        shown = Shown(tuple(self.all_calls))
        self._load_today(self.loads, keep, follow, shown, self.held if after_save else None)

    @work(thread=True, exclusive=True, group="today", exit_on_error=False)
    def _load_today(
        self,
        number: int,
        keep: int | None,
        follow: bool,
        shown: Shown,
        held: frozenset[int] | None,
    ) -> None:
        from followup_tui.services import contact_views, due, orders

        db, today = self.ctx.database(), self.ctx.today
        orders.fold_welcome_calls(db, today)  # a reorder day come: one call, not several
        listed = {item.touch.id for item in shown.calls}
        if held is not None and listed and due.todays_call_ids(db, today) - held == listed:
            # The list she sees is the list: building 7,000 calls again in this thread
            # slowed her keys on the desk for a tenth of a second after each save.
            items = list(shown.calls)
        else:
            items = same_objects(due.todays_calls(db, today), shown.calls)
        counts = due.day_counts(db, today)
        anyone = True if items else contact_views.has_contacts(db)
        late = sum(1 for item in items if item.overdue_days(today))
        self.post_message(
            self.Loaded(
                items, counts, keep, follow=follow, number=number, has_contacts=anyone, late=late
            )
        )
        # What her first log's save imports, now while she reads: imported by the save
        # itself, after her Enter, it waited for her keys to pause (pacing.py), ~0.2 s.
        from followup_tui.services import calls, contacts  # noqa: F401

    @on(Loaded)
    def show_today(self, event: Loaded) -> None:
        if event.number < self.loads:
            return  # a later load is on its way: this one may be stale
        table = self.query_one(TouchTable)
        overdue = event.overdue if event.overdue is not None else event.late
        if overdue is None:
            today = self.ctx.today
            overdue = sum(1 for item in event.items if item.overdue_days(today))
        self.list_title = f"Today · {event.counts.left}" + (
            f" ({overdue} overdue)" if overdue else ""
        )
        items = self.filtered(self.shown_calls(event.items))
        table.border_title = self.filter_title(len(items))
        self.show_counts(event.counts)
        keep = self.keep_near(items, self.touch_id if event.follow else event.keep)
        table.show(items, self.ctx.today, keep=keep)
        if event.overdue is not None:
            # The first frame had the first window; the whole list follows once painted.
            self.call_after_refresh(self.load_today, follow=True)
        if not items:
            self.nothing_chosen()
        # No call: what to do instead. The first look, which does not know whether
        # anyone is in the book, leaves it to the load that follows.
        if event.items or event.has_contacts is not None:
            desk_start.show_empty(self, bool(event.items), event.has_contacts, event.counts.done)

    def show_counts(self, counts: DayCounts) -> None:
        """The header's "due · done · left"; kept to count a log at once when it lands."""
        self.counts, c = counts, counts
        self.post_message(
            DayCounted(f"{self.ctx.today:%a %d %b} · {c.due} due · {c.done} done · {c.left} left")
        )

    def nothing_chosen(self) -> None:
        self.touch_id = None
        self.query_one(ContactCard).detail = None
        self.query_one(ScriptPreview).script = None

    @on(TouchTable.RowSelected)
    def open_chosen(self) -> None:
        self.action_open_contact()

    def watch_last_log(self, old: UndoLog | None, new: UndoLog | None) -> None:
        if (old is None) != (new is None):
            self.refresh_bindings()

    def watch_touch_id(self, old: int | None, new: int | None) -> None:
        # The keys that need a call are greyed out or not only when there is one or none.
        if (old is None) != (new is None):
            self.refresh_bindings()

    # --- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.query_one(OutcomePanel).active:
            return False  # the Outcome pane holds the keys until the log is saved or cancelled
        if action in NEEDS_A_CALL:
            return self.touch_id is not None
        if action == "undo":
            return self.last_log is not None
        allowed = self.filter_allows(action)
        return True if allowed is None else allowed

    def _chosen(self) -> DueTouch | None:
        return self.query_one(TouchTable).chosen

    def chosen_call(self) -> DueTouch | None:
        return self._chosen()

    def forget_undo(self) -> None:
        self.last_log = None

    def action_log_outcome(self) -> None:
        item = self._chosen()
        if item is None:
            return
        from followup_tui.domain.playbooks import default_library

        self.logging_item = item
        panel = self.query_one(OutcomePanel)
        panel.phone_region = self.ctx.settings.phone_region
        if item.is_corporate_backorder:
            desk_log.offer_catalogue(self, panel)  # for a substitute's replacement
        panel.start(
            item.name,
            item.title,
            self.ctx.today,
            ask_choice=item.is_corporate_backorder,
            offer_meeting=default_library()[item.touch.playbook].takes_meetings,
        )

    def on_key(self, event: events.Key) -> None:
        panel = self.query_one(OutcomePanel)
        if panel.asking_keys:
            panel.take_key(event)

    @on(OutcomePanel.StateChanged)
    def log_state_changed(self) -> None:
        # After the frame: the question shows first; the footer's keys and the list's
        # logging look (the same as its focused look, and a restyle) follow.
        self.call_after_refresh(self._follow_log_state)

    def _follow_log_state(self) -> None:
        self.query_one(TouchTable).set_class(self.query_one(OutcomePanel).active, "-logging")
        self.refresh_bindings()
        self.free_again()

    @on(OutcomePanel.Cancelled)
    def log_cancelled(self) -> None:
        self.logging_item = None
        self.query_one(TouchTable).focus()

    @on(OutcomePanel.Chosen)
    def log_chosen(self, event: OutcomePanel.Chosen) -> None:
        item, self.logging_item = self.logging_item, None
        self.query_one(TouchTable).focus()
        if item is None:
            return
        words = self.query_one(OutcomePanel).summary()
        if desk_log.needs_products(event.outcome):
            desk_log.ask_reorder(
                self,
                item,
                event.outcome,
                logged=lambda logged: self.log_settled(
                    PendingLog(item, event.outcome, words, self.leave_list(item), self.ctx.today),
                    logged,
                ),
                not_logged=partial(self.resume_log, item, event.outcome),
            )
            return
        self.query_one(OutcomePanel).say(
            Text.assemble(("Saving: ", "bold"), f"{item.name}: {words}...")
        )
        self.start_saving(
            PendingLog(item, event.outcome, words, self.leave_list(item), self.ctx.today)
        )

    def resume_log(self, item: DueTouch, outcome: Outcome, why_not: str) -> None:
        """A log not saved: the call back in its place with the cursor on it, and the log
        as it was answered, the reason beside the note."""
        self.release(item.touch.id)
        self.query_one(OutcomePanel).say(Text(f"Not saved: {why_not}"))
        self.load_today(item.touch.id)
        self.logging_item = item
        self.query_one(OutcomePanel).resume(outcome, why_not)

    def leave_list(self, item: DueTouch) -> int | None:
        """Take a worked call off the list now, the cursor on the next one, before the
        save and the reload: a key pressed meanwhile acts on the next call, not this one.
        Answers the touch the cursor went on to."""
        self.loads += 1  # a list read before this save must not put the call back
        self.hold(item.touch.id)  # nor one read while it is saved (or waits)
        self.forget_call(item.touch.id)
        return self.query_one(TouchTable).remove_call(item.touch.id)

    def log_settled(
        self, log: PendingLog, saved: Logged | desk_log.Refused, *, retried: bool = False
    ) -> None:
        """A log saved ("Logged: ..."), or refused: back in the pane with what was typed,
        or, the call worked elsewhere, what was typed kept on her card (save_log)."""
        if isinstance(saved, desk_log.Refused):
            if not saved.try_again:
                self.post_message(Changed(saved.why, log.keep, release=log.item.touch.id))
            elif self.query_one(OutcomePanel).active:  # she is on another log: not over it
                self.release(log.item.touch.id)  # back on the list when she is done
                self.refresh_when_free()
                desk_waiting.keep_typed(self, log, saved.why)
            else:
                self.resume_log(log.item, log.outcome, saved.why)
            return
        self.release(log.item.touch.id)
        text = Text.assemble(("Logged: ", "bold"), f"{log.item.name}: {log.words}.")
        text.append(next_words(saved.what_next))
        text.append("  (u to undo)", "dim")
        self.query_one(OutcomePanel).say(text)
        self.last_log = saved.undo
        if self.counts is not None and log.day == self.ctx.today:
            # "1 done" as the save lands, not after the list's reload (~0.5 s at 100,000).
            new_due = (scheduled.due for scheduled in saved.scheduled)
            self.show_counts(self.counts.after_log(new_due, self.ctx.today))
        if retried:  # landed minutes later: the cursor stays where she is now
            self.refresh_when_free()
        else:
            self.load_today(log.keep, after_save=True)

    def action_add_note(self) -> None:
        item = self._chosen()
        if item is not None:
            jot.ask_note(self, item.touch.contact_id, item.name, self._said("Note saved."))

    def action_add_fact(self) -> None:
        item = self._chosen()
        if item is not None:
            jot.ask_facts(self, item.touch.contact_id, item.name, self._said("Facts saved."))

    def _said(self, words: str) -> Callable[[], None]:
        def say() -> None:
            self.post_message(Changed(words))

        return say

    @on(Changed)
    def saved(self, event: Changed) -> None:
        self.release(event.release)
        message = Text(event.message)
        if event.undo is not None:
            self.last_log = event.undo
            message.append("  (u to undo)", "dim")
        if event.undo_again is not None:
            self.last_log = event.undo_again
        self.query_one(OutcomePanel).say(message)
        # A call taken off the list (skipped, moved): read whole only if the calls on it
        # changed; one kept on it (moved to a time today) may show changed, so read whole.
        taken_off = event.release is not None and event.keep != event.release
        self.load_today(event.keep or self.touch_id, after_save=taken_off or not event.release)
        # The demo data brings a name and a web shop: the settings the forms start from follow.
        self.run_worker(
            self.ctx.reload_settings, thread=True, group="settings", exit_on_error=False
        )

    def action_undo(self) -> None:
        if self.last_log is not None:
            self.undo(self.last_log)
            self.last_log = None

    def action_order(self) -> None:
        desk_forms.order(self, self._chosen(), self._say_changed)

    def action_quick_add(self) -> None:
        desk_forms.quick_add(self, self._say_changed)

    def _say_changed(self, said: str) -> None:
        self.post_message(Changed(said))

    def action_copy_for_phone(self) -> None:
        desk_handoff.copy_for_phone(self, self._chosen(), self.query_one(OutcomePanel).say)

    def action_show_qr(self) -> None:
        desk_handoff.show_qr(self, self._chosen(), self.query_one(OutcomePanel).say)

    def action_contacts(self) -> None:
        self.post_message(OpenScreen("contacts"))

    def action_open_contact(self) -> None:
        item = self._chosen()
        if item is not None:
            self.post_message(OpenContact(item.touch.contact_id))

    def on_screen_resume(self) -> None:
        # Back from another screen: what was changed there (or elsewhere) shows here.
        if self.is_mounted and (self.all_calls or self.stale):
            self.load_today(self.touch_id)

    def action_refresh(self) -> None:
        self.load_today(self.touch_id)
