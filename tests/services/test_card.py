"""The card read with the sqlite3 driver alone is the card the ORM reads: the desk shows
the first one before SQLAlchemy is imported, the other after, for the same call."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from followup_tui.db.engine import open_database
from followup_tui.db.first_look import CARDS, first_cards, first_look
from followup_tui.errors import InputError
from followup_tui.services import calls, cards, contact_views, contacts
from followup_tui.widgets.contact_card import describe

TODAY = date(2026, 11, 23)


def card_text(detail: contact_views.ContactDetail, *, discreet: bool) -> str:
    console = Console(width=60, record=True, color_system=None)
    console.print(describe(detail, discreet=discreet, region="GB"))
    return console.export_text()


def test_every_demo_card_is_the_orms(demo_path: Path) -> None:
    # GIVEN the demo book (referrals, backorders, facts, notes, history), a few of the
    # contacts with facts marked discreet
    with sqlite3.connect(demo_path) as marking:
        marking.execute(
            "UPDATE contacts SET discreet = 1 WHERE id IN (SELECT contact_id FROM facts LIMIT 3)"
        )
    db = open_database(f"sqlite:///{demo_path}")
    with db.driver() as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM contacts ORDER BY id")]
    # WHEN every card is read both ways
    plain = first_cards(demo_path, ids, TODAY)
    orm = {cid: contact_views.contact_detail(db, cid, TODAY) for cid in ids}
    db.dispose()
    # THEN they are equal, field by field, and so is what the card draws from them
    assert plain is not None
    assert plain.cards == orm
    kinds = {
        "facts and notes": [c for c in orm.values() if c.facts and c.notes],
        "discreet": [c for c in orm.values() if c.contact.discreet],
        "history": [c for c in orm.values() if c.history and c.orders],
        "plain": [c for c in orm.values() if not (c.facts or c.notes or c.orders)],
    }
    assert all(kinds.values()), {name: len(found) for name, found in kinds.items()}
    for found in kinds.values():
        for detail in found[:5]:
            for discreet in (False, True):
                same = card_text(plain.cards[detail.contact.id], discreet=discreet)
                assert same == card_text(detail, discreet=discreet)


def test_a_changed_card_reads_the_same_both_ways(demo_path: Path) -> None:
    # GIVEN a contact with a skipped call, a new note and a new fact
    db = open_database(f"sqlite:///{demo_path}")
    with db.driver() as connection:
        touch_id, cid = connection.execute(
            "SELECT id, contact_id FROM touches WHERE status = 'pending' ORDER BY id LIMIT 1"
        ).fetchone()
    contacts.add_note(db, cid, "Her sister is visiting, call after five", TODAY)
    contacts.set_facts(db, cid, [("scent", "Chanel No 5")], TODAY)
    calls.skip_touch(db, touch_id, "on holiday", TODAY)
    # WHEN read both ways THEN the same
    plain = first_cards(demo_path, [cid], TODAY)
    assert plain is not None
    assert plain.cards[cid] == contact_views.contact_detail(db, cid, TODAY)
    db.dispose()


def test_a_book_not_read_plain_is_left_to_the_orm(tmp_path: Path) -> None:
    # An empty file is not a book at the current schema: the usual path says why.
    empty = tmp_path / "empty.db"
    empty.touch()
    assert first_cards(empty, [1], TODAY) is None


def test_the_first_cards_leave_a_backorders_deadline_to_the_book(demo_path: Path) -> None:
    # GIVEN today's first calls, as the desk has them before the book is open
    look = first_look(demo_path, TODAY)
    assert look is not None
    first = [item.touch.contact_id for item in look.items[:CARDS]]
    # WHEN their cards are read as the desk reads them then
    cards = first_cards(demo_path, first, TODAY, with_deadlines=False)
    # THEN each is the book's own, but for a card with a deadline: left to the book
    assert cards is not None
    db = open_database(f"sqlite:///{demo_path}")
    for cid in dict.fromkeys(first):
        orm = contact_views.contact_detail(db, cid, TODAY)
        if orm.deadlines:  # its deadline needs the holidays: left to the book
            assert cid not in cards.cards
        else:
            assert cards.cards[cid] == orm
    db.dispose()
    assert any(cid not in cards.cards for cid in first), "no backorder in the first calls"


def test_the_desks_card_is_the_orms(demo_path: Path) -> None:
    # GIVEN the book open as the desk has it
    db = open_database(f"sqlite:///{demo_path}")
    with db.driver() as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM contacts ORDER BY id")]
    # WHEN the desk reads a card THEN it is the one the ORM reads
    for cid in ids[:40]:
        assert cards.contact_card(db, cid, TODAY) == contact_views.contact_detail(db, cid, TODAY)
    # AND a contact gone (merged meanwhile) is said in words, as the ORM's says it
    with pytest.raises(InputError, match="no contact with id 999999"):
        cards.contact_card(db, 999999, TODAY)
    db.dispose()
