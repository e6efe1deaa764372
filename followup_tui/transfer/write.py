"""Contacts out as CSV or vCard 4.0, the call plan out as a calendar (.ics).

Plain functions from domain values to text; the command writes the file (0600).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from followup_tui.transfer.text import neutralise

if TYPE_CHECKING:
    from followup_tui.transfer.records import CalendarTouch, ExportContact

FIELDS = (
    "Name",
    "Kind",
    "Team Level",
    "Phone",
    "Email",
    "Met At",
    "Met On",
    "Referred By",
    "Discreet",
    "Do Not Contact",
    "Notes",
)
"""The first columns, named so that our own import reads them back as these fields."""
NOTE_BREAK = "\n\n"


def contacts_csv(contacts: Sequence[ExportContact]) -> str:
    """Every contact, one row each; each fact key a column; formulas neutralised."""
    from followup_tui.transfer.read_csv import FACT_MARK, reads_as_fact

    fact_keys = list(dict.fromkeys(key for c in contacts for key, _ in c.facts))
    # A fact named like a column the import knows ("source", "type", "id") would come
    # back as that field: its header says it is a fact.
    fact_columns = [key if reads_as_fact(key) else key + FACT_MARK for key in fact_keys]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in (*FIELDS, *fact_columns)])
    for exported in contacts:
        c, facts = exported.contact, dict(exported.facts)
        row = [
            c.name,
            c.kind.value,
            c.level.value if c.level else "",
            c.phone or "",
            c.email or "",
            c.met_at or "",
            c.met_on.isoformat() if c.met_on else "",
            exported.referred_by or "",
            "yes" if c.discreet else "",
            "yes" if c.do_not_contact else "",
            NOTE_BREAK.join(exported.notes),
            *(facts.get(key, "") for key in fact_keys),
        ]
        writer.writerow([neutralise(cell) for cell in row])
    # With a BOM, spreadsheets open the file as UTF-8 instead of guessing a code page.
    return "\ufeff" + out.getvalue()


def contacts_vcard(contacts: Sequence[ExportContact]) -> str:
    """vCard 4.0, one card per contact; what vCard has no property for is X-FOLLOWUP-*."""
    import vobject

    cards: list[str] = []
    for exported in contacts:
        c = exported.contact
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("fn").value = c.name
        given, _, family = c.name.rpartition(" ") if " " in c.name else ("", "", c.name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if c.phone:
            tel = card.add("tel")
            tel.value = c.phone
            tel.type_param = "cell"
        if c.email:
            card.add("email").value = c.email
        card.add("categories").value = [c.kind.value]
        if exported.notes:
            card.add("note").value = NOTE_BREAK.join(exported.notes)
        for key, value in exported.facts:
            card.add("x-followup-fact").value = f"{key}={value}"
        extra = {
            "x-followup-kind": c.kind.value,
            "x-followup-level": c.level.value if c.level else "",
            "x-followup-met-at": c.met_at or "",
            "x-followup-met-on": c.met_on.isoformat() if c.met_on else "",
            "x-followup-discreet": "yes" if c.discreet else "",
            "x-followup-do-not-contact": "yes" if c.do_not_contact else "",
        }
        for prop, value in extra.items():
            if value:
                card.add(prop).value = value
        cards.append(card.serialize())
    return "".join(cards)


def calendar_ics(
    touches: Sequence[CalendarTouch], today: date, stamp: datetime | None = None
) -> str:
    """The call plan as all-day events. A touch keeps its UID from one export to the
    next, so importing a newer file updates the phone's calendar instead of doubling it."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//followup-tui//call plan//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Follow-up calls")
    stamp = stamp or datetime.now(UTC)
    for t in touches:
        event = Event()
        event.add("uid", f"touch-{t.touch_id}@followup-tui")
        event.add("dtstamp", stamp)
        event.add("dtstart", t.due)
        event.add("summary", f"{_verb(t)} {t.name}: {t.why}")
        event.add("description", _description(t, today))
        event.add("categories", ["Follow-up"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")


def _verb(touch: CalendarTouch) -> str:
    if touch.discreet:
        return "Call"
    return {"call": "Call", "text": "Text", "email": "Email", "card": "Card for"}.get(
        touch.channel, touch.channel.capitalize()
    )


def _description(touch: CalendarTouch, today: date) -> str:
    lines = [touch.why]
    if touch.phone:
        lines.append(f"Phone: {touch.phone}")
    if touch.email and not touch.discreet:
        lines.append(f"Email: {touch.email}")
    if touch.discreet:
        # DOMAIN.md: a discreet contact is called only, and no product names leave here.
        lines.append("Discreet: call only, no texts or voicemail details.")
    if touch.overdue_days:
        plural = "" if touch.overdue_days == 1 else "s"
        lines.append(f"Overdue by {touch.overdue_days} day{plural} on {today.isoformat()}.")
    return "\n".join(lines)
