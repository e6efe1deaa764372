"""FollowupApp: wiring only. Screens own their behaviour and reach the app through its
context (followup_tui.context) and messages (followup_tui.messages)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from followup_tui.commands import FollowupCommands
from followup_tui.context import AppContext
from followup_tui.help_keys import HELP_BINDINGS, HelpKeys
from followup_tui.messages import DayCounted, OpenContact, OpenScreen
from followup_tui.notices import SafeNotices


def _list_screen(module: str, name: str) -> Callable[[], Screen[None]]:
    """A list screen's class, imported when it is first opened, not before the first frame."""

    def make() -> Screen[None]:
        from importlib import import_module

        screen: Screen[None] = getattr(import_module(f"followup_tui.screens.{module}"), name)()
        return screen

    return make


LIST_SCREENS = {
    "contacts": _list_screen("contacts", "ContactsScreen"),
    "week_ahead": _list_screen("week_ahead", "WeekAheadScreen"),
    "glance": _list_screen("glance", "GlanceScreen"),
    "parties": _list_screen("parties", "PartiesScreen"),
    "backorders": _list_screen("backorders", "BackordersScreen"),
    "team": _list_screen("team", "TeamScreen"),
    "import": _list_screen("import_file", "ImportScreen"),
}


class FollowupApp(HelpKeys, SafeNotices, App[None]):
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {FollowupCommands}
    CSS_PATH = [
        "app.tcss",
        "widgets/touch_table.tcss",
        "widgets/contact_card.tcss",
        "widgets/script_preview.tcss",
        "widgets/contact_search.tcss",
        "widgets/date_field.tcss",
        "screens/contact_form.tcss",
        # Textual reads a screen's CSS_PATH when it is pushed, not for the default
        # screen, so the desk's styles are listed here.
        "screens/desk.tcss",
        # Read at the first push otherwise, and then every style of the app is applied
        # again: 50-100 ms on the first `o` of the morning instead of one frame.
        "widgets/outcome_panel.tcss",
        "screens/prompt.tcss",
        # Quick add is opened in the minute after meeting someone: no restyle first.
        "screens/quick_add.tcss",
        # Its DEFAULT_CSS was read when the module loaded; as a screen CSS_PATH the first
        # `e` would restyle the whole app.
        "screens/new_event.tcss",
        # The list screens': read at the first `w`, `g`, `t`... the whole app was styled
        # again first (0.3 s of a first visit at 100,000 contacts).
        "screens/week_ahead.tcss",
        "screens/glance.tcss",
        "screens/lists.tcss",
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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The app's own workers fail as one line, like the screens'.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            from followup_tui.screens.base import show_failure

            show_failure(self, event.worker.error)

    def _fatal_error(self) -> None:
        # Textual's crash report prints local variables: typed notes and names would
        # land on the screen and in a pasted bug report. One line instead, unless
        # FOLLOWUP_DEBUG asks for everything.
        if os.environ.get("FOLLOWUP_DEBUG"):
            super()._fatal_error()
            return
        kind = type(self._exception).__name__ if self._exception else "error"
        self.bell()
        self._exit_renderables.append(
            f"followup stopped unexpectedly ({kind}); everything saved before is safe. "
            "Run with FOLLOWUP_DEBUG=1 for details."
        )
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        self.ctx.close()
