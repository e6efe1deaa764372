"""Adding a contact: the checks, then db.rows.insert_contact, on the Core tables alone.

`followup add` is typed right after meeting someone; mapping the ORM's classes first
would be a third of its time, so this module (and what it imports) needs no mapped
class. The app's quick add comes here too; a referral named on a call and a new party
guest are inserted with the same rows, inside their own action's transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from followup_tui.db import tables
from followup_tui.db.rows import Executor, insert_contact
from followup_tui.domain.model import Kind, NewContact
from followup_tui.domain.playbooks import Library
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit

if TYPE_CHECKING:
    from followup_tui.db.engine import Database


def add_contact(db: Database, new: NewContact, today: date, library: Library | None = None) -> int:
    check_new_contact(new)
    with unit.write(db, library) as (session, library, rules):
        check_referrer(session, new)
        return insert_contact(session, library, new, today, rules)


def check_new_contact(new: NewContact) -> None:
    """InputError for a new contact that cannot be stored as given."""
    if new.level is not None and new.kind is not Kind.TEAM:
        raise InputError("a team level goes with --kind team")


def check_referrer(executor: Executor, new: NewContact) -> None:
    if new.referred_by is None:
        return
    found = executor.execute(
        select(tables.contacts.c.id).where(tables.contacts.c.id == new.referred_by)
    ).first()
    if found is None:
        raise InputError(f"no contact with id {new.referred_by}")
