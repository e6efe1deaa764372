"""The team by level, with each member's next reminder; new events from here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from followup_tui.domain.model import Level
from followup_tui.messages import OpenContact
from followup_tui.safe_text import shown_line
from followup_tui.screens.base import FollowupScreen
from followup_tui.screens.new_event import EVENT_WORDS, NewEvent, NewEventScreen
from followup_tui.widgets.footer import Footer
from followup_tui.widgets.window_table import Row, WindowColumn, WindowTable

if TYPE_CHECKING:
    from followup_tui.context import AppContext
    from followup_tui.services.team import TeamMember

NOTHING = "nothing scheduled"


def level_words(level: Level) -> str:
    return level.value.replace("-", " ")


def member_row(member: TeamMember) -> Row:
    cells = (
        member.name,
        level_words(member.level),
        f"{member.next_due:%a %d %b}" if member.next_due else "",
        member.next_title or NOTHING,
    )
    return Row(str(member.contact_id), tuple(Text(shown_line(cell)) for cell in cells))


class TeamRows:
    """The team, a window at a time from SQL (6,000 members at 100,000 contacts).
    Called from the table's thread worker."""

    def __init__(self, ctx: AppContext) -> None:
        self.database = ctx.database

    def count(self) -> int:
        from followup_tui.services import team

        return team.team_count(self.database())

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        from followup_tui.services import team

        return [member_row(m) for m in team.team_window(self.database(), start, stop)]

    def index_of(self, key: str) -> int | None:
        from followup_tui.services import team

        return team.team_position(self.database(), int(key))


class TeamScreen(FollowupScreen):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="team-back"),
        Binding("e", "new_event", "New event", id="team-event"),
        Binding("enter", "open", "Open", id="team-open"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        # Level and date as wide as any can be; names and reminders as wide as those shown.
        columns = [
            WindowColumn("Who"),
            WindowColumn("Level", max(len(level_words(level)) for level in Level)),
            WindowColumn("Next", len("Mon 23 Nov")),
            WindowColumn("Reminder", fit=True),
        ]
        yield WindowTable(columns, id="team-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#team-table", WindowTable).border_title = "Team"

    def on_screen_resume(self) -> None:
        # Also back from a member's card, where her level may have changed: read again.
        self.load()

    def load(self) -> None:
        self.query_one("#team-table", WindowTable).reload(TeamRows(self.ctx))

    @on(WindowTable.Reloaded, "#team-table")
    def show_count(self, event: WindowTable.Reloaded) -> None:
        event.table.border_title = f"Team · {event.row_count}"

    def action_open(self) -> None:
        key = self.query_one("#team-table", WindowTable).cursor_key
        if key is not None:
            self.post_message(OpenContact(int(key)))

    @on(WindowTable.RowSelected, "#team-table")
    def open_row(self) -> None:
        self.action_open()

    @work(thread=True, exclusive=True, group="event", exit_on_error=False)
    def action_new_event(self) -> None:
        # The form lists the new partners and senior partners: read when it is opened.
        from followup_tui.services import team

        members = team.team(self.ctx.database())
        self.app.call_from_thread(self._open_event_form, members)

    def _open_event_form(self, members: list[TeamMember]) -> None:
        def entered(new: NewEvent | None) -> None:
            if new is not None:
                self.notify(f"{EVENT_WORDS[new.kind]}: reminders planned.")
                self.load()

        self.app.push_screen(NewEventScreen(self.ctx.today, members, self.create), entered)

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
