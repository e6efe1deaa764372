"""`followup order`: first orders start new-customer, later ones a reorder call."""

from __future__ import annotations

import pytest

from .conftest import TODAY, Cli


def test_first_order_starts_new_customer_day_1(run: Cli) -> None:
    # GIVEN a customer on the customer-care rhythm
    customer = run.add("Dana Whitfield", "--kind", "customer")
    assert run.only_pending(customer)["playbook"] == "customer-care"

    # WHEN her first order, placed yesterday (Sunday), is recorded
    order_id = run.order(customer, "DTX-7", "--on", "2026-11-22")

    # THEN touch-base (Day 1) is due today and replaces the rhythm call
    touch = run.only_pending(customer)
    assert (touch["playbook"], touch["step"], touch["due"]) == (
        "new-customer",
        "touch-base",
        TODAY,
    )
    assert touch["order_id"] == order_id
    [order] = run.show(customer)["orders"]
    assert (order["id"], order["ordered_on"]) == (order_id, "2026-11-22")
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [("DTX-7", 1)]


def test_order_without_date_is_today_and_touch_base_tomorrow(run: Cli) -> None:
    customer = run.add("Dana Whitfield", "--kind", "customer")

    run.order(customer, "SKN-MST")

    assert run.show(customer)["orders"][0]["ordered_on"] == TODAY
    assert run.only_pending(customer)["due"] == "2026-11-24"


def test_order_prints_the_order_id_alone(run: Cli) -> None:
    customer = run.add("Dana Whitfield", "--kind", "customer")

    assert run.ok("order", str(customer), "DTX-7") == "1\n"
    assert run.ok("order", str(customer), "NUT-OM3") == "2\n"


def test_lead_who_orders_becomes_a_customer(run: Cli) -> None:
    # GIVEN a lead with her Day 3 call waiting
    lead = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")

    # WHEN she orders
    run.order(lead, "NUT-MV30")

    # THEN she is a customer, the change is in her history, and the lead calls stop:
    # the welcome calls and the multivitamins' reorder call take their place
    detail = run.show(lead)
    assert detail["contact"]["kind"] == "customer"
    assert [k[1:] for k in detail["kind_history"]] == [
        ["lead", "added"],
        ["customer", "first order"],
    ]
    assert {p["playbook"] for p in detail["pending"]} == {"new-customer", "reorder"}
    assert run.json("contacts", "--kind", "customer")[0]["id"] == lead
    assert run.query("SELECT status FROM touches WHERE playbook = 'lead'") == [("ended",)]


def test_later_order_schedules_a_reorder_call(run: Cli) -> None:
    # GIVEN a customer whose first order started new-customer
    customer = run.add("Dana Whitfield", "--kind", "customer")
    run.order(customer, "DTX-7", "--on", "2026-11-16")
    touch_bases = run.query("SELECT count(*) FROM touches WHERE step = 'touch-base'")

    # WHEN she orders Omega-3 (reorder day 35) today
    second = run.order(customer, "NUT-OM3")

    # THEN a reorder call is due on day 35, beside the first order's (day 14), and
    # new-customer is not restarted
    reorders = [p for p in run.pending(customer) if p["playbook"] == "reorder"]
    assert [(r["step"], r["due"], r["order_id"]) for r in reorders] == [
        ("reorder", "2026-11-30", 1),
        ("reorder", "2026-12-28", second),
    ]
    assert run.query("SELECT count(*) FROM touches WHERE step = 'touch-base'") == touch_bases
    assert run.show(customer)["contact"]["kind"] == "customer"


def test_several_skus_make_one_order_with_quantities(run: Cli) -> None:
    customer = run.add("Dana Whitfield", "--kind", "customer")
    run.order(customer, "DTX-7")

    order_id = run.order(customer, "nut-om3", "DTX-7", "NUT-OM3")

    [order] = [o for o in run.show(customer)["orders"] if o["id"] == order_id]
    assert sorted((line["sku"], line["quantity"]) for line in order["lines"]) == [
        ("DTX-7", 1),
        ("NUT-OM3", 2),
    ]
    # One reorder call per day a product runs out: the omega-3's (day 35) is its own;
    # the second detox kit runs out on the first one's day 14, so that call is shared.
    reorders = [p for p in run.pending(customer) if p["playbook"] == "reorder"]
    assert [r["due"] for r in reorders] == ["2026-12-07", "2026-12-28"]
    assert run.query(
        "SELECT count(*) FROM runs WHERE playbook = 'reorder' AND status = 'active'"
    ) == [(2,)]


