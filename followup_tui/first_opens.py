"""What a contact, the contacts list and the team pay the first time they open in a
sitting, paid in quiet moments after the start instead (pacing.Warming).

At 100,000 contacts their first open took 170-255 ms against ~100-150 ms the second:
their modules imported on the event loop at the key (a contact's ~100 ms, the contacts
list's ~40 and its widgets' default styles, the team's ~30, the team's besides held by
the import gate for 0.2 s after the key, its worker being a thread other than the
loop's), and the first run of their statements (SQLAlchemy compiles each once; mappers
configured at the first ORM query): a contact's first read ~120 ms of Python against
~10 ms after, the team's ~40 more.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import import_module
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from textual.widget import Widget

    from followup_tui.context import AppContext

MODULES = [
    # Leaves first: each step is one module's own time, a few ms to ~40 (quick_add).
    # A contact (Enter on the desk, the most often opened):
    "textual._text_area_theme",
    "textual.widgets._text_area",
    "followup_tui.widgets.fields",
    "followup_tui.screens.quick_add",
    "followup_tui.screens.edit_contact",
    "followup_tui.widgets.contact_search",
    "followup_tui.screens.merge",
    "followup_tui.screens.orders",
    "followup_tui.screens.contact",
    "followup_tui.services.contact_views",
    # The contacts list:
    "followup_tui.validation",
    "followup_tui.widgets.window_table",
    "followup_tui.screens.contact_rows",
    "textual.widgets._input",
    "textual.widgets._select",
    "followup_tui.screens.contacts",
    # The team:
    "followup_tui.screens.new_event",
    "followup_tui.screens.team",
    "followup_tui.services.team",
    # The other list screens': a module their worker imports at the first open waits
    # besides for the import gate, until 0.2 s after the key that opened the screen.
    "followup_tui.screens.week_ahead",
    "followup_tui.services.glance",
    "followup_tui.screens.glance",
    "followup_tui.services.adding",
    "followup_tui.services.parties",
    "followup_tui.screens.new_party",
    "followup_tui.screens.parties",
    "followup_tui.services.orders",
    "followup_tui.services.backorders",
    "followup_tui.screens.backorders",
]


STYLED = [
    # The widgets the contacts list shows first of any screen: their default styles are
    # parsed when first mounted otherwise (the loop, at the first `c`).
    ("textual.widgets._select", "Select"),
    ("textual.widgets._select", "SelectCurrent"),
    ("textual.widgets._select", "SelectOverlay"),
    ("followup_tui.widgets.window_table", "WindowTable"),
]

Styles: TypeAlias = "Callable[[list[type[Widget]]], object]"
"""Parses widgets' default styles into the app's stylesheet, on the event loop."""


def steps(ctx: AppContext, styles: Styles) -> list[Callable[[], object]]:
    """Each a short piece of work; warming waits for a quiet moment between them."""
    return [
        *(partial(import_module, name) for name in MODULES),
        partial(_styles, styles),
        partial(_a_contact, ctx),
        partial(_the_team, ctx),
    ]


def _styles(styles: Styles) -> None:
    styles([getattr(import_module(module), name) for module, name in STYLED])


def _a_contact(ctx: AppContext) -> None:
    """A contact read as the screen and the list read one: the first contact by name."""
    from followup_tui.services import contact_views

    db = ctx.database()
    first = contact_views.contact_window(db, None, 0, 1, total=False).lines
    if first:
        contact_views.next_due_dates(db, [first[0].id])
        contact_views.contact_detail(db, first[0].id, ctx.today)


def _the_team(ctx: AppContext) -> None:
    from followup_tui.services import team

    db = ctx.database()
    team.team_count(db)
    team.team_window(db, 0, 1)
