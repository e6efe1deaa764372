"""The command line's text: what each read command prints, as lines (JSON is the data)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from followup_tui.domain.model import Kind, Product
from followup_tui.domain.phones import phone_shown
from followup_tui.domain.today import DueTouch
from followup_tui.domain.when import time_words
from followup_tui.words import counted, days_left_words, money

if TYPE_CHECKING:
    from followup_tui.services.backorders import Backorder
    from followup_tui.services.contact_views import ContactDetail, FoundContact
    from followup_tui.services.listing import ListedContact
    from followup_tui.services.me import Me
    from followup_tui.services.parties import PartySummary
    from followup_tui.services.team import TeamMember


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines, each column as wide as its widest cell (in terminal cells: a wide
    character counts two), so a long SKU or order id never pushes the next one along."""
    from rich.cells import cell_len

    widths = [max(map(cell_len, column)) for column in zip(*rows, strict=True)]
    return [
        " ".join(
            cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


def parties(found: list[PartySummary], today: date) -> list[str]:
    lines = []
    for p in found:
        when = "upcoming" if p.held_on >= today else "past"
        lines.append(
            f"#{p.id} {p.held_on.isoformat()} ({when}) {p.hostess}"
            + (f" at {p.place}" if p.place else "")
            + f": {counted(len(p.guests), 'guest')}, "
            + f"sales {money(p.sales_cents)}"
            + (f", bookings: {', '.join(p.bookings)}" if p.bookings else "")
        )
        for g in p.guests:
            flags = [
                f
                for f, on in (("wants to book", g.wants_to_book), ("wants info", g.wants_info))
                if on
            ]
            lines.append(
                f"    {g.name}: {money(g.sales_cents)}"
                + (f" ({', '.join(flags)})" if flags else "")
            )
    return lines


def team(members: list[TeamMember]) -> list[str]:
    lines = []
    for m in members:
        due = f"{m.next_due.isoformat()} {m.next_title}" if m.next_due else "nothing scheduled"
        lines.append(f"#{m.contact_id:<6} {m.name[:28]:<28} {m.level.value:<15} {due}")
    return lines


def backorders(found: list[Backorder], today: date) -> list[str]:
    if not found:
        return ["No open backorders."]
    rows = [
        (
            f"order #{b.order_id}",
            b.name,
            b.product,
            "corporate" if b.corporate else "local",
            f"due {b.deadline.isoformat()} ({days_left_words(b.days_left(today))}"
            + (f", chose {b.choice})" if b.choice else ")"),
        )
        for b in found
    ]
    return aligned(rows)


def todays_calls(items: list[DueTouch], today: date) -> list[str]:
    overdue = sum(1 for i in items if i.overdue_days(today))
    lines = [
        f"{today:%a %d %b %Y}: {len(items)} to do" + (f", {overdue} overdue" if overdue else "")
    ]
    rows = []
    for i in items:
        late = i.overdue_days(today)
        when = f"{late}d overdue" if late else "today"
        when += f" {time_words(i.touch.time)}" if i.touch.time else ""
        # Two numbers on a line: each says what it is (`log` takes the call's, `show` either).
        who = f"call {i.touch.id} · {i.name[:24]} (contact {i.touch.contact_id})"
        rows.append((who, i.kind.value, i.touch.channel.value, when, i.title))
    return lines + [f"  {line}" for line in aligned(rows)] if rows else lines


def todays_calls_data(items: list[DueTouch], today: date) -> list[dict[str, object]]:
    return [
        {
            "touch_id": i.touch.id,
            "contact_id": i.touch.contact_id,
            "name": i.name,
            "kind": i.kind.value,
            "playbook": i.touch.playbook,
            "step": i.touch.step,
            "title": i.title,
            "due": i.touch.due.isoformat(),
            "channel": i.touch.channel.value,
            "priority": i.touch.priority,
            "attempt": i.touch.attempt,
            "overdue_days": i.overdue_days(today),
            "time": i.touch.time,
        }
        for i in items
    ]


def contact(detail: ContactDetail, today: date, *, region: str = "US") -> list[str]:
    from followup_tui.words import closed_words, said_no_words, said_words

    c = detail.contact
    kind = c.kind.value + (f" ({c.level.value})" if c.level else "")
    if detail.derived:
        kind += f", {detail.derived}"
    mark = "  [this is you]" if c.is_me else "  [do not contact]" if c.do_not_contact else ""
    if c.discreet:
        mark += "  [discreet: call only]"
    lines = [f"#{c.id} {c.name}: {kind}{mark}"]
    said_no = said_no_words(c.said_no_on)
    if said_no and not c.do_not_contact:
        lines.append(f"  {said_no}: only a gentle reconnect, 90 days on")
    for label, value in (
        ("phone", c.phone and phone_shown(c.phone, region)),
        ("email", c.email),
        ("met", ", ".join(x for x in (c.met_at, c.met_on and c.met_on.isoformat()) if x)),
        ("referred by", detail.referred_by),
    ):
        if value:
            lines.append(f"  {label}: {value}")
    if c.kind is Kind.LEAD:
        lines.append(f"  touches: {detail.touches_had} of the {detail.decision_touches} it takes")
    if detail.facts:
        lines.append("Facts:")
        lines.extend(f"  {key}: {value}" for key, value in detail.facts.items())
    if detail.notes:
        lines.append("Notes:")
        lines.extend(f"  {n.written_on.isoformat()}  {n.body}" for n in detail.notes)
    if detail.orders:
        lines.append("Orders:")
        for o in detail.orders:
            what = ", ".join(
                f"{line.product_name}" + (" (backorder)" if line.backordered else "")
                for line in o.lines
            )
            deadline = detail.deadlines.get(o.id)
            due = (
                f"; backorder due by {deadline.isoformat()} "
                f"({days_left_words((deadline - today).days)})"
                if deadline
                else ""
            )
            lines.append(f"  #{o.id} {o.ordered_on.isoformat()}  {what}{due}")
    lines.append("Next:")
    if c.is_me:
        lines.append("  nothing: your own record is never followed up")
    elif not detail.pending:
        lines.append("  nothing scheduled")
    for p in detail.pending:
        lines.append(
            f"  call {p.touch.id} · {p.touch.due.isoformat()}"
            f"{f' {p.touch.time}' if p.touch.time else ''} {p.touch.channel.value}: {p.title}"
        )
    if detail.history:
        lines.append("History:")
        for h in detail.history:
            if h.closed is not None:
                what = closed_words(h.closed, h.reason)
                lines.append(f"  {h.occurred_on.isoformat()} {h.title} ({what})")
                continue
            said = f", {said_words(h.said, h.said_date, h.said_time)}" if h.said else ""
            note = f": {h.note}" if h.note else ""
            reach = h.reach.value if h.reach else ""
            lines.append(f"  {h.occurred_on.isoformat()} {h.title} ({reach}{said}){note}")
    return lines


MATCHED_WIDTH = 48
"""The words that matched are cut past this in a line of the list: "note: " and a note's
snippet (domain.finding.SNIPPET, with its ellipses) fit."""


def contacts(found: list[FoundContact], *, region: str = "US") -> list[str]:
    """One line a contact; after her name, what matched when it was not her name."""
    width = min(max((len(f.matched or "") for f in found), default=0), MATCHED_WIDTH)
    lines = []
    for f in found:
        c = f.contact
        matched = f"{_cut(f.matched or '', width):<{width}} " if width else ""
        kind = c.kind.value + (" (you)" if c.is_me else "")
        phone = phone_shown(c.phone, region) if c.phone else ""
        name = f"{c.name[:30]:<30}"
        lines.append(f"#{c.id:<6} {name} {matched}{kind:<16} {phone:<16} {c.email or ''}")
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def me(found: Me | None, *, region: str = "US") -> list[str]:
    if found is None:
        return ["Not set yet: followup me NAME [--phone P] [--email E] says who you are."]
    lines = [f"{found.name} (contact #{found.contact_id}, never followed up)"]
    lines.extend(
        f"  {label}: {value}"
        for label, value in (
            ("phone", found.phone and phone_shown(found.phone, region)),
            ("email", found.email),
        )
        if value
    )
    return lines


def contacts_data(found: list[FoundContact]) -> list[dict[str, object]]:
    return [
        {
            "id": c.id,
            "name": c.name,
            "kind": c.kind.value,
            "level": c.level.value if c.level else None,
            "phone": c.phone,
            "email": c.email,
            "do_not_contact": c.do_not_contact,
            "is_me": c.is_me,
            "matched": f.matched,
        }
        for f in found
        for c in [f.contact]
    ]


def listed_data(found: list[ListedContact]) -> list[dict[str, object]]:
    """`contacts_data` of the whole book, from plain rows: the same keys, nothing matched."""
    return [
        {
            "id": c.id,
            "name": c.name,
            "kind": c.kind,
            "level": c.level,
            "phone": c.phone,
            "email": c.email,
            "do_not_contact": c.do_not_contact,
            "is_me": c.is_me,
            "matched": None,
        }
        for c in found
    ]


def products(found: list[Product]) -> list[str]:
    rows = [
        (
            p.sku,
            p.name,
            p.category.value,
            f"reorder day {p.reorder_day}" if p.reorder_day else "no reorder",
        )
        for p in found
    ]
    return aligned(rows)
