"""Command palette providers whose commands are actions by name, found as typed."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

Action = tuple[str, str, Callable[[], object]]
"""(name, what it does, what runs it)"""


class ActionsProvider(Provider):
    """Commands by name, found as typed."""

    def actions(self) -> list[Action]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, help_text, callback in self.actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
