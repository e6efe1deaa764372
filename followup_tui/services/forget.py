"""A person forgotten on request (`followup forget`, the contact screen's `X`): she and
everything about her deleted in one transaction; what others keep stays, without the
link to her. Its preview is the forgetting rolled back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.backup import DAILY_KEPT
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    FactRow,
    KindChangeRow,
    NoteRow,
    OrderLineRow,
    OrderRow,
    OutcomeRow,
    PartyGuestRow,
    PartyRow,
    RunRow,
    TouchRow,
)
from followup_tui.domain.playbooks import Library
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services._runs import contact_row_by_id
from followup_tui.services.undo import drop_shell_undo
from followup_tui.words import counted


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a person deletes (or, previewed, will delete)."""

    contact_id: int
    name: str
    calls: int
    worked: int
    notes: int
    facts: int
    orders: int
    party_places: int
    kind_changes: int
    referrals: int
    """Contacts she referred: they stay, without the link to her."""
    hosted: int
    """Parties she hosted: they go with her."""
    guests: int
    """Other people's places at her parties: they keep their calls and orders."""

    def about(self) -> str:
        """What goes, in a few words: "7 calls (3 worked), 2 notes, 1 order"."""
        parts = [counted(self.calls, "call") + (f" ({self.worked} worked)" if self.worked else "")]
        for count, one in (
            (self.notes, "note"),
            (self.facts, "fact"),
            (self.orders, "order"),
            (self.party_places, "party place"),
            (self.kind_changes, "kind change"),
        ):
            if count:
                parts.append(counted(count, one))
        return ", ".join(parts)

    def lines(self, *, done: bool = True) -> list[str]:
        verb = "Forgot" if done else "Forgets"
        lines = [f"{verb} #{self.contact_id} {self.name} and everything about her: {self.about()}."]
        if self.referrals:
            stay = "stays" if self.referrals == 1 else "stay"
            lines.append(
                f"{counted(self.referrals, 'contact')} she referred {stay},"
                " without the link to her."
            )
        if self.hosted:
            go = "went" if done else "goes"
            lines.append(
                f"{counted(self.hosted, 'party', 'parties')} she hosted {go} with her; "
                f"{counted(self.guests, 'guest')} keep their calls and orders."
            )
        lines.append(backups_words())
        return lines


def backups_words() -> str:
    """What still holds a forgotten person: the app's daily backups, for a while."""
    return (
        f"The app's last {DAILY_KEPT} daily backups (backups/ beside the database) still hold"
        f" her until newer ones replace them: up to {DAILY_KEPT} days when the app is opened"
        " every day. Copies made with `followup backup`, and databases kept by `followup"
        " restore`, hold her until you delete them."
    )


def forget(db: Database, contact_id: int, library: Library | None = None) -> Forgotten:
    """Delete a person and everything about her, for the customer who asks to be
    forgotten. What others keep (a contact she referred, a guest at her party) stays,
    without the link to her. InputError for an unknown id or her own record."""
    with unit.write(db, library) as work:
        return _forget(work.session, contact_id)


def forget_preview(db: Database, contact_id: int, library: Library | None = None) -> Forgotten:
    """What `forget` would delete: the forgetting itself, rolled back."""
    return unit.rolled_back(db, library, lambda work: _forget(work.session, contact_id))


def _forget(session: Session, contact_id: int) -> Forgotten:
    row = contact_row_by_id(session, contact_id)
    if row.is_me:
        raise InputError(f"#{contact_id} is you: your own record cannot be forgotten")
    cid, first_name = row.id, repo.to_contact(row).first_name
    outcomes = _ids(session, OutcomeRow.id, OutcomeRow.contact_id == cid)
    touches = _ids(session, TouchRow.id, TouchRow.contact_id == cid)
    orders = _ids(session, OrderRow.id, OrderRow.contact_id == cid)
    parties = _ids(session, PartyRow.id, PartyRow.hostess_id == cid)
    guests_elsewhere = PartyGuestRow.party_id.in_(parties), PartyGuestRow.contact_id != cid
    gone = Forgotten(
        contact_id=cid,
        name=row.name,
        calls=len(touches),
        worked=len(outcomes),
        notes=_count(session, NoteRow, NoteRow.contact_id == cid),
        facts=_count(session, FactRow, FactRow.contact_id == cid),
        orders=len(orders),
        party_places=len(parties) + _count(session, PartyGuestRow, PartyGuestRow.contact_id == cid),
        kind_changes=_count(session, KindChangeRow, KindChangeRow.contact_id == cid),
        referrals=_count(session, ContactRow, ContactRow.referred_by_id == cid),
        hosted=len(parties),
        guests=_count(session, PartyGuestRow, *guests_elsewhere),
    )

    # What others keep loses its link to her: a contact she referred, a call her log
    # planned for someone else (the referrer's thank-you names her: its words go back to
    # the playbook's), a guest's order or calls from her party.
    session.execute(
        update(ContactRow).where(ContactRow.referred_by_id == cid).values(referred_by_id=None)
    )
    for touch in session.scalars(
        select(TouchRow).where(TouchRow.from_outcome_id.in_(outcomes), TouchRow.contact_id != cid)
    ):
        touch.from_outcome_id = None
        if touch.title and first_name.casefold() in touch.title.casefold():
            touch.title = None
    session.execute(update(OrderRow).where(OrderRow.party_id.in_(parties)).values(party_id=None))
    session.execute(update(RunRow).where(RunRow.party_id.in_(parties)).values(party_id=None))

    # Hers, children first: the foreign keys' cascades are not relied on.
    session.execute(
        delete(OutcomeRow).where(
            or_(OutcomeRow.contact_id == cid, OutcomeRow.touch_id.in_(touches))
        )
    )
    session.execute(delete(TouchRow).where(TouchRow.contact_id == cid))
    session.execute(delete(RunRow).where(RunRow.contact_id == cid))
    session.execute(delete(OrderLineRow).where(OrderLineRow.order_id.in_(orders)))
    session.execute(delete(OrderRow).where(OrderRow.contact_id == cid))
    for model in (FactRow, NoteRow, KindChangeRow):
        session.execute(delete(model).where(model.contact_id == cid))
    session.execute(
        delete(PartyGuestRow).where(
            or_(PartyGuestRow.contact_id == cid, PartyGuestRow.party_id.in_(parties))
        )
    )
    session.execute(delete(PartyRow).where(PartyRow.hostess_id == cid))
    drop_shell_undo(session, {cid})
    session.delete(row)
    session.flush()
    return gone


def _count(session: Session, model: Any, *where: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _ids(session: Session, column: Any, *where: ColumnElement[bool]) -> list[int]:
    return list(session.scalars(select(column).where(*where)))
