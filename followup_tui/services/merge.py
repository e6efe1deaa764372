"""Two records of one person made one (`followup merge`, the contact screen's `M`), in one
transaction; its preview is the same merge rolled back, so a confirmation says exactly
what it will do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    FactRow,
    KindChangeRow,
    NoteRow,
    OrderRow,
    OutcomeRow,
    PartyGuestRow,
    PartyRow,
    RunRow,
    TouchRow,
)
from followup_tui.domain import roles
from followup_tui.domain.merging import (
    PendingCall,
    Record,
    call_key,
    calls_to_close,
    clash_note,
    combine,
)
from followup_tui.domain.model import Kind, RunStatus, TouchStatus
from followup_tui.domain.phones import phone_shown
from followup_tui.domain.playbooks import Library
from followup_tui.errors import InputError
from followup_tui.services import _unit as unit
from followup_tui.services._runs import (
    Scheduled,
    calls_only,
    change_kind,
    contact_row_by_id,
    end_runs,
    ensure_next_touch,
    next_up,
    timestamp,
)
from followup_tui.services.undo import drop_shell_undo
from followup_tui.words import counted

Result = TypeVar("Result")


@dataclass(frozen=True)
class Merged:
    """What a merge combined (or, previewed, will combine): the other's rows brought over."""

    keep_id: int
    keep_name: str
    other_id: int
    other_name: str
    facts: int
    """The other's facts added (keys the kept record lacked)."""
    kept_in_note: tuple[str, ...]
    """The other's values that differ from the kept record's, one line each, in a note."""
    notes: int
    orders: int
    party_places: int
    """Parties she hosted and guest places, as the other record."""
    history: int
    """Calls worked, skipped or ended, as the other record."""
    kind_changes: int
    referrals: int
    """Contacts the other record referred, now referred by the kept one."""
    pending: int
    """The other record's pending calls brought over."""
    closed: tuple[tuple[str, int], ...]
    """(why, how many) of both records' pending calls the merge closed."""
    phone: str | None
    email: str | None
    became_customer: bool
    next_up: tuple[Scheduled, ...] = ()

    def lines(self, *, discreet: bool = False, region: str = "US") -> list[tuple[str, str]]:
        """(what, how much) for each thing combined, as the confirmation and the shell
        say them (the phone as dialled in `region`). Discreet, the values kept in a note
        are not shown."""
        facts = f"{self.facts} added" if self.facts else "none to add"
        rows = [("facts", facts)]
        if discreet and self.kept_in_note:
            rows.append(("kept in a note", counted(len(self.kept_in_note), "value")))
        else:
            rows += [("kept in a note", line) for line in self.kept_in_note]
        kinds = str(self.kind_changes) + ("; she is a customer now" if self.became_customer else "")
        rows += [
            ("notes", str(self.notes)),
            ("orders", str(self.orders)),
            ("party places", str(self.party_places)),
            ("history", counted(self.history, "entry", "entries")),
            ("kind changes", kinds),
        ]
        if self.referrals:
            rows.append(("referrals", f"{self.referrals} now referred by #{self.keep_id}"))
        pending = f"{self.pending} brought over"
        for reason, count in self.closed:
            pending += f"; {count} closed ({reason})"
        rows += [
            ("pending touches", pending),
            ("phone", phone_shown(self.phone, region) if self.phone else "none"),
            ("email", self.email or "none"),
        ]
        return rows


def merge(
    db: Database, keep_id: int, other_id: int, today: date, library: Library | None = None
) -> Merged:
    """Fold `other_id` into `keep_id`, in one transaction: nothing she knew is lost, and the
    other record is deleted. InputError, and nothing written, for a contact merged into
    herself, an unknown id, or her own record ("me")."""
    with unit.write(db, library) as work:
        return _merge(work, keep_id, other_id, today)


def merge_preview(
    db: Database, keep_id: int, other_id: int, today: date, library: Library | None = None
) -> Merged:
    """What `merge` would combine: the merge itself, rolled back."""
    return unit.rolled_back(db, library, lambda work: _merge(work, keep_id, other_id, today))


