"""The week at a glance: what got done, and who is going quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static

from followup_tui.safe_text import shown_line
from followup_tui.screens.base import FollowupScreen
from followup_tui.widgets.footer import Footer
from followup_tui.words import counted, plural

if TYPE_CHECKING:
    from followup_tui.context import AppContext
    from followup_tui.services.glance import KeptGlance, WeekStats


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
            Text(shown_line(quiet.name)),
            quiet.kind.value,
            f"{quiet.last_heard:%d %b %Y}",
            counted(quiet.rhythm, "day"),
            Text(counted(quiet.past_rhythm, "day"), style=style),
        )
    return table


class DrawnOnce:
    """A rich renderable drawn once for each width. Textual draws a Static's table to
    learn its height, then again to show it, and again for each repaint: 15-35 ms a
    time for the 50 quiet people, twice before the list first shows."""

    def __init__(self, renderable: Table) -> None:
        self.renderable = renderable
        self._drawn: dict[int, list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        # A table's lines depend on its width alone (rich draws its cells at any height).
        drawn = self._drawn.get(options.max_width)
        if drawn is None:
            drawn = self._drawn[options.max_width] = list(console.render(self.renderable, options))
        return drawn

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


@dataclass
class Kept:
    """The last glance of an app's book and its table as drawn, for the next open."""

    glance: KeptGlance
    quiet: DrawnOnce | None


KEPT: WeakKeyDictionary[AppContext, Kept] = WeakKeyDictionary()
"""By app (its context): gone with it. Read and written by the screen's load worker."""


class GlanceScreen(FollowupScreen):
    CSS_PATH = "glance.tcss"
    BINDINGS = [Binding("escape", "back", "Back", id="glance-back")]

    @dataclass
    class Loaded(Message):
        stats: WeekStats
        quiet: DrawnOnce | None
        """The quiet people's table (None: nobody is), drawn once for each width."""

    def compose(self) -> ComposeResult:
        # The book is read while the screen mounts (20-40 ms of styling and the footer's
        # keys on this machine), not after: Loaded is handled once it has mounted.
        self.load()
        yield Header()
        yield Static(id="glance-week")
        with VerticalScroll(id="glance-quiet-box"):
            yield Static(id="glance-quiet")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#glance-quiet-box").border_title = "Time to reconnect"

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """The glance kept from the last open while the book is unchanged, else read."""
        from followup_tui.services import glance

        ctx = self.ctx
        kept = KEPT.get(ctx)
        if kept is None or not kept.glance.is_current(ctx.today):
            if kept is not None:
                kept.glance.close()
            read = glance.kept_glance(ctx.database(), ctx.today, ctx.change_probe())
            quiet = DrawnOnce(describe_quiet(read.stats)) if read.stats.quiet else None
            kept = KEPT[ctx] = Kept(read, quiet)
        self.post_message(self.Loaded(kept.glance.stats, kept.quiet))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        week = self.query_one("#glance-week", Static)
        week.border_title = f"This week, from {event.stats.monday:%a %d %b}"
        week.update(describe_week(event.stats, self.ctx.today))
        quiet = self.query_one("#glance-quiet", Static)
        if event.quiet is not None:
            quiet.update(event.quiet)
        else:
            quiet.update(Text("Everyone has heard from you within their rhythm.", "dim"))
