"""Two records of one person made one: which of two values stays, what is kept as a note
so nothing is lost, and which of two next calls stays. Plain values in and out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from followup_tui.domain import roles
from followup_tui.domain.model import Kind
from followup_tui.domain.orders import BECOME_CUSTOMER_ON_ORDER


@dataclass(frozen=True)
class Record:
    """One contact as a merge sees it."""

    name: str
    kind: Kind
    phone: str | None = None
    email: str | None = None
    met_at: str | None = None
    met_on: date | None = None
    created_on: date | None = None
    discreet: bool = False
    do_not_contact: bool = False
    said_no_on: date | None = None
    last_order_on: date | None = None
    """Her latest order's day; None when she never ordered."""
    facts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Clash:
    """A value both records hold, differently: the kept record's stays, the other's is
    kept in a note."""

    what: str
    kept: str
    theirs: str

    def line(self) -> str:
        return f"{self.what}: {self.theirs} (kept: {self.kept})"


@dataclass(frozen=True)
class Combined:
    """The merged record's values, and what of the other's has to be kept in a note."""

    kind: Kind
    phone: str | None
    email: str | None
    met_at: str | None
    met_on: date | None
    created_on: date | None
    discreet: bool
    do_not_contact: bool
    said_no_on: date | None
    facts_taken: tuple[str, ...]
    """The other's fact keys the kept record lacks: those facts move over as they are."""
    clashes: tuple[Clash, ...]
    became_customer: bool
    """The kept record never ordered and the other did: she is a customer now, as a first
    order would have made her."""


def same(a: str, b: str) -> bool:
    """Equal but for case and spacing: "Chanel No 5" and "chanel  no 5" clash with nothing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _kept(what: str, kept: str | None, theirs: str | None, clashes: list[Clash]) -> str | None:
    """The kept record's value, else the other's; a different one of hers is a clash."""
    if kept is None or not kept.strip():
        return theirs
    if theirs is not None and theirs.strip() and not same(kept, theirs):
        clashes.append(Clash(what, kept, theirs))
    return kept


def combine(keep: Record, other: Record) -> Combined:
    """`other` folded into `keep`: keep's values win, the other's fill the gaps, and
    every value of the other's that differs is kept (as a clash, for a note).

    Discreet and do not contact hold when either record says so; a "not interested"
    stands (the later one) unless she ordered on or after the day she said it, as an
    order takes a no back on a single record."""
    clashes: list[Clash] = []
    if not same(keep.name, other.name):
        clashes.append(Clash("name", keep.name, other.name))
    phone = _kept("phone", keep.phone, other.phone, clashes)
    email = _kept("email", keep.email, other.email, clashes)
    met_at = _kept("met at", keep.met_at, other.met_at, clashes)
    met_on = keep.met_on or other.met_on
    if keep.met_on and other.met_on and keep.met_on != other.met_on:
        clashes.append(Clash("met on", keep.met_on.isoformat(), other.met_on.isoformat()))
    taken, fact_clashes = combine_facts(keep.facts, other.facts)
    became_customer = (
        other.last_order_on is not None
        and keep.last_order_on is None
        and keep.kind in BECOME_CUSTOMER_ON_ORDER
    )
    return Combined(
        kind=Kind.CUSTOMER if became_customer else keep.kind,
        phone=phone,
        email=email,
        met_at=met_at,
        met_on=met_on,
        created_on=_earliest(keep.created_on, other.created_on),
        discreet=keep.discreet or other.discreet,
        do_not_contact=keep.do_not_contact or other.do_not_contact,
        said_no_on=said_no(keep, other),
        facts_taken=taken,
        clashes=(*clashes, *fact_clashes),
        became_customer=became_customer,
    )


def combine_facts(
    keep: Mapping[str, str], other: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[Clash, ...]]:
    """(the other's keys that move over, the other's values that clash with keep's).
    Keys match whatever their case; a value the same as keep's is neither."""
    mine = {key.casefold(): value for key, value in keep.items()}
    taken: list[str] = []
    clashes: list[Clash] = []
    for key, value in other.items():
        kept = mine.get(key.casefold())
        if kept is None:
            taken.append(key)
        elif not same(kept, value):
            clashes.append(Clash(key, kept, value))
    return tuple(taken), tuple(clashes)


def said_no(keep: Record, other: Record) -> date | None:
    """The later "not interested" of the two, unless an order came on or after it."""
    said = [d for d in (keep.said_no_on, other.said_no_on) if d is not None]
    if not said:
        return None
    latest = max(said)
    ordered = [d for d in (keep.last_order_on, other.last_order_on) if d is not None]
    if ordered and max(ordered) >= latest:
        return None
    return latest


def _earliest(a: date | None, b: date | None) -> date | None:
    known = [d for d in (a, b) if d is not None]
    return min(known) if known else None


def clash_note(other_id: int, other_name: str, clashes: Iterable[Clash]) -> str | None:
    """The note keeping the other record's differing values, one line (each value after a
    semicolon), or None when none differ."""
    lines = [clash.line() for clash in clashes]
    if not lines:
        return None
    return f"From #{other_id} {other_name}, merged in: " + "; ".join(lines)


CallKey = tuple[str, int | None, int | None, int | None]
"""(playbook, order, party, event): what one next call is about."""


def call_key(
    playbook: str,
    order_id: int | None = None,
    party_id: int | None = None,
    event_id: int | None = None,
) -> CallKey:
    """What a pending call is about, for "one next touch per playbook": its playbook, and
    the order, party or event a playbook about one is for (two orders' reorder calls are
    two calls). The quiet rhythms a customer moves between count as one playbook."""
    slot = "quiet-rhythm" if playbook in roles.DERIVED_RHYTHMS else playbook
    return (slot, order_id, party_id, event_id)


@dataclass(frozen=True)
class PendingCall:
    touch_id: int
    kept_record: bool
    """True for a call of the record that stays, False for one of the record merged in."""
    key: CallKey
    due: date


def calls_to_close(calls: Iterable[PendingCall]) -> frozenset[int]:
    """Of two records' pending calls, those to close so each playbook has one next call:
    where both have calls about the same thing, the record whose call is due first keeps
    its calls (the kept record on a tie); the other's close."""
    soonest: dict[tuple[CallKey, bool], date] = {}
    listed = list(calls)
    for call in listed:
        slot = (call.key, call.kept_record)
        if slot not in soonest or call.due < soonest[slot]:
            soonest[slot] = call.due
    closing = set()
    for call in listed:
        mine, theirs = soonest.get((call.key, True)), soonest.get((call.key, False))
        if mine is None or theirs is None:
            continue
        keep_side = mine <= theirs
        if call.kept_record != keep_side:
            closing.add(call.touch_id)
    return frozenset(closing)
