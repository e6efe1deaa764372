"""What the screens need of the app, with no Textual: the database (opened on first use,
off the event loop), today, her settings, and the day's backup beside the database."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_tui.config import Settings
from followup_tui.pacing import KeyQuiet

if TYPE_CHECKING:
    from textual.app import App

    from followup_tui.db.engine import Database
    from followup_tui.db.watch import ChangeProbe

Notify = Callable[[str, str, float | None], None]
"""Tells her something in the app: (message, severity, seconds on screen or the default)."""


class AppContext:
    def __init__(
        self,
        url: str,
        today: date,
        *,
        offer_demo: bool = False,
        notify: Notify | None = None,
        real_today: Callable[[], date] | None = None,
    ) -> None:
        self.url = url
        self.today = today
        """The one "today" of this session (--today / FOLLOWUP_TODAY, else the real date)."""
        self.real_today = real_today
        """The real date's source when today follows it (clock.real_today); None when
        today was pinned: an open desk then never moves to another day."""
        self.waiting: dict[int, str] = {}
        """Logs answered at the desk and not yet saved or refused (on their way, or
        waiting for a busy book), by call, in words: what quitting, a closed terminal
        or a crash keeps in a file rather than drop (see keep_waiting)."""
        self.trying: set[int] = set()
        """The calls whose log is being saved right now, in a thread."""
        self.quitting = False
        """The last q was pressed: no new try begins (see begin_try)."""
        self.quit_asked = False
        """She was told that quitting now keeps the waiting logs in a file."""
        self._pending = threading.RLock()
        self._earlier: str | None = None
        """The unsaved-logs file as this session found it (None: not read yet)."""
        self._written = False
        """The file holds this session's logs: each change to them rewrites it."""
        self.offer_demo = offer_demo
        """An empty book on its first run: the desk offers the demo data."""
        self.settings = Settings()
        """Her settings as last read (see reload_settings)."""
        self.backup_thread: threading.Thread | None = None
        self.quiet = KeyQuiet()
        """Her keys, told by the app: the book's opening in a thread gives way to them."""
        self.search_book: object | None = None
        """What the contacts screen's search looks through, kept between its opens while
        the book has not changed (services.contact_views.SearchBook)."""
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
        # Quit by another way than q (ctrl+c, the palette); a failure has nowhere left
        # to be said: may_quit asked first on every q.
        self.quitting = True
        with contextlib.suppress(OSError):
            self.keep_waiting()
        close_kept = getattr(self.search_book, "close", None)
        if close_kept is not None:
            close_kept()
        if self._db is not None:
            self._db.dispose()
        self.quiet.close()

    def change_probe(self) -> ChangeProbe | None:
        """What tells an open desk that another window or the shell wrote (db/watch.py);
        None when this book cannot be watched, or is not open (yet, or ever: a book
        refused as tampered with is never touched again). Opened in the caller's thread."""
        if self._db is None:  # asked before the import: the desk's start stays light
            return None
        from followup_tui.db.watch import change_probe
        from followup_tui.paths import sqlite_file

        return change_probe(sqlite_file(self.url))

    def new_day(self, day: date) -> None:
        """Midnight passed with the app open: today moves on, and the new day's backup is
        taken (beside, not in front, as at the start)."""
        self.today = day
        if self._db is not None:
            self.backup_thread = threading.Thread(target=self._daily_backup, daemon=True)
            self.backup_thread.start()

    def unsaved_file(self) -> Path:
        """Where logs still waiting at quit are kept: beside the book, hers alone."""
        from followup_tui.paths import sqlite_file

        book = sqlite_file(self.url)
        if book is None:  # another engine: the default book's folder
            from followup_tui.paths import default_db_path

            return default_db_path().with_name("followup-unsaved-logs.txt")
        return book.with_name(f"{book.stem}-unsaved-logs.txt")

    def pend(self, touch_id: int, line: str) -> None:
        """A log answered: pending until it is saved or refused (settle)."""
        with self._pending:
            self.waiting[touch_id] = line

    def begin_try(self, touch_id: int) -> bool:
        """A save of the call's log may start (not once the last q was pressed)."""
        with self._pending:
            if self.quitting:
                return False
            self.trying.add(touch_id)
            return True

    def stop_trying(self) -> bool:
        """No new try begins (quitting); whether a save is on its way still."""
        with self._pending:
            self.quitting = True
            return bool(self.trying)

    def end_try(self, touch_id: int, *, landed: bool) -> None:
        """A save answered. Landed (saved or refused): no longer pending, and gone from
        the file at once; else (busy) it waits, and the file keeps it from now on, so a
        closed terminal or a crash cannot lose it."""
        with self._pending:
            self.trying.discard(touch_id)
            if landed:
                self.waiting.pop(touch_id, None)
                if not self.waiting:
                    self.quit_asked = False  # a later wait warns again
            if not landed or self._written:
                with contextlib.suppress(OSError):  # said again at quit (may_quit)
                    self.keep_waiting()

    def set_aside(self, line: str) -> Path:
        """What was typed that could be neither saved nor given back, kept in the file
        for good (beside this session's pending logs)."""
        with self._pending:
            self._read_earlier()
            self._earlier = f"{self._earlier}{line}\n"
            self._rewrite()
            return self.unsaved_file()

    def keep_waiting(self) -> Path | None:
        """The unsaved-logs file rewritten to hold what it held before this session plus
        the logs pending now (0600, fsync, replaced whole): a log saved meanwhile is never
        listed. The file's path while logs are pending, else None."""
        with self._pending:
            if not self.waiting and not self._written:
                return None
            self._read_earlier()
            self._rewrite()
            return self.unsaved_file() if self.waiting else None

    def _read_earlier(self) -> None:
        if self._earlier is None:
            try:
                self._earlier = self.unsaved_file().read_text(encoding="utf-8")
            except FileNotFoundError:
                self._earlier = ""

    def _rewrite(self) -> None:
        import os

        path = self.unsaved_file()
        text = (self._earlier or "") + "".join(f"{line}\n" for line in self.waiting.values())
        self._written = bool(self.waiting)
        if not text:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return
        part = path.with_name(f".{path.name}.{os.getpid()}.part")
        with contextlib.suppress(FileNotFoundError):
            part.unlink()  # a crash's leftover
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(part, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)

    def _daily_backup(self) -> None:
        """The last seven days' copies beside the database: a bad day is never final."""
        import sqlite3

        from followup_tui.db.backup import DamagedDatabase, daily_backup
        from followup_tui.paths import sqlite_file

        path = sqlite_file(self.url)
        if path is None:
            return
        self.quiet.wait()  # work that can wait gives way to her keys (pacing.py)
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
