"""The week at a glance, and the week ahead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from followup_tui.screens.base import FollowupScreen, fill_table
from followup_tui.words import counted, plural

if TYPE_CHECKING:
    from followup_tui.domain.today import DueTouch
    from followup_tui.services.glance import WeekStats


AHEAD_COLUMNS = ("Day", "Who", "By", "Why")


def drift_style(drift: float) -> str:
    """Yellow when a little past the rhythm, orange further, red past a whole rhythm."""
    if drift >= 1:
        return "bold red"
    if drift >= 0.5:
        return "dark_orange"
    return "yellow"


def describe_week(stats: WeekStats, today: date) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for value, one, many in (
        (stats.calls_made, "call made", "calls made"),
        (stats.reached, "reached", "reached"),
        (stats.party_bookings, "party booked", "parties booked"),
        (stats.reorders, "reorder", "reorders"),
        (stats.new_team_members, "new team member", "new team members"),
    ):
        table.add_row(str(value), plural(value, one, many))
    return table


def describe_quiet(stats: WeekStats) -> Table:
    table = Table(box=None, expand=True, header_style="bold")
    for column in ("Who", "Kind", "Last heard", "Rhythm", "Past it by"):
        table.add_column(column)
    for quiet in stats.quiet:
        style = drift_style(quiet.drift)
        table.add_row(
            Text(quiet.name),
            quiet.kind.value,
            f"{quiet.last_heard:%d %b %Y}",
            counted(quiet.rhythm, "day"),
            Text(counted(quiet.past_rhythm, "day"), style=style),
        )
    return table


class GlanceScreen(FollowupScreen):
    CSS_PATH = "glance.tcss"
    BINDINGS = [Binding("escape", "back", "Back", id="glance-back")]

    @dataclass
    class Loaded(Message):
        stats: WeekStats

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="glance-week")
        with VerticalScroll(id="glance-quiet-box"):
            yield Static(id="glance-quiet")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#glance-quiet-box").border_title = "Time to reconnect"
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import glance

        stats = glance.week_at_a_glance(self.followup.database(), self.followup.today)
        self.post_message(self.Loaded(stats))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        week = self.query_one("#glance-week", Static)
        week.border_title = f"This week, from {event.stats.monday:%a %d %b}"
        week.update(describe_week(event.stats, self.followup.today))
        quiet = self.query_one("#glance-quiet", Static)
        if event.stats.quiet:
            quiet.update(describe_quiet(event.stats))
        else:
            quiet.update(Text("Everyone has heard from you within their rhythm.", "dim"))

    def action_back(self) -> None:
        self.app.pop_screen()


class WeekAheadScreen(FollowupScreen):
    """The next 7 days' touches; enter opens the contact, as on the desk."""

    CSS_PATH = "glance.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="ahead-back"),
        # Priority: the table's own enter would hide this one from the footer.
        Binding("enter", "open", "Open", id="ahead-open", priority=True),
    ]

    @dataclass
    class Loaded(Message):
        items: list[DueTouch]

    def __init__(self) -> None:
        super().__init__()
        self._contacts: dict[str, int] = {}  # row key (the touch id) -> its contact

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", id="ahead")
        yield Static("Nothing due in the next 7 days.", id="ahead-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ahead", DataTable)
        table.border_title = "The next 7 days"
        table.add_columns(*AHEAD_COLUMNS)

    def on_screen_resume(self) -> None:
        # Also on coming back from a contact: a call may have been moved meanwhile.
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import calls

        items = calls.upcoming(self.followup.database(), self.followup.today)
        self.post_message(self.Loaded(items))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        table = self.query_one("#ahead", DataTable)
        was_on = self._cursor_key()
        self._contacts = {str(item.touch.id): item.touch.contact_id for item in event.items}
        rows = []
        last_day: date | None = None
        for item in event.items:
            day = item.touch.due
            cells = [
                f"{day:%a %d %b}" if day != last_day else "",
                item.name,
                item.touch.channel.value,
                item.title,
            ]
            rows.append((str(item.touch.id), cells))
            last_day = day
        fill_table(table, AHEAD_COLUMNS, rows)
        if was_on in self._contacts:
            table.move_cursor(row=table.get_row_index(was_on))
        table.border_title = f"The next 7 days · {len(event.items)}"
        table.display = bool(event.items)
        self.query_one("#ahead-empty").display = not event.items

    def _cursor_key(self) -> str | None:
        table = self.query_one("#ahead", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_open(self) -> None:
        key = self._cursor_key()
        if key is not None:
            self.followup.open_contact(self._contacts[key])

    @on(DataTable.RowSelected, "#ahead")
    def open_row(self) -> None:
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()
