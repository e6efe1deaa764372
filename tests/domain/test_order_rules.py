"""An order's category, its reorder calls, and the reasons one is refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from followup_tui.domain.model import Category, Product
from followup_tui.domain.orders import (
    check_order,
    checked_category,
    main_category,
    normalised_skus,
    reorder_groups,
)
from followup_tui.errors import InputError

TODAY = date(2026, 11, 23)


def product(sku: str, category: Category, reorder_day: int | None = 30) -> Product:
    return Product(sku, sku.title(), category, reorder_day)


@pytest.mark.parametrize(
    ("categories", "main"),
    [
        ([Category.HOME, Category.SKINCARE], Category.SKINCARE),
        ([Category.SKINCARE, Category.DETOX, Category.NUTRITION], Category.DETOX),
        ([Category.OTHER, Category.HOME], Category.HOME),
        ([Category.OTHER], Category.OTHER),  # nothing to check on: the product's own
    ],
)
def test_the_main_category_is_the_one_most_in_need_of_a_check(
    categories: list[Category], main: Category
) -> None:
    products = [product(f"SKU-{n}", c) for n, c in enumerate(categories)]
    assert main_category(products) is main


def test_a_script_follows_no_category_for_an_order_of_other_things() -> None:
    assert checked_category([Category.OTHER]) is None
    assert checked_category([Category.HOME, Category.NUTRITION]) is Category.NUTRITION


def test_products_running_out_the_same_day_share_one_reorder_call() -> None:
    products = [
        product("A", Category.DETOX, 35),
        product("B", Category.HOME, 14),
        product("C", Category.SKINCARE, 35),
        product("D", Category.OTHER, None),
    ]
    assert reorder_groups(products) == [14, 35]


def check(
    *,
    skus: tuple[str, ...] = ("DTX-7",),
    backorders: frozenset[str] = frozenset(),
    corporate: bool = False,
    ordered_on: date = TODAY,
    delivered_on: date | None = None,
) -> None:
    check_order(
        list(skus),
        {"DTX-7", "HOM-CND"},
        set(backorders),
        corporate=corporate,
        ordered_on=ordered_on,
        delivered_on=delivered_on,
        today=TODAY,
    )


def test_a_good_order_is_taken() -> None:
    check(skus=("DTX-7", "HOM-CND"), backorders=frozenset({"HOM-CND"}), corporate=True)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"skus": ()}, "an order needs at least one product"),
        ({"skus": ("DTX-7", "NOPE")}, "unknown product 'NOPE': see `followup products`"),
        ({"backorders": frozenset({"HOM-CND"})}, "backorder 'HOM-CND' is not in this order"),
        ({"corporate": True}, "--corporate needs at least one --backorder SKU"),
        ({"ordered_on": TODAY + timedelta(days=1)}, "an order cannot be dated in the future"),
        (
            {"delivered_on": TODAY + timedelta(days=1)},
            "a delivery cannot be dated in the future",
        ),
        (
            {"ordered_on": TODAY - timedelta(days=2), "delivered_on": TODAY - timedelta(days=3)},
            "delivery cannot come before the order",
        ),
    ],
)
def test_an_order_that_cannot_be_taken_says_why(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(InputError) as refused:
        check(**changes)
    assert str(refused.value) == reason


def test_skus_are_read_as_the_catalogue_spells_them() -> None:
    assert normalised_skus([" dtx-7", "Hom-Cnd "]) == ["DTX-7", "HOM-CND"]
