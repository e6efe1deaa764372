"""A new team event, presentation, conference call or catalogue, with its assignments."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import (
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from followup_tui.clock import DateError
from followup_tui.domain.model import Level
from followup_tui.domain.roles import (
    APPOINTMENT,
    EVENT_KINDS,
    assignment_refusal,
    takes_assignments,
)
from followup_tui.screens.forms import SavingForm
from followup_tui.widgets.date_field import DateHint

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


@dataclass
class NewEvent:
    kind: str
    held_on: date
    title: str | None
    assignments: tuple[int, ...] = ()
    """New partners with an assignment: each gets the day-after call."""
    with_contact: int | None = None
    """The senior partner an appointment is with (None: the team's only one)."""


Create = Callable[[NewEvent], None]
"""Enters the event; raises InputError when it cannot (run in a thread)."""


class NewEventScreen(SavingForm[NewEvent]):
    """Closes only once the event is entered: a refusal shows next to its field."""

    REFUSAL_LINE = "#event-save-error"
    HIDE_EMPTY_REFUSAL = False
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
        self.seniors = [p for p in partners if p.level is Level.SENIOR_PARTNER]
        self.create = create

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Select(
                [(EVENT_WORDS[k], k) for k in EVENT_KINDS],
                value="team-event",
                allow_blank=False,
                id="event-kind",
            )
            yield Label("Date", classes="field-label")
            yield Input(placeholder="thu, dec 17, in 2 weeks, +7", id="event-on")
            yield DateHint("event-on", self.today, required=True, id="event-error")
            # Shown for an appointment only: whose appointment it is, so she alone is reminded.
            yield Label("With (senior partner)", classes="field-label", id="event-with-label")
            yield Select(
                [(p.name, p.contact_id) for p in self.seniors],
                value=self.seniors[0].contact_id if len(self.seniors) == 1 else Select.NULL,
                prompt="whose appointment?",
                id="event-with",
            )
            yield Label("", id="event-with-error", classes="field-error")
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
        self.show_with()
        self.query_one("#event-on", Input).focus()

    @on(Select.Changed, "#event-kind")
    def show_with(self) -> None:
        appointment = self.query_one("#event-kind", Select).value == APPOINTMENT
        for part in ("#event-with-label", "#event-with", "#event-with-error"):
            self.query_one(part).display = appointment

    @on(Select.Changed, "#event-with")
    def clear_with_error(self) -> None:
        self.query_one("#event-with-error", Label).update("")

    @on(Select.Changed, "#event-kind")
    @on(SelectionList.SelectedChanged, "#event-assignments")
    def clear_assignment_error(self) -> None:
        self.query_one("#event-assignment-error", Label).update("")

    def _assignments(self) -> tuple[int, ...]:
        if not self.partners:
            return ()
        return tuple(self.query_one("#event-assignments", SelectionList).selected)

    def action_save(self) -> None:
        if self.saving:
            return  # a second ctrl+s must not enter it twice
        self.say_refusal("")
        try:
            when = self.query_one("#event-error", DateHint).parse()  # shown under the field
        except DateError:
            when = None
        if when is None:
            self.query_one("#event-on", Input).focus()
            return
        held_on = when.day
        kind = str(self.query_one("#event-kind", Select).value)
        title = self.query_one("#event-title", Input).value.strip() or None
        assignments = self._assignments()
        if assignments and not takes_assignments(kind):
            # The CLI's rule, said where it applies: the day-after call needs such an event.
            self.query_one("#event-assignment-error", Label).update(assignment_refusal(kind))
            return
        with_contact: int | None = None
        if kind == APPOINTMENT:
            chosen = self.query_one("#event-with", Select).value
            if not isinstance(chosen, int):
                self.query_one("#event-with-error", Label).update(
                    "whose appointment is it? pick her"
                    if self.seniors
                    else "an appointment is with a senior partner, and your team has none"
                )
                self.query_one("#event-with", Select).focus()
                return
            with_contact = chosen
        new = NewEvent(kind, held_on, title, assignments, with_contact)
        if self.create is None:
            self.dismiss(new)
            return
        create = self.create

        def save() -> NewEvent:
            create(new)
            return new

        self.save_in_worker(save)
