"""FollowupApp: wiring only. Screens own their behaviour and reach the app through its
context (followup_tui.context) and messages (followup_tui.messages)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from functools import partial
from importlib import import_module
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from followup_tui.context import AppContext
from followup_tui.first_opens import steps
from followup_tui.help_keys import HELP_BINDINGS, HelpKeys
from followup_tui.later_styles import LaterStyles
from followup_tui.messages import DayCounted, OpenContact, OpenScreen
from followup_tui.notices import SafeNotices
from followup_tui.pacing import Warming

if TYPE_CHECKING:
    pass


def _list_screen(module: str, name: str) -> Callable[[], Screen[None]]:
    """A list screen's class, imported when it is first opened, not before the first frame."""

    def make() -> Screen[None]:
        screen: Screen[None] = getattr(import_module(f"followup_tui.screens.{module}"), name)()
        return screen

    return make


def _followup_commands() -> type[Provider]:
    """The palette's own entries, imported when the palette first opens."""
    from followup_tui.commands import FollowupCommands

    return FollowupCommands


LIST_SCREENS = {
    "contacts": _list_screen("contacts", "ContactsScreen"),
    "week_ahead": _list_screen("week_ahead", "WeekAheadScreen"),
    "glance": _list_screen("glance", "GlanceScreen"),
    "parties": _list_screen("parties", "PartiesScreen"),
    "backorders": _list_screen("backorders", "BackordersScreen"),
    "team": _list_screen("team", "TeamScreen"),
    "import": _list_screen("import_file", "ImportScreen"),
}


WARM_AFTER = 1.0
"""Seconds after the book opens before warming (first_opens.py) begins: the desk's card,
script and whole list are read then."""


class FollowupApp(HelpKeys, SafeNotices, LaterStyles, App[None]):
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {_followup_commands}
    # Textual reads a screen's CSS_PATH when it is pushed, not for the default screen,
    # so the desk's styles are listed here; the rest follow the first frame (on_ready).
    CSS_PATH = [
        "app.tcss",
        "widgets/touch_table.tcss",
        "widgets/contact_card.tcss",
        "widgets/script_preview.tcss",
        "widgets/date_field.tcss",
        "screens/desk.tcss",
        "widgets/outcome_panel.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows the screen's keys, then these in this order, as far as the
        # terminal is wide: `?` first, as it lists every key (the rest are in ctrl+p too).
        *HELP_BINDINGS,
        # Priority: it must work from any field when someone walks up (Input uses ctrl+d
        # to delete forward; the delete key does that too).
        Binding("ctrl+d", "toggle_discreet", "Discreet", id="discreet", priority=True),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("w", "open('week_ahead')", "Week ahead", id="week-ahead", show=False),
        Binding("g", "open('glance')", "Glance", id="glance", show=False),
        Binding("p", "open('parties')", "Parties", id="parties", show=False),
        Binding("b", "open('backorders')", "Backorders", id="backorders", show=False),
        Binding("t", "open('team')", "Team", id="team", show=False),
        Binding("i", "open('import')", "Import", id="import", show=False),
        Binding("comma", "settings", "Settings", id="settings", show=False, key_display=","),
    ]

    collect_when_ready = False
    """Garbage collection was paused for the start (cli/launch.py): resumed at Ready."""
    discreet: reactive[bool] = reactive(False)
    """Hide facts, notes and order contents everywhere (names and due calls stay)."""

    def __init__(
        self,
        url: str,
        today: date,
        *,
        offer_demo: bool = False,
        capture: bool = False,
        on_duplicate: str = "skip",
        real_today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__()
        self.capture = capture
        self.on_duplicate = on_duplicate
        """`followup capture --on-duplicate`: skip (ask), merge or add."""
        # real_today: today follows the clock past midnight (not given by --today).
        notify = self._notify_from_thread
        self.ctx = AppContext(
            url, today, offer_demo=offer_demo, notify=notify, real_today=real_today
        )
        self.counts = ""
        # What a contact, the contacts and the team pay at their first open, paid while
        # she reads the desk instead (first_opens.py).
        # Begun once the book is open (after the first frame): the desk's card and list
        # are read then.
        styles = partial(self.call_from_thread, self.parse_default_css)
        self.warming = Warming(
            self.ctx.quiet,
            steps(self.ctx, styles),
            begin_when=lambda: self.ctx.is_open,
            settle=WARM_AFTER,
        )

    def _notify_from_thread(self, message: str, severity: str, seconds: float | None) -> None:
        self.notify(
            message, severity="error" if severity == "error" else "warning", timeout=seconds
        )

    def get_default_screen(self) -> Screen[None]:
        if self.capture:
            from followup_tui.screens.capture import CaptureScreen

            return CaptureScreen(self.on_duplicate)
        from followup_tui.screens.desk import DeskScreen

        return DeskScreen()

    @on(DayCounted)
    def show_counts(self, event: DayCounted) -> None:
        self.counts = event.words
        self._show_subtitle()

    def watch_discreet(self) -> None:
        self._show_subtitle()

    def _show_subtitle(self) -> None:
        self.sub_title = self.counts + (" · DISCREET" if self.discreet else "")

    def action_toggle_discreet(self) -> None:
        self.discreet = not self.discreet

    def action_open(self, name: str) -> None:
        """Push one of the app's list screens, imported only when first opened."""
        self.push_screen(LIST_SCREENS[name]())

    @on(OpenScreen)
    def open_screen(self, event: OpenScreen) -> None:
        self.action_open(event.name)

    @on(OpenContact)
    def open_contact(self, event: OpenContact) -> None:
        from followup_tui.screens.contact import ContactScreen

        self.push_screen(ContactScreen(event.contact_id))

    def action_settings(self) -> None:
        from followup_tui.screens.settings import open_settings

        open_settings(self, self.ctx)

    async def action_quit(self) -> None:
        # A log still waiting for a busy book is never dropped (screens/desk_waiting.py).
        from followup_tui.screens.desk_waiting import may_quit

        if may_quit(self, self.ctx):
            await super().action_quit()

    def on_ready(self) -> None:  # the first frame is on the screen
        self.read_later_css()
        self.warming.start()
        if self.collect_when_ready:
            # What the start made lives as long as the app: frozen, no collection walks it.
            gc.freeze()
            gc.enable()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The app's own workers fail as one line, like the screens'.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            from followup_tui.screens.base import show_failure

            show_failure(self, event.worker.error)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.ctx.quiet.key_pressed()  # what runs in the background gives way (pacing.py)
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.warming.stop()
        self.ctx.close()
