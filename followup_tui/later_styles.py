"""Styles read when they cost her nothing: the desk's before the first frame (the app's
CSS_PATH), every other screen's right after it, widgets' defaults in a quiet moment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    _App = App[Any]
else:
    _App = object

AFTER_FIRST_FRAME_CSS = [
    # Each read at its screen's first push otherwise, and then every style of the app is
    # applied again: 50-100 ms on the first `a` or `e` instead of one frame. Read after
    # the first frame instead: nothing on the desk is styled again.
    "widgets/contact_search.tcss",
    "screens/contact_form.tcss",
    "screens/prompt.tcss",
    # Over contact_form.tcss's shared look: after it.
    "screens/quick_add.tcss",
    "screens/new_event.tcss",
    # A contact's own (its rules all under ContactScreen): the first Enter on a call
    # styled the whole app again (pty at 100,000 contacts: 0.6 s first, now 0.2 s).
    "screens/contact.tcss",
    # The list screens': the whole app was styled again at the first `w`, `g`, `t`...
    # (0.3 s of a first visit at 100,000 contacts).
    "screens/week_ahead.tcss",
    "screens/glance.tcss",
    "screens/lists.tcss",
    # The contacts list's: its first `c` re-read every stylesheet (~90 ms) and restyled
    # the whole app.
    "screens/contacts.tcss",
]


class LaterStyles(_App):
    """Mixed into the app: the stylesheets read after the first frame, and widgets'
    default styles parsed ahead of their first mount."""

    def read_later_css(self) -> None:
        here = Path(__file__).parent
        paths = [(here / path).resolve() for path in AFTER_FIRST_FRAME_CSS]
        if not self.stylesheet.has_source(str(paths[-1])):
            self.stylesheet.read_all(paths)
            self.stylesheet.parse()  # now, not in the frame of her first key

    def parse_default_css(self, widgets: list[type[Widget]]) -> None:
        """Widgets' default styles parsed now, in a quiet moment, not as they are first
        mounted: rules for widgets not shown restyle nothing on the screen."""
        for widget in widgets:
            # A bare instance: its class's styles are all _get_default_css reads.
            for read_from, css, tie_breaker, scope in widget.__new__(widget)._get_default_css():
                self.stylesheet.add_source(
                    css, read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
                )
        self.stylesheet.parse()

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        self.read_later_css()  # a key typed ahead may push a screen before the first frame
        super()._load_screen_css(screen)
