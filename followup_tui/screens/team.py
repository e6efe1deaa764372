"""The team by level, with each member's next reminder; new events from here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from followup_tui.clock import DateError, parse_date
from followup_tui.domain.model import Level
from followup_tui.domain.roles import EVENT_KINDS, assignment_refusal, takes_assignments
from followup_tui.screens.base import FollowupScreen, add_plain_row
from followup_tui.words import failure_words

if TYPE_CHECKING:
    from followup_tui.services.team import TeamMember

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
    assignments: tuple[int, ...] = ()
    """New partners with an assignment: each gets the day-after call."""


Create = Callable[[NewEvent], None]
"""Enters the event; raises InputError when it cannot (run in a thread)."""


class NewEventScreen(ModalScreen[NewEvent | None]):
    """Closes only once the event is entered: a refusal shows next to its field."""

    DEFAULT_CSS = """
    NewEventScreen #event-assignments { height: auto; max-height: 8; border: none; }
    NewEventScreen .field-error { width: 100%; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="event-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="event-cancel"),
    ]

    def __init__(
        self,
        today: date,
        partners: Sequence[TeamMember] = (),
        create: Create | None = None,
    ) -> None:
        super().__init__(classes="contact-form")
        self.today = today
        self.partners = [p for p in partners if p.level is Level.NEW_PARTNER]
        self.create = create
        self.saving = False

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
            yield Label("Assignment (space ticks her: a call the day after)", classes="field-label")
            if self.partners:
                yield SelectionList[int](
                    *((Content(p.name), p.contact_id) for p in self.partners),
                    id="event-assignments",
                )
            else:
                yield Static("no new partners on the team", id="event-no-partners")
            yield Label("", id="event-assignment-error", classes="field-error")
            yield Label("", id="event-save-error", classes="field-error")
            yield Static("[b]ctrl+s[/b] save · [b]esc[/b] cancel", id="quick-add-keys")

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "New event"
        self.query_one("#event-on", Input).focus()

    @on(Select.Changed, "#event-kind")
    @on(SelectionList.SelectedChanged, "#event-assignments")
    def clear_assignment_error(self) -> None:
        self.query_one("#event-assignment-error", Label).update("")

    @on(Input.Changed, "#event-on")
    def clear_date_error(self) -> None:
        self.query_one("#event-error", Label).update("")

    def _assignments(self) -> tuple[int, ...]:
        if not self.partners:
            return ()
        return tuple(self.query_one("#event-assignments", SelectionList).selected)

    def action_save(self) -> None:
        if self.saving:
            return  # a second ctrl+s must not enter it twice
        self.query_one("#event-save-error", Label).update("")
        try:
            held_on = parse_date(self.query_one("#event-on", Input).value, self.today)
        except DateError as exc:
            self.query_one("#event-error", Label).update(str(exc))
            self.query_one("#event-on", Input).focus()
            return
        kind = str(self.query_one("#event-kind", Select).value)
        title = self.query_one("#event-title", Input).value.strip() or None
        assignments = self._assignments()
        if assignments and not takes_assignments(kind):
            # The CLI's rule, said where it applies: the day-after call needs such an event.
            self.query_one("#event-assignment-error", Label).update(assignment_refusal(kind))
            return
        new = NewEvent(kind, held_on, title, assignments)
        if self.create is None:
            self.dismiss(new)
            return
        self.saving = True
        self.run_worker(partial(self._create, self.create, new), thread=True, exit_on_error=False)

    def _create(self, create: Create, new: NewEvent) -> None:
        try:
            create(new)
        except Exception as exc:  # said in the form; nothing typed is lost
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self.dismiss, new)

    def _refused(self, error: Exception) -> None:
        self.saving = False
        self.query_one("#event-save-error", Label).update(failure_words(error))

    def action_cancel(self) -> None:
        if not self.saving:
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

        self.post_message(self.Loaded(team.team(self.followup.database())))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.members = event.members
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
        def entered(new: NewEvent | None) -> None:
            if new is not None:
                self.notify(f"{EVENT_WORDS[new.kind]}: reminders planned.")
                self.load()

        screen = NewEventScreen(self.followup.today, self.members, self.create)
        self.app.push_screen(screen, entered)

    def create(self, new: NewEvent) -> None:
        """Run by the form in a thread: the form stays open if this refuses."""
        from followup_tui.services import team

        team.new_event(
            self.followup.database(),
            new.kind,
            new.held_on,
            self.followup.today,
            title=new.title,
            assignments=new.assignments,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
