"""A touch as her phone needs it: the number, the address and the filled message."""

from __future__ import annotations

from datetime import date

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import TouchRow
from followup_tui.domain.handoff import Handoff
from followup_tui.domain.model import Channel
from followup_tui.errors import InputError
from followup_tui.services._runs import contact_row_by_id
from followup_tui.services.scripts import message_for_touch
from followup_tui.services.settings import load_settings


def handoff_for_touch(db: Database, touch_id: int, today: date) -> Handoff:
    """What `y` copies and `Q` encodes for the touch.

    The message is the one she sends, whatever the screen's discreet mode (it is not drawn
    on screen); a contact marked discreet gets the message written for her (no product).
    """
    with db.read() as session:
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None:
            raise InputError(f"no touch with id {touch_id}")
        contact = repo.to_contact(contact_row_by_id(session, touch_row.contact_id))
        channel = Channel(touch_row.channel)
    message = message_for_touch(db, touch_id, today, discreet=contact.discreet)
    me = load_settings(db).consultant_name if channel is Channel.EMAIL else ""
    return Handoff(
        name=contact.name,
        first_name=contact.first_name,
        channel=channel,
        phone=contact.phone,
        email=contact.email,
        message=message,
        subject=f"Hello from {me.split()[0]}" if me.strip() else None,
    )
