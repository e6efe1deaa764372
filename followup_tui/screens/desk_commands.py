"""The desk's keys by name in the command palette, those that apply now (as the footer
shows them): a call chosen, an outcome to undo. Listed by the desk (Screen.COMMANDS), so
they are offered only while it is on screen."""

from __future__ import annotations

from functools import partial

from followup_tui.palette import Action, ActionsProvider
from followup_tui.safe_text import shown_line
from followup_tui.widgets.touch_table import TouchTable

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
    ("Copy for the phone", "y", "her number, or the text's message, to paste", "copy_for_phone"),
    ("QR code", "Q", "call, text or email her from your phone's camera", "show_qr"),
)


class DeskCommands(ActionsProvider):
    def actions(self) -> list[Action]:
        desk = self.screen  # the screen the palette was opened on
        tables = desk.query(TouchTable)
        chosen = tables.first().chosen if tables else None
        found: list[Action] = []
        for name, key, words, action in DESK_COMMANDS:
            if desk.check_action(action, ()):
                named = chosen is not None and action not in {"undo", "quick_add"}
                who = f"{shown_line(chosen.name)}: " if chosen is not None and named else ""
                found.append(
                    Action(name, f"{key} · {who}{words}", partial(desk.run_action, action))
                )
        return found
