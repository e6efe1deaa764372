"""A contact's card for the desk, read from plain rows on the book's own connection.

The ORM's contact_detail reads the same card (tests/services/test_card.py) in ~10 ms
at 100,000 contacts, this in ~1 ms: the desk's card follows the cursor that much sooner.
The contact's screen, which shows more than the card, keeps the ORM's.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from followup_tui.db.cards import NoSuchContact, read_cards
from followup_tui.errors import InputError

if TYPE_CHECKING:
    from followup_tui.db.engine import Database
    from followup_tui.domain.card import ContactDetail


def contact_card(db: Database, contact_id: int, today: date) -> ContactDetail:
    """What the desk's card shows of a contact (raises InputError when there is none)."""
    with db.driver() as connection:
        try:
            return read_cards(connection, [contact_id], today).cards[contact_id]
        except NoSuchContact:
            raise InputError(f"no contact with id {contact_id}") from None
