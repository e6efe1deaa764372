"""The footer's keys, composed again only when they change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer, which composes its keys again at every change of a screen's
    bindings: four times as a screen opens (mount, focus, its table's first rows), each
    key a widget styled against every rule of the app. Here only when what it would show
    differs from what it shows: once as a screen opens."""

    _shown: Hashable = None
    _pending = False

    def shown_keys(self) -> Hashable:
        """What compose would show: each shown binding's key, words and state."""
        return (
            self.show_command_palette,
            self.compact,
            tuple(
                (binding.key, binding.description, binding.action, enabled, tooltip)
                for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self.shown_keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual's, but one recompose pending at a time (it reads the keys as they are
        # then), and none when they are what is shown.
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._pending or self.shown_keys() == self._shown:
            return
        self._pending = True
        self.call_after_refresh(self._compose_keys)

    async def _compose_keys(self) -> None:
        self._pending = False
        await self.recompose()
