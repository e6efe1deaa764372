"""Adding a contact: the checks (someone already there among them), then
db.rows.insert_contact, on the Core tables alone.

`followup add` is typed right after meeting someone; mapping the ORM's classes first
would be a third of its time, so this module (and what it imports) needs no mapped
class. The app's quick add comes here too; a referral named on a call and a new party
guest are inserted with the same rows, inside their own action's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, insert, or_, select, update

from followup_tui.db import tables
from followup_tui.db.rows import Executor, insert_contact
from followup_tui.domain.model import Kind, NewContact
from followup_tui.domain.playbooks import Library
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.transfer.plan import WORD, Known, Match, OnDuplicate, find_match

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


# --- someone already there --------------------------------------------------------------


class AlreadyThere(InputError):
    """The one being added is in the book already (the import's rule): nothing written."""

    def __init__(self, match: Match) -> None:
        super().__init__(duplicate_words(match))
        self.match = match


def duplicate_words(match: Match) -> str:
    """`already there: #202 Dana Kim (same phone)`: the import's words for a duplicate."""
    return f"already there: {match.label} ({match.why})"


@dataclass(frozen=True)
class Saved:
    contact_id: int
    """The contact added, or the one her details were merged into."""
    merged: str | None = None
    """What the merge did, in words; None when she was added."""


def save_contact(
    db: Database,
    new: NewContact,
    today: date,
    on_duplicate: OnDuplicate = OnDuplicate.SKIP,
    library: Library | None = None,
) -> Saved:
    """Add a contact unless she is there already (same phone, same email or a very
    similar name): then, as an import would, refuse (AlreadyThere, the default), merge
    the new details into her, or add her anyway. One transaction."""
    check_new_contact(new)
    with unit.write(db, library) as (session, library, rules):
        check_referrer(session, new)
        match = None if on_duplicate is OnDuplicate.ADD else find_duplicate(session, new)
        if match is None or match.contact_id is None:
            return Saved(insert_contact(session, library, new, today, rules))
        if on_duplicate is OnDuplicate.SKIP:
            raise AlreadyThere(match)
        return Saved(match.contact_id, fold_into(session, match, new, today))


def duplicate_of(db: Database, new: NewContact) -> Match | None:
    """The contact `new` would duplicate, for a form to ask before it saves."""
    with db.read() as session:
        return find_duplicate(session, new)


def find_duplicate(executor: Executor, new: NewContact) -> Match | None:
    """The contact already in the book that `new` is, by the import's rule (your own
    record never counts). Only the rows that could match are read: those with her phone
    or email, or a word of her name (a similar name shares one), so a book of 100,000
    is one quick scan in SQLite, not 100,000 rows through Python."""
    c = tables.contacts.c
    words = {word for word in WORD.findall(new.name.casefold()) if len(word) >= 2}
    maybe: list[ColumnElement[bool]] = [c.name.ilike(_anywhere(w)) for w in sorted(words)]
    if new.phone:
        maybe.append(c.phone == new.phone)
    if new.email:
        maybe.append(c.email.ilike(new.email))  # LIKE's wildcards only widen the search
    if not maybe:
        return None  # no word a similar name could share, no phone, no email
    rows = executor.execute(
        select(c.id, c.name, c.phone, c.email).where(c.is_me.is_(False), or_(*maybe)).order_by(c.id)
    )
    return find_match([Known._make(row) for row in rows], new.name, new.phone, new.email)


def _anywhere(word: str) -> str:
    """A LIKE pattern for `word` anywhere in a name, whatever its case. SQLite folds
    ASCII case only, so any other character matches anything there: wider, never
    narrower (the matcher decides)."""
    return "%" + "".join(ch if ch.isascii() else "%" for ch in word) + "%"


def fold_into(executor: Executor, match: Match, new: NewContact, today: date) -> str:
    """The new details folded into the contact she duplicates (domain.duplicates says
    how); what was done, in words."""
    from followup_tui.domain.duplicates import fold_new, fold_words
    from followup_tui.domain.merging import Record

    assert match.contact_id is not None
    contact_id = match.contact_id
    c, f, n = tables.contacts.c, tables.facts.c, tables.notes.c
    row = executor.execute(
        select(c.name, c.kind, c.phone, c.email, c.met_at, c.met_on, c.referred_by_id).where(
            c.id == contact_id
        )
    ).one()
    facts = executor.execute(select(f.key, f.value).where(f.contact_id == contact_id))
    notes = executor.execute(select(n.body).where(n.contact_id == contact_id)).scalars()
    hers = Record(
        name=row.name,
        kind=Kind(row.kind),
        phone=row.phone,
        email=row.email,
        met_at=row.met_at,
        met_on=row.met_on,
        facts={key: value for key, value in facts},
    )
    given = Record(
        name=new.name,
        kind=new.kind,
        phone=new.phone,
        email=new.email,
        met_at=new.met_at,
        met_on=new.met_on,
        facts=dict(new.facts),
    )
    fold = fold_new(hers, given, new.note, set(notes))
    executor.execute(
        update(tables.contacts)
        .where(c.id == contact_id)
        .values(
            phone=fold.phone,
            email=fold.email,
            met_at=fold.met_at,
            met_on=fold.met_on,
            referred_by_id=row.referred_by_id or new.referred_by,
        )
    )
    if fold.facts:
        executor.execute(
            insert(tables.facts),
            [
                {"contact_id": contact_id, "key": key, "value": value, "noted_on": today}
                for key, value in fold.facts
            ],
        )
    for body in (fold.note, fold.kept_note):
        if body:
            executor.execute(
                insert(tables.notes).values(
                    contact_id=contact_id, body=body, written_on=today, created_at=datetime.now()
                )
            )
    return fold_words(match.label, match.why, fold)
