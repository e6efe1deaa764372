"""The team by level, with each member's next reminder; new events from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from followup_tui.clock import DateError, parse_date
from followup_tui.domain.model import Level
from followup_tui.screens.base import FollowupScreen, add_plain_row
from followup_tui.services import EVENT_KINDS, TeamMember

EVENT_WORDS = {
    "team-event": "team event",
    "big-event": "big event (NMTSS-style)",
    "conference-call": "conference call",
    "reports": "reports due",
    "appointment": "senior partner's appointment with your team",
    "new-catalogue": "new catalogue (every lead hears of it)",
}


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


@dataclass
class NewEvent:
    kind: str
    held_on: date
    title: str | None


class NewEventScreen(ModalScreen[NewEvent | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="event-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="event-cancel"),
    ]

    def __init__(self, today: date) -> None:
        super().__init__(classes="contact-form")
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Select(
                [(EVENT_WORDS[k], k) for k in EVENT_KINDS],
                value="team-event",
                allow_blank=False,
                id="event-kind",
            )
            yield Label("Date", classes="field-label")
            yield Input(placeholder="YYYY-MM-DD, +7", id="event-on")
            yield Label("", id="event-error", classes="field-error")
            yield Label("Title", classes="field-label")
            yield Input(placeholder="Holiday kickoff", id="event-title")
            yield Static("[b]ctrl+s[/b] save · [b]esc[/b] cancel", id="quick-add-keys")

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "New event"
        self.query_one("#event-on", Input).focus()

    def action_save(self) -> None:
        try:
            held_on = parse_date(self.query_one("#event-on", Input).value, self.today)
        except DateError as exc:
            self.query_one("#event-error", Label).update(str(exc))
            return
        kind = str(self.query_one("#event-kind", Select).value)
        title = self.query_one("#event-title", Input).value.strip() or None
        self.dismiss(NewEvent(kind, held_on, title))

    def action_cancel(self) -> None:
        self.dismiss(None)


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

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui import services

        self.post_message(self.Loaded(services.team(self.followup.database())))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        table = self.query_one("#team-table", DataTable)
        table.clear(columns=True)
        for title, width in column_widths(event.members).items():
            table.add_column(title, key=title, width=max(width, len(title)))
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
                self.followup.open_contact(int(key))

    @on(DataTable.RowSelected)
    def open_row(self) -> None:
        self.action_open()

    def action_new_event(self) -> None:
        def save(new: NewEvent | None) -> None:
            if new is not None:
                self.create(new)

        self.app.push_screen(NewEventScreen(self.followup.today), save)

    @work(thread=True, exit_on_error=False)
    def create(self, new: NewEvent) -> None:
        from followup_tui import services

        services.new_event(
            self.followup.database(),
            new.kind,
            new.held_on,
            self.followup.today,
            title=new.title,
        )
        self.app.call_from_thread(self.notify, f"{EVENT_WORDS[new.kind]}: reminders planned.")
        self.app.call_from_thread(self.load)

    def action_back(self) -> None:
        self.app.pop_screen()
