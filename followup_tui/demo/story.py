"""The contacts this morning is about, made with the real services on past dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from followup_tui.db.engine import Database
from followup_tui.db.models import (
    TouchRow,
)
from followup_tui.domain.model import (
    Kind,
    Level,
    NewContact,
    Outcome,
    Reach,
    Said,
)
from followup_tui.domain.playbooks import Library
from followup_tui.services import adding, calls, orders, parties

MAX_WORKED_PER_CONTACT = 12


STORY_SIZE = 17


def tell_story(db: Database, today: date, library: Library) -> int:
    """The contacts this morning is about, made with the real services on past dates."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    made: list[int] = []

    def new(name: str, kind: Kind, day: date, **kw: Any) -> int:
        contact = NewContact(name=name, kind=kind, **kw)
        made.append(adding.add_contact(db, contact, day, library))
        return made[-1]

    def order(cid: int, skus: list[str], day: date, **kw: Any) -> None:
        orders.record_order(db, cid, skus, day, library=library, **kw)

    sally = new(
        "Sally Jensen",
        Kind.CUSTOMER,
        ago(70),
        phone="+12025550101",
        met_at="a friend's party",
        facts=(("perfume", "Daisy"), ("kids", "2 (Emma 6, Leo 3)"), ("job", "nurse")),
    )
    order(sally, ["NUT-MV30"], ago(70))
    _work_until(db, sally, ago(1), library)
    new(
        "Maria Lopez",
        Kind.REFERRAL,
        today,
        phone="+12025550102",
        referred_by=sally,
        note="Sally's sister-in-law; just moved here.",
    )
    jenna = new(
        "Jenna Brooks",
        Kind.LEAD,
        ago(20),
        phone="+12025550103",
        email="jenna.brooks@example.com",
        met_at="the grocery store checkout",
        met_on=ago(20),
        facts=(("perfume", "Chanel No 5"), ("hair", "red curls")),
    )
    _work_until(db, jenna, ago(4), library)
    order(jenna, ["DTX-7"], ago(3))
    _work_until(db, jenna, today, library)
    new(
        "Tom Reilly",
        Kind.LEAD,
        ago(5),
        phone="+12025550104",
        met_at="the gym",
        met_on=ago(5),
        facts=(("job", "personal trainer"),),
    )
    priya = new(
        "Priya Shah",
        Kind.CUSTOMER,
        ago(30),
        email="priya.shah@example.com",
        facts=(("kids", "twins, 4"),),
    )
    order(priya, ["SKN-SER-C", "HOM-APC"], today, backorders=["SKN-SER-C"], corporate=True)
    new("Dana Kim", Kind.TEAM, ago(3), level=Level.NEW_LEADER, phone="+12025550106")
    new("Marcus Cole", Kind.TEAM, ago(7), level=Level.MATURE_LEADER, phone="+12025550113")
    rosa = new(
        "Rosa Garcia", Kind.CUSTOMER, ago(12), phone="+12025550107", facts=(("job", "teacher"),)
    )
    order(rosa, ["HOM-LDY"], ago(5))
    _work_until(db, rosa, today, library)
    keisha = new(
        "Keisha Washington",
        Kind.CUSTOMER,
        ago(25),
        phone="+12025550108",
        facts=(("perfume", "lavender oil"),),
    )
    order(keisha, ["NUT-SHK-VAN"], ago(9))  # a Saturday: Day 1 is her Monday, Alex's Sundays off
    _work_until(db, keisha, ago(6), library, said=Said.ISSUE, note="bloating in the mornings")
    new("Linda Nguyen", Kind.CIRCLE, ago(90), phone="+12025550109", met_at="church coffee hour")
    grace = new(
        "Grace Okafor",
        Kind.PROSPECT,
        ago(3),
        email="grace.okafor@example.com",
        note="Wants to hear about the business; two kids in school.",
    )
    _work_until(db, grace, today, library)
    amy = new(
        "Amy Miller",
        Kind.REFERRAL_PARTNER,
        ago(31),
        phone="+12025550111",
        facts=(("job", "realtor"),),
    )
    _work_until(db, amy, ago(1), library)
    # Last night's party: the hostess and her guests get their morning-after calls today.
    holly = new("Holly Rossi", Kind.CUSTOMER, ago(40), phone="+12025550112")
    # Last month Sally hosted, Holly came and booked her own: a booking that party brought.
    earlier = parties.new_party(
        db, sally, ago(35), ago(45), place="Sally's kitchen", library=library
    )
    parties.add_guest(db, earlier, holly, ago(35), wants_to_book=True, library=library)
    _work_until(db, sally, ago(1), library)
    party = parties.new_party(
        db, holly, ago(1), ago(10), place="Holly's living room", library=library
    )
    guests: tuple[tuple[str, bool, bool, list[str], list[str]], ...] = (
        ("Carmen Silva", True, False, ["SKN-MST", "OTH-MSG-OIL"], []),
        ("Beth Murphy", False, True, ["HOM-CND", "HOM-DIF-OIL"], ["HOM-DIF-OIL"]),
        ("Nina Patel", False, False, ["NUT-MV30"], []),
        ("Olivia Chen", False, False, [], []),
    )
    for name, book, info, skus, backorders in guests:
        guest = new(name, Kind.LEAD, ago(1), met_at="Holly's party", met_on=ago(1))
        parties.add_guest(
            db, party, guest, ago(1), wants_to_book=book, wants_info=info, library=library
        )
        if skus:
            # Ordered at the party: the order-placed call was made this morning already.
            order(guest, skus, ago(1), party_id=party, backorders=backorders)
            _work_until(db, guest, today, library)
    _work_until(db, holly, today, library)
    return len(made)


def _work_until(
    db: Database,
    contact_id: int,
    until: date,
    library: Library,
    *,
    said: Said = Said.ALL_GOOD,
    note: str | None = None,
) -> None:
    """Work the contact's touches on their due dates, as a diligent consultant would have."""
    for _ in range(MAX_WORKED_PER_CONTACT):
        with db.read() as session:
            found = session.execute(
                select(TouchRow.id, TouchRow.due_on)
                .where(TouchRow.contact_id == contact_id, TouchRow.status == "pending")
                .order_by(TouchRow.due_on, TouchRow.id)
                .limit(1)
            ).first()
        if found is None or found.due_on >= until:
            return
        outcome = Outcome(Reach.REACHED, said, note=note)
        calls.log_outcome(db, found.id, outcome, found.due_on, library=library)
        said, note = Said.ALL_GOOD, None
