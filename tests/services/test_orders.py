"""The orders service called directly: the calls an order brings, reorders, backorders,
deliveries, refusals, party orders, the catalogue. 2026-11-20 is a Friday, 11-23 a Monday."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from followup_tui.db.engine import Database
from followup_tui.domain.model import Category, Kind, NewContact, Outcome, Reach, Said
from followup_tui.domain.schedule import backorder_deadline
from followup_tui.errors import InputError
from followup_tui.services import adding, backorders, calls, contact_views, due, orders, parties

TODAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 20)
LONG_AGO = date(2026, 10, 1)
TOMORROW = date(2026, 11, 24)
SERUM = ["SKN-SER-C"]


def rows(db: Database, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(text(sql), params)]


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to see that nothing was written."""
    tables = [name for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {table: rows(db, f"SELECT * FROM {table}") for table in tables}


def pending(db: Database, contact_id: int, today: date) -> list[tuple[str, str, date]]:
    """(playbook, step, due) of a contact's pending touches, soonest first."""
    detail = contact_views.contact_detail(db, contact_id, today)
    return [(p.touch.playbook, p.touch.step, p.touch.due) for p in detail.pending]


def reorder_calls(db: Database, *order_ids: int) -> list[tuple[str, int]]:
    """(due, order id) of these orders' pending reorder calls, soonest first."""
    found = rows(
        db,
        "SELECT due_on, order_id FROM touches WHERE step = 'reorder' AND status = 'pending'"
        " ORDER BY due_on",
    )
    return [call for call in found if call[1] in order_ids]


def customer(db: Database, name: str = "Dana Whitfield") -> int:
    """A customer who already ordered once, long ago: her next orders are later orders."""
    dana = adding.add_contact(db, NewContact(name, Kind.CUSTOMER), LONG_AGO)
    orders.record_order(db, dana, ["DTX-7"], LONG_AGO)
    return dana


def work_new_customer(db: Database, contact_id: int, start: date) -> list[tuple[str, date]]:
    """Work each welcome call on its day, all good, to the end of the chain: the
    (step, due) of each call met on the way."""
    seen: list[tuple[str, date]] = []
    day = start
    for _ in range(8):
        detail = contact_views.contact_detail(db, contact_id, day)
        welcome = [p.touch for p in detail.pending if p.touch.playbook == "new-customer"]
        if not welcome:
            return seen
        [touch] = welcome
        seen.append((touch.step, touch.due))
        day = max(day, touch.due)
        calls.log_outcome(db, touch.id, Outcome(Reach.REACHED, Said.ALL_GOOD), day)
    raise AssertionError(f"the welcome chain never ended: {seen}")


# --- first orders ------------------------------------------------------------------


def test_a_first_order_makes_a_lead_a_customer(db: Database, today: date) -> None:
    # GIVEN a lead met on Friday, her Day 3 call waiting
    lena = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=FRIDAY), today)

    # WHEN she orders multivitamins today
    order_id = orders.record_order(db, lena, ["NUT-MV30"], today)

    # THEN she is a customer, the change is in her history, and the lead calls end
    detail = contact_views.contact_detail(db, lena, today)
    assert detail.contact.kind is Kind.CUSTOMER
    assert [k[1:] for k in detail.kind_history] == [("lead", "added"), ("customer", "first order")]
    assert rows(db, "SELECT step, status, close_reason FROM touches WHERE playbook = 'lead'") == [
        ("first-call", "ended", "ordered")
    ]
    # AND new-customer starts: touch base the day after the order; and the reorder call
    # is on its own track, on the multivitamins' day 30
    assert pending(db, lena, today) == [
        ("new-customer", "touch-base", date(2026, 11, 24)),
        ("reorder", "reorder", date(2026, 12, 23)),
    ]
    assert {p.touch.order_id for p in detail.pending} == {order_id}
    [order] = detail.orders
    assert (order.id, order.ordered_on) == (order_id, today)
    assert [(line.sku, line.quantity) for line in order.lines] == [("NUT-MV30", 1)]


