"""The command palette (ctrl+p): the desk's keys and the app's screens by name, and
jumping to anyone by name."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from followup_tui.app import FollowupApp
    from followup_tui.domain.search import NameIndex
    from followup_tui.services.contact_views import ContactLine

CONTACT_HITS = 12
DESK_COMMANDS = (
    # (name, key, what it does, the desk's action: the one its key runs)
    ("Log outcome", "o", "how the call went, and what comes next", "log_outcome"),
    ("Note", "n", "a note on this contact", "add_note"),
    ("Fact", "f", "facts you learnt: perfume, kids, birthday", "add_fact"),
    ("Skip", "s", "skip this touch, saying why", "skip"),
    ("Later", "l", "move this touch to another day", "reschedule"),
    ("Undo log", "u", "take back the last outcome logged", "undo"),
    ("Add contact", "a", "quick-add someone you just met", "quick_add"),
    ("Order", "r", "record an order for this contact", "order"),
)


class FollowupCommands(Provider):
    """Actions by name, and `Open <contact>` for every contact."""

    async def startup(self) -> None:
        from followup_tui.domain.search import NameIndex  # rapidfuzz: when ctrl+p is pressed
        from followup_tui.services import contact_views

        app = self.followup_app
        self.lines: list[ContactLine] = await asyncio.to_thread(
            lambda: contact_views.contact_lines(app.database(), with_due=False)
        )
        self.index: NameIndex = NameIndex([line.name for line in self.lines])

    @property
    def followup_app(self) -> FollowupApp:
        from followup_tui.app import FollowupApp

        assert isinstance(self.app, FollowupApp)
        return self.app

    def desk_actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The desk's keys by name, those that apply now (as the footer shows them): on
        the desk, a call chosen, an outcome to undo."""
        from followup_tui.screens.desk import DeskScreen
        from followup_tui.widgets.touch_table import TouchTable

        desk = self.screen  # the screen the palette was opened on
        if not isinstance(desk, DeskScreen):
            return []
        chosen = desk.query_one(TouchTable).chosen
        app = self.followup_app
        found: list[tuple[str, str, Callable[[], object]]] = []
        for name, key, words, action in DESK_COMMANDS:
            if desk.check_action(action, ()):
                who = f"{chosen.name}: " if chosen and action not in {"undo", "quick_add"} else ""
                found.append((name, f"{key} · {who}{words}", partial(app.run_desk_action, action)))
        return found

    def actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.followup_app
        return [
            *self.desk_actions(),
            ("Contacts", "Find anyone by name or kind", partial(app.action_open, "contacts")),
            (
                "Week ahead",
                "Touches due in the next 7 days",
                partial(app.action_open, "week_ahead"),
            ),
            (
                "Week at a glance",
                "Calls, bookings, and who is going quiet",
                partial(app.action_open, "glance"),
            ),
            (
                "Parties",
                "Upcoming and past parties, guests, sales",
                partial(app.action_open, "parties"),
            ),
            (
                "Backorders",
                "Open backorders, soonest deadline first",
                partial(app.action_open, "backorders"),
            ),
            ("Team", "Team members by level, events", partial(app.action_open, "team")),
            (
                "Import contacts",
                "From a CSV or vCard file, with a preview",
                partial(app.action_open, "import"),
            ),
            ("Settings", "Your name, web shop, rhythms", app.action_settings),
            ("Discreet mode", "Hide facts, notes and order contents", app.action_toggle_discreet),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self.actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        found = await asyncio.to_thread(self.index.rank, query, CONTACT_HITS)
        for rank, row in enumerate(found):
            line = self.lines[row]
            yield Hit(
                0.9 - rank * 0.01,
                f"Open {line.name}",
                partial(self.followup_app.open_contact, line.id),
                text=f"Open {line.name}",
                help=line.kind,
            )
