"""Work in the background gives way to her keys.

The book is opened in a worker thread after the first frame, and opening it imports
SQLAlchemy: ~0.3 s of Python that holds the GIL for most of each module, so a key pressed
meanwhile waited 0.2-0.35 s for its frame. Here a thread's imports wait, before each
module, until no key has come for a moment: a key pressed at any time is answered at
once, and the import goes on while she reads.

Installed on the first key only (before any key there is nothing to give way to), for
threads other than the event loop's and Textual's own (keys in, frames out), and taken
out when the app closes.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

QUIET_SECONDS = 0.2
"""How long after a key the background imports wait: longer than the frame the key asks
for, shorter than the pause between the keys of a log (`o`, then a letter)."""


class KeyQuiet:
    """When her last key came, and a wait for the moment after it."""

    def __init__(self, quiet_seconds: float = QUIET_SECONDS) -> None:
        self.quiet_seconds = quiet_seconds
        self.last_key = float("-inf")
        self._finder: _GiveWay | None = None

    def key_pressed(self) -> None:
        """Called on the event loop for every key (a float stored: nothing to lock)."""
        self.last_key = time.monotonic()
        if self._finder is None:
            self._finder = _GiveWay(self, threading.current_thread())
            sys.meta_path.insert(0, self._finder)

    def wait(self) -> None:
        """Until no key has come for quiet_seconds (at once when none has)."""
        while (left := self.last_key + self.quiet_seconds - time.monotonic()) > 0:
            time.sleep(min(left, 0.05))  # in steps: quiet_seconds may be changed meanwhile

    def close(self) -> None:
        if self._finder is not None:
            # Another app's finder (tests open many) may sit before this one.
            if self._finder in sys.meta_path:
                sys.meta_path.remove(self._finder)
            self._finder = None


class _GiveWay:
    """A meta path finder that finds nothing: it only makes a background thread's
    import wait for a quiet moment, then lets the usual finders load the module."""

    def __init__(self, quiet: KeyQuiet, loop_thread: threading.Thread) -> None:
        self.quiet = quiet
        self.loop_thread = loop_thread

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        thread = threading.current_thread()
        # Not the loop's, nor Textual's own threads that read her keys and write frames.
        if thread is not self.loop_thread and not thread.name.startswith("textual-"):
            # A module being imported is locked meanwhile: the event loop, importing the
            # same module, waits at most quiet_seconds (no key reaches it while it waits).
            self.quiet.wait()
        return None