@pytest.mark.parametrize(
    ("sku", "category", "calls_met", "reorder_due"),
    [
        (
            "NUT-MV30",
            "nutrition",
            [
                ("touch-base", date(2026, 11, 24)),
                ("verification", date(2026, 11, 26)),
                ("confirmation", date(2026, 11, 28)),
                ("relationship", date(2026, 11, 30)),
            ],
            "2026-12-23",  # reorder day 30
        ),
        (
            "HOM-CND",
            "home",
            [
                ("touch-base", date(2026, 11, 24)),
                ("confirmation", date(2026, 11, 28)),  # no verification for home
                ("relationship", date(2026, 11, 30)),
            ],
            "2027-02-21",  # reorder day 90
        ),
    ],
    ids=["nutrition", "home"],
)
def test_new_customer_follows_the_product_category_to_its_reorder_day(
    db: Database,
    today: date,
    sku: str,
    category: str,
    calls_met: list[tuple[str, date]],
    reorder_due: str,
) -> None:
    # GIVEN a lead
    lena = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=FRIDAY), today)

    # WHEN her first order is recorded today
    order_id = orders.record_order(db, lena, [sku], today)

    # THEN new-customer runs for the product's category
    assert rows(db, "SELECT category, order_id FROM runs WHERE playbook = 'new-customer'") == [
        (category, order_id)
    ]
    # AND its calls, each worked on its day, follow one another; the reorder call waits
    # on its own day throughout
    assert reorder_calls(db, order_id) == [(reorder_due, order_id)]
    assert work_new_customer(db, lena, today) == calls_met
    assert reorder_calls(db, order_id) == [(reorder_due, order_id)]


# --- reorders ----------------------------------------------------------------------


def test_products_running_out_the_same_day_share_one_reorder_call(
    db: Database, today: date
) -> None:
    # GIVEN a customer who ordered before
    dana = customer(db)

    # WHEN she orders two day-30 products and a day-35 one
    order_id = orders.record_order(db, dana, ["NUT-MV30", "NUT-PRO", "NUT-OM3"], today)

    # THEN one reorder call per day: the two day-30 products share the first
    assert reorder_calls(db, order_id) == [("2026-12-23", order_id), ("2026-12-28", order_id)]
    days = rows(
        db,
        "SELECT reorder_day FROM runs WHERE playbook = 'reorder' AND order_id = :order ORDER BY id",
        order=order_id,
    )
    assert days == [(30,), (35,)]


def test_a_second_order_of_the_same_product_ends_the_earlier_reorder_call(
    db: Database, today: date
) -> None:
    # GIVEN multivitamins ordered three weeks ago, their reorder call due on Dec 2
    dana = customer(db)
    first = orders.record_order(db, dana, ["NUT-MV30"], today, ordered_on=date(2026, 11, 2))
    [(earlier, due)] = rows(
        db,
        "SELECT id, due_on FROM touches WHERE step = 'reorder' AND order_id = :order",
        order=first,
    )
    assert due == "2026-12-02"

    # WHEN she orders them again today
    second = orders.record_order(db, dana, ["NUT-MV30"], today)

    # THEN the earlier call ends, and the new order's call is due on its own day 30
    assert rows(
        db, "SELECT status, closed_on, close_reason FROM touches WHERE id = :id", id=earlier
    ) == [("ended", "2026-11-23", "reordered")]
    assert reorder_calls(db, first, second) == [("2026-12-23", second)]


def test_wants_to_reorder_records_the_same_order_again(db: Database, today: date) -> None:
    # GIVEN multivitamins ordered a month ago, their reorder call due today
    dana = customer(db)
    first = orders.record_order(
        db, dana, ["NUT-MV30", "NUT-MV30"], today, ordered_on=date(2026, 10, 24)
    )
    [call] = [c for c in due.todays_calls(db, today) if c.touch.order_id == first]
    assert call.touch.playbook == "reorder"

    # WHEN she says she wants to reorder
    logged = calls.log_outcome(db, call.touch.id, Outcome(Reach.REACHED, Said.REORDER), today)

    # THEN the same products are ordered today, and their next reorder call is day 30 on
    assert logged.new_order_id not in (None, first)
    detail = contact_views.contact_detail(db, dana, today)
    [order] = [o for o in detail.orders if o.id == logged.new_order_id]
    assert order.ordered_on == today
    assert [(line.sku, line.quantity) for line in order.lines] == [("NUT-MV30", 2)]
    assert [(s.title, s.due) for s in logged.scheduled] == [
        ("Reorder: almost out? ask for a referral", date(2026, 12, 23))
    ]
    # AND the call is done, and new-customer is not restarted
    assert rows(db, "SELECT status FROM touches WHERE id = :id", id=call.touch.id) == [("done",)]
    assert rows(db, "SELECT count(*) FROM runs WHERE playbook = 'new-customer'") == [(1,)]


