"""The chosen contact: who they are, what you know about them, what happened so far."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from followup_tui.context import phone_region
from followup_tui.domain.model import Kind
from followup_tui.domain.phones import phone_shown, tel_link
from followup_tui.widgets.shown import shown
from followup_tui.words import closed_words, days_left_words, said_no_words, said_words

if TYPE_CHECKING:
    from followup_tui.services.contact_views import ContactDetail

HIDDEN = "hidden (discreet mode)"
RECENT = 4
NOTE_SHOWN = 2_000
"""Characters of a note the card draws; the whole note is kept, exported and shown by
`followup show`."""


def discreet_badge() -> Text:
    """The tag of a contact marked discreet: call only, no texts or voicemail details."""
    return Text("discreet", style="bold reverse")


def reach_line(phone: str | None, email: str | None, region: str) -> Text | None:
    """Her number as she dials it, a `tel:` link where the terminal shows links (a click
    there hands it to the phone app), and her email."""
    line = Text()
    if phone:
        line.append(phone_shown(phone, region), Style(link=tel_link(phone)))
    if email:
        line.append("  " if phone else "").append(shown(email))
    return line or None


def describe(detail: ContactDetail, *, discreet: bool, region: str = "US") -> RenderableType:
    """The card as Rich text: facts first, they are what the call is built on."""
    c = detail.contact
    kind = c.kind.value + (f" · {c.level.value}" if c.level else "")
    if detail.derived:
        kind += f" · {detail.derived}"
    head = Text.assemble((shown(c.name), "bold"), "  ", (kind, "italic"))
    if c.is_me:
        head.append("  this is you: never followed up", style="bold")
    elif c.do_not_contact:
        head.append("  do not contact", style="bold red")
    if c.discreet:
        head.append("  ").append_text(discreet_badge())
    lines: list[RenderableType] = [head]
    said_no = said_no_words(c.said_no_on)
    if said_no and not c.do_not_contact:
        lines.append(Text(f"{said_no}: only a gentle reconnect, 90 days on", style="italic"))
    dial = reach_line(c.phone, c.email, region)
    if dial:
        lines.append(dial)
    met = ", ".join(x for x in (c.met_at, c.met_on and f"{c.met_on:%d %b %Y}") if x)
    met = shown(met)
    if met:
        lines.append(Text(f"Met: {met}"))
    if detail.referred_by:
        lines.append(Text(f"Referred by {shown(detail.referred_by)}"))
    if c.kind is Kind.LEAD:
        lines.append(Text(f"Touches: {detail.touches_had} of {detail.decision_touches}"))

    lines.append(Text("Facts", style="bold underline"))
    if discreet:
        lines.append(Text(HIDDEN, style="dim"))
    elif detail.facts:
        for key, value in detail.facts.items():
            lines.append(Text.assemble((f"{shown(key)}: ", "bold"), shown(value, NOTE_SHOWN)))
    else:
        lines.append(Text("none yet: press f to add one", style="dim"))

    if detail.notes:
        lines.append(Text("Notes", style="bold underline"))
        if discreet:
            lines.append(Text(HIDDEN, style="dim"))
        else:
            for note in detail.notes[:RECENT]:
                lines.append(Text(f"{note.written_on:%d %b} {shown(note.body, NOTE_SHOWN)}"))
    if detail.orders:
        lines.append(Text("Orders", style="bold underline"))
        for order in detail.orders[:RECENT]:
            if discreet:
                what = f"{sum(line.quantity for line in order.lines)} item(s)"
            else:
                what = ", ".join(shown(line.product_name) for line in order.lines)
            line = Text(f"{order.ordered_on:%d %b %Y} {what}")
            deadline = detail.deadlines.get(order.id)
            if deadline:
                left = detail.days_left(deadline)
                line.append(f" · backorder by {deadline:%d %b} (")
                line.append(days_left_words(left), "bold red" if left < 0 else "")
                line.append(")")
            lines.append(line)
    if detail.history:
        lines.append(Text("History", style="bold underline"))
        for entry in detail.history[:RECENT]:
            if entry.closed is not None:
                what = shown(
                    closed_words(entry.closed, entry.reason, discreet=discreet), NOTE_SHOWN
                )
                lines.append(Text(f"{entry.occurred_on:%d %b} {entry.title} ({what})"))
                continue
            words = said_words(entry.said, entry.said_date, entry.said_time)
            said = f", {words}" if words else ""
            told = f": {shown(entry.note, NOTE_SHOWN)}" if entry.note and not discreet else ""
            reach = entry.reach.value if entry.reach else ""
            lines.append(Text(f"{entry.occurred_on:%d %b} {entry.title} ({reach}{said}){told}"))
    return Group(*lines)


class ContactCard(VerticalScroll):
    """Shows a ContactDetail; discreet mode hides facts, notes and order contents."""

    detail: reactive[ContactDetail | None] = reactive(None, always_update=True)
    discreet: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        yield Static(id="contact-body")

    def watch_detail(self) -> None:
        self._paint()

    def watch_discreet(self) -> None:
        self._paint()

    def _paint(self) -> None:
        if not self.is_mounted:
            return
        body = self.query_one("#contact-body", Static)
        if self.detail is None:
            body.update(Text("No one chosen.", style="dim"))
            self.border_subtitle = ""
        else:
            region = phone_region(self.app)
            body.update(describe(self.detail, discreet=self.discreet, region=region))
            self.border_subtitle = f"#{self.detail.contact.id}"
