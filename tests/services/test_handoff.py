"""A touch as her phone needs it, read from the demo book: number, address, message."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from followup_tui.db.engine import open_database
from followup_tui.domain.handoff import qr_links, to_copy
from followup_tui.domain.model import Channel
from followup_tui.services.handoff import handoff_for_touch


def touch_of(path: Path, name: str, channel: str) -> int:
    sql = (
        "SELECT t.id FROM touches t JOIN contacts c ON c.id = t.contact_id"
        " WHERE c.name = ? AND t.channel = ? ORDER BY t.id LIMIT 1"
    )
    with closing(sqlite3.connect(path)) as con:
        return int(con.execute(sql, (name, channel)).fetchone()[0])


def test_an_email_touch_carries_address_subject_and_message(demo_path: Path, today: date) -> None:
    db = open_database(f"sqlite:///{demo_path}")
    try:
        # GIVEN Grace, a prospect who asked for information by email (sent: any touch
        # reads back, not only one due)
        grace = handoff_for_touch(db, touch_of(demo_path, "Grace Okafor", "email"), today)
        # ... and Maria's call
        maria = handoff_for_touch(db, touch_of(demo_path, "Maria Lopez", "call"), today)
    finally:
        db.dispose()
    # THEN Grace's is the filled email, to her address, from the consultant
    assert (grace.channel, grace.email, grace.phone) == (
        Channel.EMAIL,
        "grace.okafor@example.com",
        None,
    )
    assert grace.message and "Grace" in grace.message and "{" not in grace.message
    assert to_copy(grace, "US").text == grace.message
    links = qr_links(grace)
    assert isinstance(links, list)
    query = parse_qs(urlsplit(links[0].uri).query)
    assert query == {"subject": ["Hello from Alex"], "body": [grace.message]}
    # AND Maria's is her number to dial, no message
    assert (maria.channel, maria.phone, maria.message) == (Channel.CALL, "+12025550102", None)


def test_an_email_with_no_address_says_so(demo_path: Path, today: date) -> None:
    # GIVEN Zoe, whose information is due by email, but who gave only a phone
    db = open_database(f"sqlite:///{demo_path}")
    try:
        zoe = handoff_for_touch(db, touch_of(demo_path, "Zoe Foster", "email"), today)
    finally:
        db.dispose()
    # THEN there is no code to show, and the line says why
    assert qr_links(zoe) == "No email on record for Zoe Foster."