# --- backorders and deliveries ---------------------------------------------------------


@pytest.mark.parametrize(
    ("ordered_on", "check_due", "deadline"),
    [
        # A US book (her phone region): Thanksgiving, Thursday 26 Nov, is no business day.
        pytest.param(TODAY, date(2026, 12, 4), date(2026, 12, 8), id="monday"),
        pytest.param(FRIDAY, date(2026, 12, 3), date(2026, 12, 7), id="friday"),
        pytest.param(date(2026, 11, 13), date(2026, 11, 25), date(2026, 11, 30), id="two-weekends"),
    ],
)
def test_a_backordered_line_gets_a_deadline_10_business_days_after_the_order(
    db: Database, today: date, ordered_on: date, check_due: date, deadline: date
) -> None:
    # GIVEN a customer
    dana = customer(db)

    # WHEN the candle of her order could not go home with her
    order_id = orders.record_order(
        db, dana, ["HOM-CND", "DTX-7"], today, ordered_on=ordered_on, backorders=["HOM-CND"]
    )

    # THEN the candle is open with its deadline, 10 business days after the order
    assert backorder_deadline(ordered_on, "US") == deadline
    [open_one] = backorders.open_backorders(db)
    assert (open_one.order_id, open_one.sku, open_one.deadline) == (order_id, "HOM-CND", deadline)
    assert not open_one.corporate
    assert contact_views.contact_detail(db, dana, today).deadlines == {order_id: deadline}
    # AND a deadline check comes two business days before, and no call today
    assert [(s, d) for (p, s, d) in pending(db, dana, today) if p == "backorder"] == [
        ("deadline-check", check_due)
    ]
    assert [c for c in due.todays_calls(db, today) if "backorder" in c.touch.playbook] == []


def test_a_corporate_backorder_gets_a_call_today(db: Database, today: date) -> None:
    # GIVEN a customer
    cora = customer(db, "Cora Marsh")

    # WHEN the serum of her Friday order is backordered at the company
    order_id = orders.record_order(
        db, cora, [*SERUM, "DTX-7"], today, ordered_on=FRIDAY, backorders=SERUM, corporate=True
    )

    # THEN a call offering wait, substitute or refund is due today, for that order
    [call] = [c for c in due.todays_calls(db, today) if c.touch.playbook == "corporate-backorder"]
    assert (call.name, call.touch.step, call.touch.due) == ("Cora Marsh", "offer-options", today)
    assert call.touch.order_id == order_id
    assert call.title == "Corporate backorder: wait, substitute or refund?"
    # AND the serum alone is open, corporate, with its deadline, and has no local check
    assert [(b.sku, b.corporate, b.deadline) for b in backorders.open_backorders(db)] == [
        ("SKN-SER-C", True, date(2026, 12, 7))  # Thanksgiving skipped
    ]
    assert [p for (p, _, _) in pending(db, cora, today) if p == "backorder"] == []