def _count(session: Session, model: Any, *where: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _ids(session: Session, column: Any, *where: ColumnElement[bool]) -> list[int]:
    return list(session.scalars(select(column).where(*where)))


def _record(session: Session, row: ContactRow) -> Record:
    last_order = session.scalar(
        select(func.max(OrderRow.ordered_on)).where(OrderRow.contact_id == row.id)
    )
    return Record(
        name=row.name,
        kind=Kind(row.kind),
        phone=row.phone,
        email=row.email,
        met_at=row.met_at,
        met_on=row.met_on,
        created_on=row.created_on,
        discreet=row.discreet,
        do_not_contact=row.do_not_contact,
        said_no_on=row.said_no_on,
        last_order_on=last_order,
        facts=repo.facts(session, row.id),
    )


def _pair(session: Session, keep_id: int, other_id: int) -> tuple[ContactRow, ContactRow]:
    if keep_id == other_id:
        raise InputError(f"#{keep_id} twice: a contact cannot be merged into herself")
    keep = contact_row_by_id(session, keep_id)
    other = contact_row_by_id(session, other_id)
    for row in (keep, other):
        if row.is_me:
            raise InputError(f"#{row.id} is you: your own record is never merged")
    return keep, other


def _merge(work: unit.Unit, keep_id: int, other_id: int, today: date) -> Merged:
    session, library, rules = work
    keep, other = _pair(session, keep_id, other_id)
    kid, oid = keep.id, other.id
    mine, theirs = _record(session, keep), _record(session, other)
    combined = combine(mine, theirs)
    pending = TouchRow.status == repo.PENDING
    active = RunRow.status == RunStatus.ACTIVE.value
    before = Merged(
        keep_id=kid,
        keep_name=keep.name,
        other_id=oid,
        other_name=other.name,
        facts=len(combined.facts_taken),
        kept_in_note=tuple(clash.line() for clash in combined.clashes),
        notes=_count(session, NoteRow, NoteRow.contact_id == oid),
        orders=_count(session, OrderRow, OrderRow.contact_id == oid),
        party_places=_count(session, PartyRow, PartyRow.hostess_id == oid)
        + _count(session, PartyGuestRow, PartyGuestRow.contact_id == oid),
        history=_count(session, OutcomeRow, OutcomeRow.contact_id == oid)
        + _count(session, TouchRow, TouchRow.contact_id == oid, ~pending),
        kind_changes=_count(session, KindChangeRow, KindChangeRow.contact_id == oid),
        referrals=_count(
            session, ContactRow, ContactRow.referred_by_id == oid, ContactRow.id != kid
        ),
        pending=_count(session, TouchRow, TouchRow.contact_id == oid, pending),
        closed=(),
        phone=combined.phone,
        email=combined.email,
        became_customer=combined.became_customer,
    )
    both = TouchRow.contact_id.in_([kid, oid])
    pending_before = _ids(session, TouchRow.id, both, pending)
    theirs_pending = set(_ids(session, TouchRow.id, TouchRow.contact_id == oid, pending))
    my_runs = _ids(session, RunRow.id, RunRow.contact_id == kid, active)
    their_runs = _ids(session, RunRow.id, RunRow.contact_id == oid, active)

    # Her facts: the other's new keys move over; a value differing from keep's is kept
    # in a note with the other's other differing values (name, phone...).
    session.execute(
        update(FactRow)
        .where(FactRow.contact_id == oid, FactRow.key.in_(combined.facts_taken))
        .values(contact_id=kid)
    )
    session.execute(delete(FactRow).where(FactRow.contact_id == oid))
    note = clash_note(oid, other.name, combined.clashes)
    if note is not None:
        session.add(NoteRow(contact_id=kid, body=note, written_on=today, created_at=timestamp()))
    keep.referred_by_id = _referrer(keep, other)
    keep.phone, keep.email = combined.phone, combined.email
    keep.met_at, keep.met_on = combined.met_at, combined.met_on
    keep.created_on = combined.created_on or keep.created_on
    keep.discreet, keep.do_not_contact = combined.discreet, combined.do_not_contact
    keep.said_no_on = combined.said_no_on

    for model in (NoteRow, OrderRow, KindChangeRow, RunRow, TouchRow, OutcomeRow):
        session.execute(update(model).where(model.contact_id == oid).values(contact_id=kid))
    session.execute(update(PartyRow).where(PartyRow.hostess_id == oid).values(hostess_id=kid))
    session.execute(
        update(ContactRow)
        .where(ContactRow.referred_by_id == oid, ContactRow.id != kid)
        .values(referred_by_id=kid)
    )
    _merge_guest_places(session, kid, oid)

    # What one record's order or "no" would have ended on it ends for the other's too.
    if combined.became_customer:
        change_kind(session, keep, Kind.CUSTOMER, None, today, f"merged with #{oid}: ordered")
    ordered = (mine.last_order_on is not None, theirs.last_order_on is not None)
    if ordered[0] != ordered[1]:
        never_ordered = their_runs if ordered[0] else my_runs
        end_runs(
            session,
            kid,
            today,
            "ordered",
            playbooks=roles.SUPERSEDED_BY_ORDER,
            run_ids=never_ordered,
        )
    if combined.said_no_on is not None:
        selling = set(library.playbooks) - roles.SEEN_THROUGH_AFTER_NO
        for said, runs in ((mine.said_no_on, my_runs), (theirs.said_no_on, their_runs)):
            if said is None:
                end_runs(session, kid, today, "not interested", playbooks=selling, run_ids=runs)
    if combined.do_not_contact:
        end_runs(session, kid, today, "do not contact")
    _one_call_per_playbook(session, kid, theirs_pending, today)
    if keep.discreet:
        calls_only(session, library, kid)  # the other's texts, now hers: calls only

    drop_shell_undo(session, {kid, oid})
    session.delete(other)
    session.flush()
    if not keep.do_not_contact:
        ensure_next_touch(session, library, keep, today, rules)
    closed = session.execute(
        select(TouchRow.close_reason, func.count(TouchRow.id))
        .where(TouchRow.id.in_(pending_before), ~pending)
        .group_by(TouchRow.close_reason)
        .order_by(func.count(TouchRow.id).desc(), TouchRow.close_reason)
    ).all()
    return replace(
        before,
        closed=tuple((reason or "closed", count) for reason, count in closed),
        next_up=next_up(session, library, kid),
    )


def _referrer(keep: ContactRow, other: ContactRow) -> int | None:
    """Who referred her: keep's referrer, else the other's; never one of the two."""
    for referrer in (keep.referred_by_id, other.referred_by_id):
        if referrer is not None and referrer not in (keep.id, other.id):
            return referrer
    return None


def _merge_guest_places(session: Session, kid: int, oid: int) -> None:
    """The other's guest places become hers; at a party both were guests of, one place
    with both's flags; at a party she hosts (as either record), she is no guest."""
    hosted = set(_ids(session, PartyRow.id, PartyRow.hostess_id == kid))
    places = {
        row.party_id: row
        for row in session.scalars(select(PartyGuestRow).where(PartyGuestRow.contact_id == kid))
    }
    for row in session.scalars(select(PartyGuestRow).where(PartyGuestRow.contact_id == oid)):
        place = places.get(row.party_id)
        if row.party_id in hosted:
            session.delete(row)
        elif place is not None:
            place.wants_to_book = place.wants_to_book or row.wants_to_book
            place.wants_info = place.wants_info or row.wants_info
            session.delete(row)
        else:
            row.contact_id = kid
    for party_id, place in places.items():
        if party_id in hosted:
            session.delete(place)
    session.flush()


def _one_call_per_playbook(session: Session, kid: int, theirs: set[int], today: date) -> None:
    """One next call per playbook (per order, party or event for those about one): of two,
    the earlier stays; the other closes with a reason her history shows."""
    rows = session.execute(
        select(TouchRow, RunRow)
        .outerjoin(RunRow, RunRow.id == TouchRow.run_id)
        .where(TouchRow.contact_id == kid, TouchRow.status == repo.PENDING)
    ).all()
    calls = [
        PendingCall(
            touch_id=touch.id,
            kept_record=touch.id not in theirs,
            key=call_key(
                touch.playbook,
                touch.order_id or (run.order_id if run else None),
                run.party_id if run else None,
                run.event_id if run else None,
            ),
            due=touch.due_on,
        )
        for touch, run in rows
    ]
    closing = calls_to_close(calls)
    reason = f"merged into #{kid}"
    runs: dict[int, RunRow] = {}
    for touch, run in rows:
        if touch.id in closing:
            touch.status = TouchStatus.ENDED.value
            touch.closed_on, touch.close_reason = today, reason
            if run is not None:
                runs[run.id] = run
    session.flush()
    for run in runs.values():
        waiting = _count(
            session, TouchRow, TouchRow.run_id == run.id, TouchRow.status == repo.PENDING
        )
        if not waiting and run.status == RunStatus.ACTIVE.value:
            run.status, run.ended_on, run.ended_reason = RunStatus.ENDED.value, today, reason


def merged_words(merged: Merged, *, done: bool = True) -> str:
    """The first line: who went into whom."""
    who = f"#{merged.other_id} {merged.other_name} into #{merged.keep_id} {merged.keep_name}"
    if done:
        return f"Merged {who}; #{merged.other_id} is deleted."
    return f"Merge {who}? #{merged.other_id} is then deleted; nothing of hers is lost."
