"""First run on an empty database: load the demo data, or start empty."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

WELCOME = """Welcome to followup!

This database is empty. Load a demo book of business
(about 200 contacts and a morning of calls) to look around,
or start empty and add your own people.

[b]d[/b]  load the demo data
[b]e[/b]  start empty (your name, web shop and the days you make calls first)"""


class WelcomeScreen(ModalScreen[bool]):
    """Answers True to load the demo data."""

    CSS_PATH = "welcome.tcss"
    BINDINGS = [
        Binding("d,enter", "answer(True)", "Demo data", id="welcome-demo"),
        Binding("e,escape", "answer(False)", "Start empty", id="welcome-empty"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box"):
            yield Static(WELCOME)

    def action_answer(self, demo: bool) -> None:
        self.dismiss(demo)
