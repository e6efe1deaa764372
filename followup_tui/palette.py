"""Command palette providers whose commands are actions by name, found as typed."""

from __future__ import annotations

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
