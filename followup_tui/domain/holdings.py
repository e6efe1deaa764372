"""Which contacts' texts hold a search's words, kept between keys: a word typed on looks
only through what the shorter words were found in, a key deleted finds its words still
kept, and the words on screen are looked for ahead of the next key, while she reads.

A search through every text takes 10-50 ms at 100,000 contacts (11 M characters); the
same search through what the last key found takes a fraction of that.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from followup_tui.domain.search import all_in

KEPT = 12
"""Searches kept (of ~1 MB at most each): deleting a few keys finds them again."""
STEP = 1024
"""Rows looked through at a time by a search ahead: it gives way to a key between steps."""


@dataclass
class _Held:
    """The rows found so far holding every word, of `todo` looked through up to `at`.
    `todo` is in the book's order, so `found` is too."""

    found: list[int]
    todo: Sequence[int]
    at: int = 0

    @property
    def done(self) -> bool:
        return self.at >= len(self.todo)

    def could_hold(self) -> list[int]:
        """Every row that may hold the words, in order: found, and not yet looked at."""
        return self.found + list(self.todo[self.at :])


class Holdings:
    """Rows whose text holds every word of a search, of every row or of one kind."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._held: OrderedDict[tuple[str | None, str], _Held] = OrderedDict()
        # The search for a key and the search ahead run in two threads.
        self._lock = threading.Lock()
        self._asked = 0
        """Goes up with each key: a search ahead stops at its next step."""

    def give_way(self) -> None:
        """A key is coming: a search ahead stops (its rows so far are kept)."""
        self._asked += 1

    def holding(self, words: list[str], kind: str | None, every: Sequence[int]) -> list[int]:
        """The rows of `every` (book order) whose text holds every word, in order."""
        self.give_way()
        with self._lock:
            held = self._held_for(words, kind, every)
            self._look(held, words, len(held.todo))
            return list(held.found)

    def ahead(
        self,
        words: list[str],
        kind: str | None,
        every: Sequence[int],
        pause: float = 0.0,
        steps: int | None = None,
    ) -> None:
        """`holding`, a step at a time, until done, a key comes (give_way) or after
        `steps` steps."""
        asked = self._asked
        while self._asked == asked and (steps is None or steps > 0):
            steps = None if steps is None else steps - 1
            with self._lock:
                held = self._held_for(words, kind, every)
                if held.done:
                    return
                self._look(held, words, STEP)
            # The interpreter to the event loop: a key waits for one step, not for the
            # 5 ms a thread holds it otherwise.
            time.sleep(pause)

    def narrowed(self, words: list[str], kind: str | None, every: Sequence[int]) -> Sequence[int]:
        """Rows, in order, among which every row holding `words` is: those a search for
        fewer letters kept, else `every`."""
        with self._lock:
            base = self._base(kind, " ".join(words))
            return every if base is None else base.could_hold()

    def _held_for(self, words: list[str], kind: str | None, every: Sequence[int]) -> _Held:
        typed = " ".join(words)
        held = self._held.get((kind, typed))
        if held is None:
            base = self._base(kind, typed)
            held = _Held([], every if base is None else base.could_hold())
            self._held[(kind, typed)] = held
            while len(self._held) > KEPT:
                self._held.popitem(last=False)
        self._held.move_to_end((kind, typed))
        return held

    def _base(self, kind: str | None, typed: str) -> _Held | None:
        """The kept search for the longest start of `typed` (words typed on: what holds
        them holds those too), itself included."""
        best: tuple[int, _Held] | None = None
        for (of, words), held in self._held.items():
            if of == kind and typed.startswith(words) and (best is None or len(words) > best[0]):
                best = (len(words), held)
        return None if best is None else best[1]

    def _look(self, held: _Held, words: list[str], rows: int) -> None:
        chunk = held.todo[held.at : held.at + rows]
        held.found += all_in(self.texts, chunk, words)
        held.at += len(chunk)
