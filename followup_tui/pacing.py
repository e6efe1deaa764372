"""Work in the background gives way to her keys.

The book is opened in a worker thread after the first frame, and opening it imports
SQLAlchemy: ~0.3 s of Python that holds the GIL for most of each module, so a key pressed
meanwhile waited 0.2-0.35 s for its frame. Here a thread's imports wait, before each
module, until no key has come for a moment: a key pressed at any time is answered at
once, and the import goes on while she reads.

Installed on the first key only (before any key there is nothing to give way to), for
threads other than the event loop's and Textual's own (keys in, frames out), and taken
out when the app closes.

The same quiet moments warm what a screen pays for once (Warming): its modules imported,
its first statements compiled, while she reads, not after the key that opens it.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
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

    def wait(self, longer: float = 0.0) -> None:
        """Until no key has come for quiet_seconds (+ longer; at once when none has)."""
        while (left := self.last_key + self.quiet_seconds + longer - time.monotonic()) > 0:
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
        # Not the loop's, nor Textual's own threads that read her keys and write frames,
        # nor warming's: it begins a step only in a quiet moment, and a step held halfway
        # would hold its module's lock, which the loop, opening that screen, waits for.
        if (
            thread is not self.loop_thread
            and not thread.name.startswith("textual-")
            and thread.name != WARMING_THREAD
        ):
            # A module being imported is locked meanwhile: the event loop, importing the
            # same module, waits at most quiet_seconds (no key reaches it while it waits).
            self.quiet.wait()
        return None


WARMING_THREAD = "followup-warming"
WARM_PAUSE = 0.3
"""Warming waits this much longer after a key than the imports do: a step holds the
interpreter for a few ms to ~40 ms, and a step begun as she types would sit between two
of her keys."""


class Warming:
    """Steps run once, in order, in a thread of their own, each only after a quiet moment
    (KeyQuiet.wait): the first open of a screen then finds them done. A step that fails
    is left for the screen to meet (and say) when she opens it."""

    def __init__(
        self,
        quiet: KeyQuiet,
        steps: Sequence[Callable[[], object]],
        *,
        begin_when: Callable[[], bool] = lambda: True,
        settle: float = 0.0,
        pause: float = WARM_PAUSE,
    ) -> None:
        self.quiet = quiet
        self.steps = steps
        self.begin_when = begin_when
        """Polled before the first step (the book open: the start's own work done)."""
        self.settle = settle
        """Seconds more after begin_when, for what the start reads next (the card)."""
        self.pause = pause
        self.done = threading.Event()
        """Every step run (or the app closing stopped them)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=WARMING_THREAD, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            while not self.begin_when():
                if self._stop.wait(0.1):
                    return
            if self._stop.wait(self.settle):
                return
            for step in self.steps:
                self.quiet.wait(self.pause)
                if self._stop.is_set():
                    return
                try:
                    step()
                except Exception:  # the screen meets it again when opened, and says it
                    continue
        finally:
            self.done.set()