def test_corporate_backorder_is_due_today_right_after_referrals(run: Cli) -> None:
    run.ok("settings", "country", "GB")  # weekends only here: no Thanksgiving
    # GIVEN an overdue lead and a referral, both from last week
    lead = run.add("Lena Ford", "--kind", "lead", today="2026-11-16")
    referral = run.add("Rita Moreno", "--kind", "referral", today="2026-11-19")
    customer = run.add("Dana Whitfield", "--kind", "customer")

    # WHEN an order's serum is backordered at the company
    order_id = run.order(customer, "SKN-SER-C", "DTX-7", "--backorder", "SKN-SER-C", "--corporate")

    # THEN a corporate-backorder call is due today, second only to the referral
    today = run.today()
    assert [(t["contact_id"], t["playbook"]) for t in today[:3]] == [
        (referral, "referral"),
        (customer, "corporate-backorder"),
        (lead, "lead"),
    ]
    corporate = today[1]
    assert (corporate["due"], corporate["overdue_days"], corporate["step"]) == (
        TODAY,
        0,
        "offer-options",
    )
    [order] = run.show(customer)["orders"]
    lines = {line["sku"]: (line["backordered"], line["corporate"]) for line in order["lines"]}
    assert lines == {"SKN-SER-C": (True, True), "DTX-7": (False, False)}
    assert run.show(customer)["deadlines"] == {str(order_id): "2026-12-07"}


@pytest.mark.parametrize(
    ("ordered_on", "check_due", "deadline"),
    [
        ("2026-11-23", "2026-12-03", "2026-12-07"),  # Monday
        ("2026-11-20", "2026-12-02", "2026-12-04"),  # Friday: the weekend does not count
        ("2026-11-18", "2026-11-30", "2026-12-02"),  # Wednesday: two weekends in between
    ],
)
def test_local_backorder_check_is_8_business_days_deadline_10(
    run: Cli, ordered_on: str, check_due: str, deadline: str
) -> None:
    # GIVEN a customer, in a country with no holiday in these weeks (weekends only)
    run.ok("settings", "country", "GB")
    customer = run.add("Dana Whitfield", "--kind", "customer", today="2026-11-02")

    # WHEN a candle she ordered could not go home with her
    order_id = run.order(customer, "HOM-CND", "--on", ordered_on, "--backorder", "HOM-CND")

    # THEN the deadline check is 8 business days after the order, the deadline 10
    check = run.only_pending(customer, "backorder")
    assert (check["step"], check["due"], check["order_id"]) == (
        "deadline-check",
        check_due,
        order_id,
    )
    assert run.show(customer)["deadlines"] == {str(order_id): deadline}
    assert f"backorder due by {deadline}" in run.ok("show", str(customer))
    assert not any(t["playbook"] == "corporate-backorder" for t in run.today())


def test_order_without_backorder_has_no_deadline(run: Cli) -> None:
    customer = run.add("Dana Whitfield", "--kind", "customer")

    run.order(customer, "HOM-CND")

    assert run.show(customer)["deadlines"] == {}
    assert {p["playbook"] for p in run.pending(customer)} == {"new-customer", "reorder"}


def test_a_delivery_in_the_future_is_refused_and_nothing_is_written(run: Cli) -> None:
    # GIVEN a customer
    customer = run.add("Dana Whitfield", "--kind", "customer")
    before = run.dump()

    # WHEN an order is recorded as delivered tomorrow
    err = run.fails("order", str(customer), "DTX-7", "--delivered", "2026-11-24")

    # THEN it is refused as `delivered` refuses it, and nothing is written
    assert "a delivery cannot be dated in the future" in err
    assert run.dump() == before
    # AND delivered today is fine
    run.order(customer, "DTX-7", "--delivered", TODAY)


def test_products_text_columns_fit_a_long_sku(run: Cli) -> None:
    # GIVEN the catalogue, and a product with a long SKU and a long name added to it
    import sqlite3
    from contextlib import closing

    run.add("Dana Whitfield", "--kind", "customer")  # the database exists from here
    with closing(sqlite3.connect(run.db_path)) as connection, connection:
        connection.execute(
            "INSERT INTO products (sku, name, category, reorder_day, price_cents)"
            " VALUES ('HOM-DIFFUSER-XL-2026', 'Ultrasonic Aroma Diffuser, Extra Large, Walnut',"
            " 'home', NULL, 8900)"
        )

    # WHEN the home products are listed
    lines = run.ok("products", "--category", "home").splitlines()

    # THEN the long SKU and name fit their columns: every column starts at the same place
    long = next(line for line in lines if line.startswith("HOM-DIFFUSER-XL-2026 "))
    assert "Ultrasonic Aroma Diffuser, Extra Large, Walnut home" in long
    assert long.endswith("no reorder")
    name_at = len("HOM-DIFFUSER-XL-2026 ")
    assert all(line[name_at - 1] == " " and line[name_at] != " " for line in lines), lines
    assert len({line.index(" home ") for line in lines}) == 1, lines
    assert any(line.startswith("HOM-CND              ") for line in lines)
