"""The `?` key, one key with three words: show every key, scroll on a page, hide them.

The help panel scrolls a page a press when it is longer than the terminal, and closes at
its end; the footer shows what the next press will do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App

    _App = App[Any]
else:
    _App = object

HELP_BINDINGS = [
    Binding("question_mark", "keys('show')", "Keys", id="help", key_display="?"),
    Binding("question_mark", "keys('more')", "More keys", id="help-more", key_display="?"),
    Binding("question_mark", "keys('hide')", "Hide keys", id="help-hide", key_display="?"),
]


class HelpKeys(_App):
    """Mixed into the app: which of the three `?` bindings applies, and what it does."""

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
