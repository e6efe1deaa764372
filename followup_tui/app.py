"""FollowupApp: wiring only. Screens own their behaviour."""

from __future__ import annotations

import os
import threading
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from followup_tui.commands import FollowupCommands
from followup_tui.config import Settings

if TYPE_CHECKING:
    from followup_tui.db.engine import Database


# name -> (module under followup_tui.screens, screen class)
SCREENS = {
    "contacts": ("contacts", "ContactsScreen"),
    "week_ahead": ("glance", "WeekAheadScreen"),
    "glance": ("glance", "GlanceScreen"),
    "parties": ("parties", "PartiesScreen"),
    "backorders": ("orders", "BackordersScreen"),
    "team": ("team", "TeamScreen"),
    "import": ("import_file", "ImportScreen"),
}


class FollowupApp(App[None]):
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {FollowupCommands}
    CSS_PATH = [
        "app.tcss",
        "widgets/touch_table.tcss",
        "widgets/contact_card.tcss",
        "widgets/script_preview.tcss",
        "screens/contact_form.tcss",
        # Textual reads a screen's CSS_PATH when it is pushed, not for the default
        # screen, so the desk's styles are listed here.
        "screens/desk.tcss",
        # Read at the first push otherwise, and then every style of the app is applied
        # again: 50-100 ms on the first `o` of the morning instead of one frame.
        "screens/log_outcome.tcss",
        "screens/prompt.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows the screen's keys, then these in this order, as far as the
        # terminal is wide: `?` first, as it lists every key (the rest are in ctrl+p too).
        # One key, three words: the help panel scrolls a page a press when it is longer
        # than the terminal, and closes at its end.
        Binding("question_mark", "keys('show')", "Keys", id="help", key_display="?"),
        Binding("question_mark", "keys('more')", "More keys", id="help-more", key_display="?"),
        Binding("question_mark", "keys('hide')", "Hide keys", id="help-hide", key_display="?"),
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
        self, url: str, today: date, *, offer_demo: bool = False, capture: bool = False
    ) -> None:
        super().__init__()
        self.capture = capture
        self.url = url
        self.today = today
        self.offer_demo = offer_demo
        self._db: Database | None = None
        self._db_lock = threading.Lock()
        self.backup_thread: threading.Thread | None = None
        self.settings = Settings()
        self.counts = ""

    def database(self) -> Database:
        """Opened on first use, from a worker, so SQLAlchemy never delays the first frame."""
        with self._db_lock:
            if self._db is None:
                from followup_tui.db.engine import open_database
                from followup_tui.services.settings import load_settings

                self._db = open_database(self.url)
                self.settings = load_settings(self._db)  # see reload_settings
                # Beside, not in front: a big book's copy takes seconds.
                self.backup_thread = threading.Thread(target=self._daily_backup, daemon=True)
                self.backup_thread.start()
            return self._db

    def _daily_backup(self) -> None:
        """The last seven days' copies beside the database: a bad day is never final."""
        import sqlite3

        from followup_tui.db.backup import DamagedDatabase, daily_backup
        from followup_tui.paths import sqlite_file

        path = sqlite_file(self.url)
        if path is None:
            return
        try:
            daily_backup(path, self.today)
        except DamagedDatabase as exc:
            # The week's good copies are kept; she must know before she needs one.
            self.notify(str(exc), severity="error", timeout=3600)
        except (OSError, sqlite3.Error) as exc:
            # Her work goes on; she is told, once, in words (post_message is thread-safe).
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "failed"
            self.notify(f"Today's backup could not be written: {reason}", severity="warning")

    def get_default_screen(self) -> Screen[None]:
        if self.capture:
            from followup_tui.screens.capture import CaptureScreen

            return CaptureScreen()
        from followup_tui.screens.desk import DeskScreen

        return DeskScreen()

    def show_counts(self, due: int, done: int, left: int) -> None:
        self.counts = f"{self.today:%a %d %b} · {due} due · {done} done · {left} left"
        self._show_subtitle()

    def watch_discreet(self) -> None:
        self._show_subtitle()

    def _show_subtitle(self) -> None:
        self.sub_title = self.counts + (" · DISCREET" if self.discreet else "")

    def action_toggle_discreet(self) -> None:
        self.discreet = not self.discreet

    def _keys_state(self) -> str:
        """What `?` does now: show the help panel, scroll it on, or hide it."""
        from textual.widgets import HelpPanel, KeyPanel

        panel = self.screen.query(HelpPanel)
        if not panel:
            return "show"
        keys = panel.first().query(KeyPanel)
        if keys and keys.first().scroll_y < keys.first().max_scroll_y:
            return "more"
        return "hide"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keys":
            # One of the three `?` bindings at a time: its words say what it will do.
            return parameters == (self._keys_state(),)
        return True

    def action_keys(self, _words: str) -> None:
        from textual.widgets import KeyPanel

        # What it does is read again: the panel may have changed since the key was shown.
        state = self._keys_state()
        if state == "show":
            self.action_show_help_panel()
            # Once the panel has its size: whether it needs "more" is known then.
            self.call_after_refresh(self.refresh_bindings)
        elif state == "more":
            self.screen.query_one(KeyPanel).scroll_page_down(
                animate=False, on_complete=self.refresh_bindings
            )
        else:
            self.action_hide_help_panel()
            self.refresh_bindings()

    async def run_desk_action(self, action: str) -> None:
        """A desk key's action from the command palette: what the key does, when the desk
        is on screen and the action applies (its check_action, as for the key)."""
        from followup_tui.screens.desk import DeskScreen

        if isinstance(self.screen, DeskScreen):
            await self.run_action(action, self.screen)

    def action_open(self, name: str) -> None:
        """Push one of the app's list screens, imported only when first opened."""
        module, screen = SCREENS[name]
        self.push_screen(getattr(import_module(f"followup_tui.screens.{module}"), screen)())

    def open_contact(self, contact_id: int) -> None:
        from followup_tui.screens.contact import ContactScreen

        self.push_screen(ContactScreen(contact_id))

    def reload_settings(self) -> Settings:
        """The settings as the database holds them now (the demo, the command line or
        another window may have changed them), kept for the screens that read them."""
        from followup_tui.services.settings import load_settings

        self.settings = load_settings(self.database())
        return self.settings

    def on_desk_screen_changed(self) -> None:
        # The desk saved something (the demo data brings a name and a web shop): the
        # settings kept here follow. A message the desk handles bubbles on to here.
        self.run_worker(self.reload_settings, thread=True, group="settings", exit_on_error=False)

    def action_settings(self) -> None:
        # The form shows what the database holds now, never the cached copy: saving a
        # stale form would write its blanks over the web shop.
        if self._db is None:  # SQLAlchemy not even loaded yet: not on the event loop
            self.run_worker(self._settings_for_form, thread=True, exit_on_error=False)
        else:
            self._open_settings(self.reload_settings())  # one small read

    def _settings_for_form(self) -> None:
        self.call_from_thread(self._open_settings, self.reload_settings())

    def _open_settings(self, settings: Settings) -> None:
        from followup_tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):  # `,` pressed twice meanwhile
            self.push_screen(SettingsScreen(settings), self.save_settings)

    def save_settings(self, settings: Settings | None) -> None:
        if settings is not None:
            self.settings = settings
            self.run_worker(self._save_settings, thread=True, exit_on_error=False)

    def _save_settings(self) -> None:
        from followup_tui.services import settings

        settings.save_settings(self.database(), self.settings)
        self.call_from_thread(self.notify, "Settings saved.")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The app's own workers (saving settings) fail as one line, like the screens'.
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
        if self._db is not None:
            self._db.dispose()
