"""The team by level, with each member's next reminder; new events from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import (
    DataTable,
    Footer,
    Header,
)

from followup_tui.domain.model import Level
from followup_tui.messages import OpenContact
from followup_tui.screens.base import FollowupScreen, add_plain_row
from followup_tui.widgets.fit import fit_column

if TYPE_CHECKING:
    from followup_tui.services.team import TeamMember
from followup_tui.screens.new_event import EVENT_WORDS, NewEvent, NewEventScreen

NOTHING = "nothing scheduled"


def level_words(level: Level) -> str:
    return level.value.replace("-", " ")


def column_widths(members: list[TeamMember]) -> dict[str, int]:
    """Every column's width, from the rows, set before they are added: a DataTable left to
    measure them when idle was once drawn before it had (columns cut to their titles)."""
    return {
        "Who": max((cell_len(m.name) for m in members), default=0),
        "Level": max(len(level_words(level)) for level in Level),
        "Next": len("Mon 23 Nov"),
        "Reminder": max((cell_len(m.next_title or NOTHING) for m in members), default=0),
    }


class TeamScreen(FollowupScreen):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="team-back"),
        Binding("e", "new_event", "New event", id="team-event"),
        Binding("enter", "open", "Open", id="team-open"),
    ]

    @dataclass
    class Loaded(Message):
        members: list[TeamMember]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", id="team-table")
        yield Footer()

    def __init__(self) -> None:
        super().__init__()
        self.members: list[TeamMember] = []

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        # Back from a member's card, where her level may have changed: read again.
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import team

        self.post_message(self.Loaded(team.team(self.ctx.database())))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.members = event.members
        table = self.query_one("#team-table", DataTable)
        table.clear(columns=True)
        for title, width in column_widths(event.members).items():
            table.add_column(title, key=title, width=max(width, len(title)))
        fit_column(table, "Reminder")
        table.border_title = f"Team · {len(event.members)}"
        for m in event.members:
            add_plain_row(
                table,
                m.name,
                level_words(m.level),
                f"{m.next_due:%a %d %b}" if m.next_due else "",
                m.next_title or NOTHING,
                key=str(m.contact_id),
            )

    def action_open(self) -> None:
        table = self.query_one("#team-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.post_message(OpenContact(int(key)))

    @on(DataTable.RowSelected)
    def open_row(self) -> None:
        self.action_open()

    def action_new_event(self) -> None:
        def entered(new: NewEvent | None) -> None:
            if new is not None:
                self.notify(f"{EVENT_WORDS[new.kind]}: reminders planned.")
                self.load()

        screen = NewEventScreen(self.ctx.today, self.members, self.create)
        self.app.push_screen(screen, entered)

    def create(self, new: NewEvent) -> None:
        """Run by the form in a thread: the form stays open if this refuses."""
        from followup_tui.services import team

        team.new_event(
            self.ctx.database(),
            new.kind,
            new.held_on,
            self.ctx.today,
            title=new.title,
            assignments=new.assignments,
            with_contact=new.with_contact,
        )
