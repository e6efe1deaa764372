"""The `?` key: the keys of the screen it is pressed on, in a scrollable window
(screens/help.py); on the desk, grouped, with the Outcome pane's letters
(screens/desk_help.py). Both are imported when `?` is first pressed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App, SystemCommand
    from textual.screen import Screen

    _App = App[Any]
else:
    _App = object

HELP_BINDINGS = [
    Binding("question_mark", "help", "Keys", id="help", key_display="?"),
]


class HelpKeys(_App):
    """Mixed into the app: `?` opens the keys of the screen below it."""

    def action_help(self) -> None:
        from followup_tui.screens.help import HelpScreen, key_groups

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return  # its own `?` closes it
        if type(screen).__name__ == "DeskScreen":
            from followup_tui.screens.desk_help import desk_groups

            self.push_screen(HelpScreen("Keys on the desk", desk_groups(screen)))
        else:
            groups = key_groups(
                screen, {}, first=("This screen",), more="This screen", widget_group="This pane"
            )
            self.push_screen(HelpScreen("Keys", groups))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # The palette's "Keys" opens this help, not Textual's key panel.
        from textual.app import SystemCommand

        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "Every key on this screen, explained", self.action_help)
            else:
                yield command
