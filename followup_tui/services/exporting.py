"""What an export reads of the book: every contact with her facts and notes, and the
calls of the next days with how to reach each person.

Straight from the driver, no mapped objects, and no import of the ORM models: mapping
100,000 contacts was half of a CSV export, and importing the import's service (models,
playbooks, the write kernel) took longer than writing the file.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup_tui.services.listing import driver_rows
from followup_tui.transfer.records import CalendarTouch, ExportContact

if TYPE_CHECKING:
    from followup_tui.db.plain import RowSource
    from followup_tui.domain.model import Kind
    from followup_tui.domain.playbooks import Library


def contacts_for_export(db: RowSource, kind: Kind | None = None) -> list[ExportContact]:
    """Every contact (of a kind) with facts and notes: three queries, whatever the size.

    Straight from the driver, no mapped objects: mapping 100,000 contacts was half of a
    CSV export."""
    rows, facts_read, notes_read = driver_rows(
        db,
        (
            "SELECT id, name, kind, team_level, phone, email, met_at, met_on, referred_by_id,"
            " discreet, do_not_contact FROM contacts WHERE NOT is_me"
            + (" AND kind = ?" if kind is not None else "")
            + " ORDER BY id",
            (kind.value,) if kind is not None else (),
        ),
        ("SELECT contact_id, key, value FROM facts ORDER BY id", ()),
        ("SELECT contact_id, body FROM notes ORDER BY written_on, id", ()),
    )
    # Who referred whom, by name: most referrers are in the rows already (a join
    # for every contact cost more than reading the few others).
    names = {row[0]: row[1] for row in rows}
    missing = sorted({row[8] for row in rows if row[8] is not None and row[8] not in names})
    for first in range(0, len(missing), IDS_PER_QUERY):
        chunk = missing[first : first + IDS_PER_QUERY]
        marks = ",".join("?" * len(chunk))
        [found] = driver_rows(db, (f"SELECT id, name FROM contacts WHERE id IN ({marks})", chunk))
        names.update(found)
    facts: dict[int, list[tuple[str, str]]] = {}
    for contact_id, key, value in facts_read:
        facts.setdefault(contact_id, []).append((key, value))
    notes: dict[int, list[str]] = {}
    for contact_id, body in notes_read:
        notes.setdefault(contact_id, []).append(body)
    return [
        ExportContact(
            name,
            kind_value,
            level,
            phone,
            email,
            met_at,
            met_on,
            names.get(referred_by_id) if referred_by_id else None,
            bool(discreet),
            bool(do_not_contact),
            facts.get(contact_id, []),
            notes.get(contact_id, []),
        )
        for (
            contact_id,
            name,
            kind_value,
            level,
            phone,
            email,
            met_at,
            met_on,
            referred_by_id,
            discreet,
            do_not_contact,
        ) in rows
    ]


IDS_PER_QUERY = 500
"""Ids in one `IN (...)`: well under SQLite's limit on parameters."""


def contacts_csv_cells(
    db: RowSource, kind: Kind | None = None
) -> tuple[list[str], list[tuple[str, ...]]]:
    """The fact keys (in the order contacts first hold them) and every contact's cells
    (of a kind) as the CSV writes them: formulas neutralised, '' for nothing.

    SQLite neutralises and names the referrer; Python only adds notes and facts: no
    Python call a cell, nor an ExportContact a contact (tests/transfer/test_csv_export.py
    holds the writer as it was, from `contacts_for_export`, and compares the bytes)."""
    from followup_tui.transfer.text import neutralise
    from followup_tui.transfer.text import neutralised_sql as safe
    from followup_tui.transfer.vcard_out import NOTE_BREAK

    # Blank where Python's `value or ""` was, "yes" where bool(value) was: a hand-edited
    # book may hold a number or a blob in any column (a date column keeps 0 a number).
    columns = (
        safe("c.name"),
        "c.kind",
        "CASE WHEN c.team_level IN ('', X'') THEN '' ELSE ifnull(c.team_level, '') END",
        safe("c.phone"),
        safe("c.email"),
        safe("c.met_at"),
        "CASE WHEN c.met_on IN (0, '', X'') THEN '' ELSE ifnull(c.met_on, '') END",
        safe("r.name"),
        "CASE WHEN ifnull(c.discreet IN (0, '', X''), 1) THEN '' ELSE 'yes' END",
        "CASE WHEN ifnull(c.do_not_contact IN (0, '', X''), 1) THEN '' ELSE 'yes' END",
    )
    rows, facts_read, notes_read = driver_rows(
        db,
        (
            f"SELECT c.id, {', '.join(columns)} FROM contacts c"
            " LEFT JOIN contacts r ON r.id = c.referred_by_id WHERE NOT c.is_me"
            + (" AND c.kind = ?" if kind is not None else "")
            + " ORDER BY c.id",
            (kind.value,) if kind is not None else (),
        ),
        (f"SELECT contact_id, key, {safe('value')} FROM facts ORDER BY id", ()),
        # The index on (contact_id, written_on) holds them in this order: no sort.
        ("SELECT contact_id, body FROM notes ORDER BY contact_id, written_on, id", ()),
    )
    facts: dict[int, dict[str, str]] = {}
    for contact_id, key, value in facts_read:
        facts.setdefault(contact_id, {})[key] = value
    notes: dict[int, list[str]] = {}
    for contact_id, body in notes_read:
        notes.setdefault(contact_id, []).append(body)
    keys = list(dict.fromkeys(key for row in rows if row[0] in facts for key in facts[row[0]]))
    no_facts = ("",) * len(keys)
    # A contact's notes and facts cells; map() asks her facts for each key in C.
    tails = {contact_id: ("", *map(held.get, keys, no_facts)) for contact_id, held in facts.items()}
    for contact_id, said in notes.items():
        fact_cells = tails[contact_id][1:] if contact_id in tails else no_facts
        tails[contact_id] = (neutralise(NOTE_BREAK.join(said)), *fact_cells)
    bare = ("", *no_facts)
    return keys, [row[1:] + tails.get(row[0], bare) for row in rows]


def calendar_touches(
    db: RowSource, today: date, days: int = 30, library: Library | None = None
) -> list[CalendarTouch]:
    """Pending touches up to `days` ahead, soonest first; overdue ones are due today.

    One query from the driver: the touch, her name and how to reach her."""
    from followup_tui.domain.playbooks import default_library
    from followup_tui.domain.schedule import touch_title

    until = today + timedelta(days=days)
    library = library or default_library()
    # `status = 'pending'` as a literal: SQLite uses the partial index only then.
    [rows] = driver_rows(
        db,
        (
            "SELECT t.id, t.due_on, t.channel, t.title, t.playbook, t.step,"
            " c.name, c.phone, c.email, c.discreet"
            " FROM touches t JOIN contacts c ON c.id = t.contact_id"
            " WHERE t.status = 'pending' AND t.due_on <= ?"
            " ORDER BY max(t.due_on, ?), t.priority, t.id",
            (until.isoformat(), today.isoformat()),
        ),
    )
    titles: dict[tuple[str, str], str] = {}
    found = []
    for touch_id, due_on, channel, title, playbook, step, name, phone, email, discreet in rows:
        due = date.fromisoformat(due_on)
        if not title:
            title = titles.get((playbook, step))
            if title is None:
                title = titles[playbook, step] = touch_title(library, playbook, step)
        found.append(
            CalendarTouch(
                touch_id,
                max(due, today),
                max((today - due).days, 0),
                name,
                title,
                channel,
                phone,
                email,
                bool(discreet),
            )
        )
    return found
