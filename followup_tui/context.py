"""What the screens need of the app, with no Textual: the database (opened on first use,
off the event loop), today, her settings, and the day's backup beside the database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from followup_tui.config import Settings

if TYPE_CHECKING:
    from textual.app import App

    from followup_tui.db.engine import Database

Notify = Callable[[str, str, float | None], None]
"""Tells her something in the app: (message, severity, seconds on screen or the default)."""


class AppContext:
    def __init__(
        self, url: str, today: date, *, offer_demo: bool = False, notify: Notify | None = None
    ) -> None:
        self.url = url
        self.today = today
        """The one "today" of this session (--today / FOLLOWUP_TODAY, else the real date)."""
        self.offer_demo = offer_demo
        """An empty book on its first run: the desk offers the demo data."""
        self.settings = Settings()
        """Her settings as last read (see reload_settings)."""
        self.backup_thread: threading.Thread | None = None
        self._notify = notify
        self._db: Database | None = None
        self._db_lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._db is not None

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

    def reload_settings(self) -> Settings:
        """The settings as the database holds them now (the demo, the command line or
        another window may have changed them), kept for the screens that read them."""
        from followup_tui.services.settings import load_settings

        self.settings = load_settings(self.database())
        return self.settings

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()

    def _daily_backup(self) -> None:
        """The last seven days' copies beside the database: a bad day is never final."""
        import sqlite3

        from followup_tui.db.backup import DamagedDatabase, daily_backup
        from followup_tui.paths import sqlite_file

        path = sqlite_file(self.url)
        if path is None:
            return
        try:
            daily_backup(path)  # by the real date: --today never names or trims a copy
        except DamagedDatabase as exc:
            # The week's good copies are kept; she must know before she needs one.
            self._say(str(exc), "error", 3600)
        except (OSError, sqlite3.Error) as exc:
            # Her work goes on; she is told, once, in words.
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "failed"
            self._say(f"Today's backup could not be written: {reason}", "warning", None)

    def _say(self, message: str, severity: str, seconds: float | None) -> None:
        if self._notify is not None:
            self._notify(message, severity, seconds)


def app_context(app: App[Any]) -> AppContext:
    """The app's context, typed, without importing the app (which imports every screen)."""
    ctx = getattr(app, "ctx", None)
    assert isinstance(ctx, AppContext)
    return ctx


def phone_region(app: App[Any]) -> str:
    """Her phone region, for numbers drawn in her national format ("US" when the app has
    no context: a widget tried on its own)."""
    ctx = getattr(app, "ctx", None)
    return ctx.settings.phone_region if isinstance(ctx, AppContext) else "US"
