"""The call plan out as an iCalendar file (.ics), written by hand: what icalendar 7
wrote, byte for byte, at some 20 times the speed (icalendar took 12-15 s for the
30 days of a 100,000-contact book).

icalendar stays for reading calendars back, and the tests compare this writer with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from followup_tui.transfer.vcard_out import escaped as vcard_escaped

if TYPE_CHECKING:
    from followup_tui.transfer.records import CalendarTouch

LINE_OCTETS = 75
ESCAPE_STARTS = ("\\", "^")
"""icalendar never ends a folded line on one of these: a reader that unfolds badly
would split an escape (its issue 1501)."""

CALENDAR_HEAD = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//followup-tui//call plan//EN\r\n"
    "METHOD:PUBLISH\r\n"
    "X-WR-CALNAME:Follow-up calls\r\n"
)
CALENDAR_TAIL = "END:VCALENDAR\r\n"


def escaped(value: str) -> str:
    """A TEXT value as icalendar writes it: a literal \\N read as a line break first (as
    icalendar does), then escaped as a vCard's TEXT is."""
    return vcard_escaped(value.replace("\\N", "\n"))


def folded(line: str) -> str:
    """A content line folded as icalendar folds it, with its CRLF: at most 74 octets a
    line before the break (the continuation's space makes 75), never inside a
    character's UTF-8, and never right after a backslash or caret."""
    if line.isascii():
        if len(line) < LINE_OCTETS:
            return line + "\r\n"
        pieces, start, width = [], 0, LINE_OCTETS - 1
        while len(line) - start > width:
            end = start + width
            if line[end - 1] in ESCAPE_STARTS:
                end -= 1
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:])
        return "\r\n ".join(pieces) + "\r\n"
    if len(line.encode("utf-8")) < LINE_OCTETS:
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and used + size >= LINE_OCTETS:
            if len(current) > 1 and current[-1] in ESCAPE_STARTS:
                carried = current.pop()
                parts.append("".join(current))
                current, used = [carried], len(carried.encode("utf-8"))
            else:
                parts.append("".join(current))
                current, used = [], 0
        current.append(char)
        used += size
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def stamp_text(stamp: datetime) -> str:
    """DTSTAMP in UTC, to the second, as icalendar writes an aware datetime."""
    return stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def touch_event(touch: CalendarTouch, today: date, stamp: str) -> str:
    """One all-day event, its properties in icalendar's order."""
    summary = f"{verb(touch)} {touch.name}: {touch.why}"
    return "".join(
        (
            "BEGIN:VEVENT\r\n",
            folded("SUMMARY:" + escaped(summary)),
            f"DTSTART;VALUE=DATE:{touch.due:%Y%m%d}\r\n",
            f"DTSTAMP:{stamp}\r\n",
            f"UID:touch-{touch.touch_id}@followup-tui\r\n",
            "CATEGORIES:Follow-up\r\n",
            folded("DESCRIPTION:" + escaped(description(touch, today))),
            "TRANSP:TRANSPARENT\r\n",
            "END:VEVENT\r\n",
        )
    )


def calendar_ics(
    touches: Sequence[CalendarTouch], today: date, stamp: datetime | None = None
) -> Iterator[str]:
    """The call plan as all-day events, yielded an event at a time after the calendar's
    head (the caller counts them for a progress bar). A touch keeps its UID from one
    export to the next, so importing a newer file updates the phone's calendar instead of
    doubling it."""
    stamped = stamp_text(stamp or datetime.now(UTC))
    yield CALENDAR_HEAD
    for touch in touches:
        yield touch_event(touch, today, stamped)
    yield CALENDAR_TAIL


def verb(touch: CalendarTouch) -> str:
    if touch.discreet:
        return "Call"
    return {"call": "Call", "text": "Text", "email": "Email", "card": "Card for"}.get(
        touch.channel, touch.channel.capitalize()
    )


def description(touch: CalendarTouch, today: date) -> str:
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
