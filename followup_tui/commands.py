"""The command palette (ctrl+p): the app's screens by name, and jumping to anyone by name.

The desk adds its own keys by name (screens/desk_commands.py), while it is on screen.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits

from followup_tui.context import app_context
from followup_tui.messages import OpenContact, OpenScreen
from followup_tui.palette import Action, ActionsProvider

if TYPE_CHECKING:
    from followup_tui.domain.search import NameIndex
    from followup_tui.services.contact_views import ContactLine

CONTACT_HITS = 12
SCREENS = (
    ("Contacts", "Find anyone by name or kind", "contacts"),
    ("Week ahead", "Touches due in the next 7 days", "week_ahead"),
    ("Week at a glance", "Calls, bookings, and who is going quiet", "glance"),
    ("Parties", "Upcoming and past parties, guests, sales", "parties"),
    ("Backorders", "Open backorders, soonest deadline first", "backorders"),
    ("Team", "Team members by level, events", "team"),
    ("Import contacts", "From a CSV or vCard file, with a preview", "import"),
)


class FollowupCommands(ActionsProvider):
    """The screens by name, and `Open <contact>` for every contact."""

    async def startup(self) -> None:
        from followup_tui.domain.search import NameIndex  # rapidfuzz: when ctrl+p is pressed
        from followup_tui.services import contact_views

        ctx = app_context(self.app)
        self.lines: list[ContactLine] = await asyncio.to_thread(
            lambda: contact_views.contact_lines(ctx.database(), with_due=False)
        )
        self.index: NameIndex = NameIndex([line.name for line in self.lines])

    def actions(self) -> list[Action]:
        app = self.app
        return [
            *(
                (name, words, partial(app.post_message, OpenScreen(screen)))
                for name, words, screen in SCREENS
            ),
            ("Settings", "Your name, web shop, rhythms", partial(app.run_action, "settings")),
            (
                "Discreet mode",
                "Hide facts, notes and order contents",
                partial(app.run_action, "toggle_discreet"),
            ),
        ]

    async def search(self, query: str) -> Hits:
        async for hit in super().search(query):
            yield hit
        found = await asyncio.to_thread(self.index.rank, query, CONTACT_HITS)
        for rank, row in enumerate(found):
            line = self.lines[row]
            yield Hit(
                0.9 - rank * 0.01,
                f"Open {line.name}",
                partial(self.app.post_message, OpenContact(line.id)),
                text=f"Open {line.name}",
                help=line.kind,
            )
