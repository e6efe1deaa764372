"""The command palette (ctrl+p): the app's screens and actions by their words, and
jumping to anyone by name.

The desk adds its own keys by name (screens/desk_commands.py), while it is on screen;
the palette's own (theme, quit) are Textual's, with `Keys` opening this app's help.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits

from followup_tui.context import app_context
from followup_tui.messages import OpenContact, OpenScreen
from followup_tui.palette import Action, ActionsProvider
from followup_tui.palette_actions import add_team_member, back_up, export, new_event, new_party

if TYPE_CHECKING:
    from followup_tui.domain.search import NameIndex
    from followup_tui.services.contact_views import ContactNames

CONTACT_HITS = 12
SCREENS = (
    # (name, what it shows, the screen, other words it is found by)
    ("Contacts", "Find anyone by name or kind", "contacts", "people,search,find"),
    ("Week ahead", "Touches due in the next 7 days", "week_ahead", "upcoming,calendar"),
    ("Week at a glance", "Calls, bookings, and who is going quiet", "glance", "summary"),
    ("Parties", "Upcoming and past parties, guests, sales", "parties", "party"),
    ("Backorders", "Open backorders, soonest deadline first", "backorders", "backorder"),
    ("Team", "Team members by level, events", "team", "members,downline"),
    ("Import contacts", "From a CSV or vCard file, with a preview", "import", "csv,vcard"),
)


class FollowupCommands(ActionsProvider):
    """The screens by name, and `Open <contact>` for every contact."""

    async def startup(self) -> None:
        from followup_tui.domain.search import NameIndex  # rapidfuzz: when ctrl+p is pressed
        from followup_tui.services import contact_views

        ctx = app_context(self.app)
        self.people: ContactNames = await asyncio.to_thread(
            contact_views.contact_names, ctx.database()
        )
        self.index: NameIndex = NameIndex(self.people.names)

    def actions(self) -> list[Action]:
        app = self.app
        return [
            *(
                Action(name, words, partial(app.post_message, OpenScreen(screen)), also)
                for name, words, screen, also in SCREENS
            ),
            Action("New party", "Book a party: hostess, date, place", partial(new_party, app)),
            Action(
                "New event",
                "A team event, presentation or appointment: reminders planned",
                partial(new_event, app),
                "team event,presentation,appointment",
            ),
            Action(
                "Add team member",
                "Quick-add someone to your team",
                partial(add_team_member, app),
                "new team member,partner",
            ),
            Action(
                "Export contacts",
                "Every contact to a .csv or .vcf file, or the calls to .ics",
                partial(export, app),
                "csv,vcard,calendar,ics",
            ),
            Action(
                "Back up now",
                "A copy of the database in the backups folder",
                partial(back_up, app),
                "backup,copy",
            ),
            Action(
                "Settings",
                "Your name, web shop, rhythms",
                partial(app.run_action, "settings"),
                "preferences,options",
            ),
            Action(
                "Discreet mode",
                "Hide facts, notes and order contents",
                partial(app.run_action, "toggle_discreet"),
                "privacy,hide",
            ),
        ]

    async def search(self, query: str) -> Hits:
        async for hit in super().search(query):
            yield hit
        found = await asyncio.to_thread(self.index.rank, query, CONTACT_HITS)
        people = self.people
        for rank, row in enumerate(found):
            name = people.names[row]
            yield Hit(
                0.9 - rank * 0.01,
                f"Open {name}",
                partial(self.app.post_message, OpenContact(people.ids[row])),
                text=f"Open {name}",
                help=people.kinds[row],
            )