def test_delivered_ends_the_backorder_calls_and_the_deadline(db: Database, today: date) -> None:
    # GIVEN a local backorder and a corporate one, both from Friday
    dana = customer(db)
    cora = customer(db, "Cora Marsh")
    local = orders.record_order(
        db, dana, ["HOM-CND"], today, ordered_on=FRIDAY, backorders=["HOM-CND"]
    )
    corporate = orders.record_order(
        db, cora, SERUM, today, ordered_on=FRIDAY, backorders=SERUM, corporate=True
    )
    assert len(backorders.open_backorders(db)) == 2

    # WHEN the candle arrives on Wednesday, logged on Thursday
    thursday = date(2026, 11, 26)
    orders.mark_delivered(db, local, date(2026, 11, 25), thursday)

    # THEN its deadline check ends, its deadline is gone, and the serum is still open
    assert rows(
        db, "SELECT status, closed_on, close_reason FROM touches WHERE playbook = 'backorder'"
    ) == [("ended", "2026-11-26", "delivered")]
    assert contact_views.contact_detail(db, dana, thursday).deadlines == {}
    assert [b.order_id for b in backorders.open_backorders(db)] == [corporate]
    [order] = [o for o in contact_views.contact_detail(db, dana, thursday).orders if o.id == local]
    assert order.delivered_on == date(2026, 11, 25)

    # WHEN the serum arrives that day too, before her call was made
    orders.mark_delivered(db, corporate, thursday, thursday)

    # THEN the corporate call ends too, and nothing is open any more
    assert rows(
        db,
        "SELECT status, close_reason FROM touches WHERE playbook = 'corporate-backorder'",
    ) == [("ended", "delivered")]
    assert backorders.open_backorders(db) == []
    assert contact_views.contact_detail(db, cora, thursday).deadlines == {}


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "skus", "options"),
    [
        ("an order needs at least one product", [], {}),
        ("unknown product 'NOPE-1': see `followup products`", ["DTX-7", "NOPE-1"], {}),
        ("backorder 'HOM-CND' is not in this order", ["DTX-7"], {"backorders": ["HOM-CND"]}),
        ("--corporate needs at least one --backorder SKU", ["DTX-7"], {"corporate": True}),
        ("an order cannot be dated in the future", ["DTX-7"], {"ordered_on": TOMORROW}),
        ("a delivery cannot be dated in the future", ["DTX-7"], {"delivered_on": TOMORROW}),
        (
            "delivery cannot come before the order",
            ["DTX-7"],
            {"ordered_on": FRIDAY, "delivered_on": date(2026, 11, 19)},
        ),
        ("no contact with id 999", ["DTX-7"], {"contact_id": 999}),
        ("no party with id 9", ["DTX-7"], {"party_id": 9}),
    ],
)
def test_a_refused_order_says_why_and_writes_nothing(
    db: Database, today: date, message: str, skus: list[str], options: dict[str, Any]
) -> None:
    # GIVEN a lead with her Day 3 call waiting
    lena = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=FRIDAY), today)
    before = snapshot(db)
    contact_id = options.get("contact_id", lena)
    given = {name: value for name, value in options.items() if name != "contact_id"}

    # WHEN an order that cannot be taken is recorded
    with pytest.raises(InputError) as refused:
        orders.record_order(db, contact_id, skus, today, **given)

    # THEN it is refused with its one line, and no table has changed
    assert str(refused.value) == message
    assert snapshot(db) == before


# --- party orders and the catalogue ----------------------------------------------------------


def test_an_order_at_a_party_makes_her_a_guest_with_the_party_guest_playbook(
    db: Database, today: date
) -> None:
    # GIVEN Hana's party on Friday 27th, and Olga, a lead not on its guest list
    hana = adding.add_contact(db, NewContact("Hana Host", Kind.HOSTESS), today)
    party_id = parties.new_party(db, hana, date(2026, 11, 27), today)
    olga = adding.add_contact(db, NewContact("Olga Outside", Kind.LEAD), today)
    assert parties.party(db, party_id).guests == ()

    # WHEN she orders multivitamins for the party today
    order_id = orders.record_order(db, olga, ["NUT-MV30"], today, party_id=party_id)

    # THEN she is a guest, her sales on her row and in the party's total
    summary = parties.party(db, party_id)
    assert [(g.contact_id, g.name, g.sales_cents) for g in summary.guests] == [
        (olga, "Olga Outside", 2900)
    ]
    assert summary.sales_cents == 2900
    # AND "your order is in" is due today, the morning-after call on Saturday, the
    # reorder on day 30; new-customer does not start
    assert pending(db, olga, today) == [
        ("party-guest", "order-placed", today),
        ("party", "guest-morning-after", date(2026, 11, 28)),
        ("reorder", "reorder", date(2026, 12, 23)),
    ]
    assert rows(db, "SELECT order_id FROM runs WHERE playbook = 'party-guest'") == [(order_id,)]
    assert rows(db, "SELECT count(*) FROM runs WHERE playbook = 'new-customer'") == [(0,)]


@pytest.mark.parametrize(
    ("category", "skus"),
    [
        (Category.HOME, {"HOM-APC", "HOM-LDY", "HOM-DSH", "HOM-DIF-OIL", "HOM-CND"}),
        (Category.DETOX, {"DTX-7", "DTX-14", "DTX-TEA", "DTX-GRN"}),
    ],
    ids=["home", "detox"],
)
def test_the_catalogue_filters_by_category(
    db: Database, category: Category, skus: set[str]
) -> None:
    # GIVEN the catalogue of data/products.toml
    # WHEN the products of one category are listed
    found = orders.catalogue(db, category)

    # THEN exactly that category's products come back
    assert {p.sku for p in found} == skus
    assert {p.category for p in found} == {category}
    assert len(orders.catalogue(db)) == 24
