"""Her own record, "me": who she is. The same name as the consultant_name setting (what
the scripts say as `{me}`); in the book, but never followed up: no playbook starts for
her, her orders included (DOMAIN: "The consultant's own record is never followed up")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_tui.config import Settings
from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, KindChangeRow
from followup_tui.domain.model import Kind
from followup_tui.services.settings import settings_pairs
from followup_tui.validation import clean_name, normalise_email, normalise_phone

MY_KIND = Kind.CIRCLE
"""Her record's kind: she is in her own circle, the one kind with nothing to sell her."""


@dataclass(frozen=True)
class Me:
    contact_id: int
    name: str
    phone: str | None
    email: str | None


def set_me(
    db: Database,
    name: str,
    today: date,
    *,
    phone: str | None = None,
    email: str | None = None,
) -> int:
    """Who she is, in one transaction: her record made (with no playbook and no touch)
    or, when she has one, renamed, with the phone and email given (those not given are
    kept); the consultant_name setting becomes the same name. Answers her contact id.

    The phone is read with her phone_region setting, and both are checked as `followup
    add` checks them: InputError, and nothing written, for what cannot be stored."""
    name = clean_name(name)
    with db.begin() as session:
        region = Settings.from_pairs(settings_pairs(session)).phone_region
        phone = normalise_phone(phone, region) if phone else None
        email = normalise_email(email) if email else None
        return _name_me(session, name, today, phone=phone, email=email)


def first_start(db: Database, settings: Settings, today: date) -> int | None:
    """What she answered on the first start of an empty book, in one transaction: her
    settings, and, when she gave her name, her own record made (or renamed) with it, as
    `set_me` does. Answers her contact id, or None when she left her name for later."""
    name = clean_name(settings.consultant_name) if settings.consultant_name.strip() else ""
    with db.begin() as session:
        for key, value in settings.as_pairs().items():
            repo.put_setting(session, key, value)
        return _name_me(session, name, today) if name else None


def _name_me(
    session: Session, name: str, today: date, *, phone: str | None = None, email: str | None = None
) -> int:
    """Her record made, or renamed with the phone and email given (those not given are
    kept); the consultant_name setting becomes the same name."""
    row = _my_row(session)
    if row is None:
        row = ContactRow(
            name=name,
            kind=MY_KIND.value,
            team_level=None,
            phone=phone,
            email=email,
            do_not_contact=False,
            discreet=False,
            is_me=True,
            created_on=today,
        )
        session.add(row)
        session.flush()
        session.add(
            KindChangeRow(
                contact_id=row.id,
                kind=MY_KIND.value,
                team_level=None,
                changed_on=today,
                reason="you",
            )
        )
    else:
        row.name = name
        row.phone = phone or row.phone
        row.email = email or row.email
    repo.put_setting(session, "consultant_name", name)
    return row.id


def me(db: Database) -> Me | None:
    """Her own record, or None before `set_me`."""
    with db.read() as session:
        row = _my_row(session)
        if row is None:
            return None
        return Me(contact_id=row.id, name=row.name, phone=row.phone, email=row.email)


def _my_row(session: Session) -> ContactRow | None:
    # At most one: set_me updates hers rather than adding another (under the write lock).
    return session.scalars(
        select(ContactRow).where(ContactRow.is_me.is_(True)).order_by(ContactRow.id).limit(1)
    ).first()
