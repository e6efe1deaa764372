"""Realistic, deterministic demo data: a consultant's book of business and this morning's calls.

A handful of story contacts go through the real services, so this morning has a
referral, a detox check, an overdue lead, a corporate backorder, party
morning-after calls and team reminders. The rest are simulated with the pure
engine (each contact's playbook worked forward from the day it was added, with
history) and written in bulk, so 100,000 contacts take seconds, not hours.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from followup_tui.db import repository
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    FactRow,
    KindChangeRow,
    NoteRow,
    OrderLineRow,
    OrderRow,
    OutcomeRow,
    RunRow,
    TouchRow,
)
from followup_tui.domain.model import (
    Category,
    Contact,
    Kind,
    Level,
    NewContact,
    Outcome,
    Product,
    Reach,
    Run,
    RunStatus,
    Said,
    Touch,
    TouchStatus,
)
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.domain.schedule import PlannedTouch, Rules, fallback_key, plan_outcome, start_run
from followup_tui.services import adding, calls, orders, parties, settings

FIRST = [
    "Maria",
    "Jenna",
    "Tom",
    "Priya",
    "Sally",
    "Dana",
    "Keisha",
    "Linda",
    "Rosa",
    "Amy",
    "Grace",
    "Holly",
    "Nina",
    "Carmen",
    "Beth",
    "Tanya",
    "Megan",
    "Olivia",
    "Chloe",
    "Hannah",
    "Aisha",
    "Fatima",
    "Mei",
    "Yuki",
    "Sofia",
    "Elena",
    "Ingrid",
    "Brooke",
    "Paige",
    "Tara",
    "Gina",
    "Leah",
    "Rachel",
    "Monica",
    "Denise",
    "Tracy",
    "Wendy",
    "Carla",
    "Janet",
    "Irene",
    "Zoe",
    "Lily",
    "Ava",
    "Emma",
    "Mia",
    "Harper",
    "Ella",
    "James",
    "David",
    "Marcus",
    "Luis",
    "Omar",
    "Kevin",
    "Ben",
    "Sam",
    "Ray",
    "Joel",
    "Ahmed",
    "Diego",
]
LAST = [
    "Lopez",
    "Brooks",
    "Reilly",
    "Shah",
    "Jensen",
    "Kim",
    "Washington",
    "Nguyen",
    "Garcia",
    "Miller",
    "Okafor",
    "Rossi",
    "Schmidt",
    "Novak",
    "Haddad",
    "Tanaka",
    "Silva",
    "Murphy",
    "Patel",
    "Cohen",
    "Dubois",
    "Larsen",
    "Andersen",
    "Costa",
    "Moreno",
    "Fischer",
    "Bauer",
    "Kowalski",
    "Ibrahim",
    "Chen",
    "Wright",
    "Hughes",
    "Foster",
    "Baker",
    "Rivera",
    "Price",
    "Bennett",
    "Wood",
    "Ellis",
    "Hayes",
    "Myers",
    "Ford",
    "Hamilton",
    "Graham",
    "Sullivan",
    "Wallace",
    "West",
    "Cole",
    "Jordan",
    "Reyes",
]
PLACES = (
    "the grocery store checkout",
    "school pickup",
    "the gym",
    "a craft fair booth",
    "church coffee hour",
    "the dentist's waiting room",
    "a friend's birthday",
    "the farmers market",
    "soccer practice",
    "an online party",
    "a networking breakfast",
)
FACTS = {
    "perfume": ("Chanel No 5", "something vanilla", "Daisy", "a citrus scent", "lavender oil"),
    "kids": ("2 (Emma 6, Leo 3)", "a teenager, Josh", "twins, 4", "none", "3 boys"),
    "job": ("nurse", "teacher", "realtor", "hairdresser", "accountant", "stay-at-home mom"),
    "hair": ("red curls", "short and silver", "long braids", "blonde bob"),
    "birthday": ("March 3", "July 19", "October 30"),
}
NOTES = (
    "Loved the hand cream sample.",
    "Asked about the detox: wants to try after the holidays.",
    "Very chatty, mentioned a sister who might host.",
    "Prefers texts after 6pm.",
    "Going through a move, call later in the month.",
    "Interested in the business side, has a side job already.",
)
KIND_WEIGHTS = (
    (Kind.CUSTOMER, 40),
    (Kind.LEAD, 22),
    (Kind.CIRCLE, 12),
    (Kind.PROSPECT, 6),
    (Kind.HOSTESS, 5),
    (Kind.TEAM, 6),
    (Kind.REFERRAL_PARTNER, 3),
    (Kind.REFERRAL, 2),
)
LEVELS = (Level.NEW_PARTNER, Level.NEW_LEADER, Level.MATURE_LEADER, Level.SENIOR_PARTNER)
DEFAULT_CONTACTS = 200
MAX_WORKED_PER_CONTACT = 12
MAX_SIMULATED_TOUCHES = 400
MAX_RUNS_PER_CONTACT = 4
BATCH = 5_000


@dataclass
class _Ids:
    contact: int
    run: int
    touch: int
    order: int


Progress = Callable[[int, int], None]
"""Called with (contacts made so far, contacts in all)."""


def fill(
    db: Database,
    contacts: int,
    today: date,
    library: Library | None = None,
    progress: Progress | None = None,
) -> int:
    """Add `contacts` demo contacts (the same ones for the same number), return how many."""
    library = library or default_library()
    rng = random.Random(contacts)
    report = progress or (lambda done, total: None)
    _settings(db)
    made = _story(db, today, library) if contacts >= STORY_SIZE else 0
    report(made, contacts)
    if contacts > made:
        _bulk(db, contacts - made, today, library, rng, lambda n: report(made + n, contacts))
    return contacts


def _settings(db: Database) -> None:
    current = settings.load_settings(db)
    if not current.consultant_name:
        settings.save_settings(
            db, replace(current, consultant_name="Alex", webshop="shop.example.com/alex")
        )


STORY_SIZE = 17


def _story(db: Database, today: date, library: Library) -> int:
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
    order(keisha, ["NUT-SHK-VAN"], ago(9))
    _work_until(db, keisha, ago(7), library, said=Said.ISSUE, note="bloating in the mornings")
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


# --- the bulk ------------------------------------------------------------------------


def _bulk(
    db: Database,
    count: int,
    today: date,
    library: Library,
    rng: random.Random,
    progress: Callable[[int], None],
) -> None:
    rules = settings.load_settings(db).rules
    with db.read() as session:
        products = [
            Product(p.sku, p.name, p.category, p.reorder_day)
            for p in repository.products(session).values()
        ]
        ids = _Ids(
            contact=(session.scalar(select(func.max(ContactRow.id))) or 0) + 1,
            run=(session.scalar(select(func.max(RunRow.id))) or 0) + 1,
            touch=(session.scalar(select(func.max(TouchRow.id))) or 0) + 1,
            order=(session.scalar(select(func.max(OrderRow.id))) or 0) + 1,
        )
    reorderable = [p for p in products if p.reorder_day]
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    now = datetime(today.year, today.month, today.day, 9)
    tables: dict[str, list[dict[str, Any]]] = {}

    def put(table: str, **row: Any) -> None:
        tables.setdefault(table, []).append(row)

    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        do_not_contact = rng.random() < 0.01
        level = rng.choice(LEVELS) if kind is Kind.TEAM else None
        cid = ids.contact
        ids.contact += 1
        added = today - timedelta(days=rng.randint(1, 540))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        put(
            "contacts",
            id=cid,
            name=name,
            kind=kind.value,
            team_level=level.value if level else None,
            phone=f"+1202555{(n * 7919) % 10000:04d}" if rng.random() < 0.85 else None,
            email=(
                f"{name.lower().replace(' ', '.')}{n}@example.com" if rng.random() < 0.6 else None
            ),
            met_at=rng.choice(PLACES) if rng.random() < 0.7 else None,
            met_on=added if kind is Kind.LEAD else None,
            referred_by_id=None,
            do_not_contact=do_not_contact,
            discreet=False,
            is_me=False,
            created_on=added,
        )
        put(
            "kind_changes",
            contact_id=cid,
            kind=kind.value,
            team_level=level.value if level else None,
            changed_on=added,
            reason="added",
        )
        for key in rng.sample(list(FACTS), rng.randint(0, 3)):
            put("facts", contact_id=cid, key=key, value=rng.choice(FACTS[key]), noted_on=added)
        if rng.random() < 0.3:
            put("notes", contact_id=cid, body=rng.choice(NOTES), written_on=added, created_at=now)

        run_kw: dict[str, Any] = {}
        playbook = library.start_for(kind, level)
        if kind is Kind.CUSTOMER:
            product = rng.choice(reorderable)
            ordered = added
            put(
                "orders",
                id=ids.order,
                contact_id=cid,
                ordered_on=ordered,
                delivered_on=ordered + timedelta(days=6),
                party_id=None,
            )
            put(
                "order_lines",
                order_id=ids.order,
                sku=product.sku,
                quantity=1,
                backordered=False,
                corporate=False,
                delivered_on=None,
            )
            run_kw = {
                "category": product.category,
                "order_id": ids.order,
                "reorder_day": product.reorder_day,
            }
            ids.order += 1
            playbook = "new-customer"
        # A few are left overdue, as in any real week.
        cutoff = today - timedelta(days=rng.randint(1, 6)) if rng.random() < 0.04 else today
        if not do_not_contact:
            _simulate(
                put,
                ids,
                library,
                rules,
                rng,
                cid,
                kind,
                level,
                playbook,
                added,
                cutoff,
                today,
                run_kw,
            )
        if (n + 1) % BATCH == 0:
            _flush(db, tables)
        if (n + 1) % max(1, count // 100) == 0:
            progress(n + 1)
    _flush(db, tables)
    progress(count)


def _simulate(
    put: Any,
    ids: _Ids,
    library: Library,
    rules: Rules,
    rng: random.Random,
    cid: int,
    kind: Kind,
    level: Level | None,
    playbook: str,
    anchor: date,
    cutoff: date,
    today: date,
    run_kw: dict[str, Any],
) -> None:
    """Work a contact's touches forward on their due dates until the cutoff.

    Only the last few worked touches are kept as history, so a weekly rhythm over
    a year and a half does not swamp the database.
    """
    history: deque[tuple[int, PlannedTouch, Outcome]] = deque(maxlen=MAX_WORKED_PER_CONTACT)
    for _ in range(MAX_RUNS_PER_CONTACT):
        run = Run(id=ids.run, contact_id=cid, playbook=playbook, anchor=anchor, **run_kw)
        ids.run += 1
        touches = start_run(library[playbook], run, anchor, rules)
        not_interested = False
        for _ in range(MAX_SIMULATED_TOUCHES):
            if not touches or touches[0].due >= cutoff:
                break
            planned = touches[0]
            outcome = _random_outcome(rng)
            touch = _touch(0, cid, planned)
            plan = plan_outcome(library[playbook], run, touch, outcome, planned.due, rules)
            history.append((run.id, planned, outcome))
            run = plan.run or run
            touches = list(plan.touches) + touches[1:]
            not_interested = plan.not_interested
        _put_run(put, run, anchor, not touches, cutoff)
        for planned in touches:
            _put_touch(put, ids, cid, run.id, planned, TouchStatus.PENDING, None)
        if touches:
            break
        # Playbook over: the kind's rhythm takes over from the last day worked.
        contact = Contact(id=cid, name="", kind=kind, level=level)
        playbook = library.fallback_for(
            fallback_key(contact, cutoff, today, rules, not_interested=not_interested)
        )
        anchor = history[-1][1].due if history else anchor
        run_kw = {}
    for run_id, planned, outcome in history:
        touch_id = ids.touch
        _put_touch(put, ids, cid, run_id, planned, TouchStatus.DONE, planned.due)
        put(
            "outcomes",
            touch_id=touch_id,
            contact_id=cid,
            reach=outcome.reach.value,
            said=outcome.said.value if outcome.said else None,
            said_date=None,
            note=None,
            occurred_on=planned.due,
            created_at=datetime(planned.due.year, planned.due.month, planned.due.day, 10),
        )


def _random_outcome(rng: random.Random) -> Outcome:
    roll = rng.random()
    if roll < 0.12:
        return Outcome(Reach.NO_ANSWER)
    if roll < 0.2:
        return Outcome(Reach.VOICEMAIL)
    if roll < 0.23:
        return Outcome(Reach.REACHED, Said.ISSUE)
    if roll < 0.25:
        return Outcome(Reach.REACHED, Said.NOT_INTERESTED)
    return Outcome(Reach.REACHED, Said.ALL_GOOD)


def _touch(touch_id: int, cid: int, planned: PlannedTouch) -> Touch:
    return Touch(
        id=touch_id,
        contact_id=cid,
        playbook=planned.playbook,
        step=planned.step,
        due=planned.due,
        channel=planned.channel,
        priority=planned.priority,
        attempt=planned.attempt,
        is_issue=planned.is_issue,
    )


def _put_touch(
    put: Any,
    ids: _Ids,
    cid: int,
    run_id: int,
    planned: PlannedTouch,
    status: TouchStatus,
    closed: date | None,
) -> None:
    put(
        "touches",
        id=ids.touch,
        contact_id=cid,
        run_id=run_id,
        playbook=planned.playbook,
        step=planned.step,
        title=planned.title,
        due_on=planned.due,
        channel=planned.channel.value,
        priority=planned.priority,
        status=status.value,
        attempt=planned.attempt,
        is_issue=planned.is_issue,
        order_id=None,
        created_on=planned.due,
        from_outcome_id=None,
        closed_on=closed,
        close_reason=None,
    )
    ids.touch += 1


def _put_run(put: Any, run: Run, started: date, ended: bool, cutoff: date) -> None:
    put(
        "runs",
        id=run.id,
        contact_id=run.contact_id,
        playbook=run.playbook,
        track=run.track,
        anchor_on=run.anchor,
        position=run.position,
        status=(RunStatus.ENDED if ended else RunStatus.ACTIVE).value,
        category=run.category.value if isinstance(run.category, Category) else None,
        order_id=run.order_id,
        reorder_day=run.reorder_day,
        delivery_on=run.delivery,
        party_id=None,
        event_id=None,
        issue_open=run.issue_open,
        had_issue=run.had_issue,
        asked_callback=run.asked_callback,
        flags=" ".join(sorted(run.flags)),
        started_on=started,
        ended_on=cutoff if ended else None,
        ended_reason="finished" if ended else None,
    )


TABLE_ROWS = {
    "contacts": ContactRow,
    "kind_changes": KindChangeRow,
    "facts": FactRow,
    "notes": NoteRow,
    "orders": OrderRow,
    "order_lines": OrderLineRow,
    "runs": RunRow,
    "touches": TouchRow,
    "outcomes": OutcomeRow,
}


def _flush(db: Database, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Write what was simulated, parents before children, in one transaction."""
    with db.begin() as session:
        for name, model in TABLE_ROWS.items():
            rows = tables.get(name)
            if rows:
                session.execute(insert(model), rows)
    tables.clear()
