"""Command palette providers whose commands are actions by name, found as typed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class Action:
    name: str
    help: str
    """What it does, shown under the name."""
    run: Callable[[], object]
    also: str = ""
    """Other words it is found by: "party" finds Parties."""


class ActionsProvider(Provider):
    """Commands by name (or their other words), found as typed."""

    def actions(self) -> list[Action]:
        raise NotImplementedError

    async def _wait_init(self) -> None:
        # Textual's wait passes a key's cancel on to startup itself: a key typed while a
        # big book's names were read (~1 s at 100,000) left the provider answering
        # nothing until the palette was opened again. Shielded, startup goes on, and
        # the search for the next key waits for it.
        if self._init_task is not None:
            await asyncio.shield(self._init_task)
        self._init_task = None

    async def discover(self) -> Hits:
        for action in self.actions():
            yield DiscoveryHit(action.name, action.run, help=action.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self.actions():
            score = matcher.match(action.name)
            if score > 0:
                yield Hit(score, matcher.highlight(action.name), action.run, help=action.help)
                continue
            # Found by another word: a little below a match of its own name.
            also = max((matcher.match(word) for word in action.also.split(",")), default=0)
            if also > 0:
                yield Hit(also * 0.9, action.name, action.run, text=action.name, help=action.help)
