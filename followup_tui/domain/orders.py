"""What an order is about, and whether one can be taken: pure rules, no database."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from followup_tui.domain.model import Category, Kind, Product
from followup_tui.errors import InputError

BECOME_CUSTOMER_ON_ORDER = frozenset({Kind.LEAD, Kind.PROSPECT, Kind.REFERRAL, Kind.CIRCLE})
"""The kinds an order turns into a customer (a hostess or a team member stays what she is)."""
CHECKED_FIRST = (Category.DETOX, Category.NUTRITION, Category.SKINCARE, Category.HOME)
"""The categories a follow-up checks on, the most in need first (withdrawal before
breakouts before a home product)."""


def checked_category(categories: Iterable[Category]) -> Category | None:
    """The category a script's checklist follows: the first that needs checking on."""
    found = set(categories)
    return next((wanted for wanted in CHECKED_FIRST if wanted in found), None)


def main_category(products: list[Product]) -> Category | None:
    """The category an order's playbook is about: the first that needs checking on, else
    the first product's."""
    checked = checked_category(p.category for p in products)
    if checked is not None:
        return checked
    return products[0].category if products else None


def reorder_groups(products: list[Product]) -> list[int]:
    """The distinct reorder days, soonest first: products running out the same day
    share one call."""
    return sorted({p.reorder_day for p in products if p.reorder_day is not None})


@dataclass(frozen=True)
class Followed:
    """What of an order is still followed once some of it is refunded."""

    anything: bool
    """False when every line was refunded: nothing of the order is coming to her, so
    neither its welcome calls nor its delivery calls nor its reorder calls are said."""
    reorder_days: frozenset[int]
    """The reorder days of the lines she still has (or will have)."""


def followed_after_refund(lines: Iterable[tuple[int | None, bool]]) -> Followed:
    """Each line as (its product's reorder day, refunded?): what is still followed. A
    product refunded before it arrived gets no "has it started?" and no reorder call."""
    kept = [day for day, refunded in lines if not refunded]
    return Followed(bool(kept), frozenset(day for day in kept if day is not None))


def normalised_skus(skus: Iterable[str]) -> list[str]:
    """SKUs as the catalogue spells them: `dtx-7 ` is DTX-7."""
    return [s.strip().upper() for s in skus]


def check_order(
    skus: list[str],
    known: Collection[str],
    backorders: set[str],
    *,
    corporate: bool,
    ordered_on: date,
    delivered_on: date | None,
    today: date,
) -> None:
    """InputError, with the first reason, for an order that cannot be taken."""
    if not skus:
        raise InputError("an order needs at least one product")
    unknown = [s for s in skus if s not in known]
    if unknown:
        raise InputError(f"unknown product {unknown[0]!r}: see `followup products`")
    stray = sorted(backorders - set(skus))
    if stray:
        raise InputError(f"backorder {stray[0]!r} is not in this order")
    if corporate and not backorders:
        raise InputError("--corporate needs at least one --backorder SKU")
    if ordered_on > today:
        raise InputError("an order cannot be dated in the future")
    if delivered_on is not None and delivered_on > today:
        # As `delivered` says: a date not yet come is a guess, and would move the calls.
        raise InputError("a delivery cannot be dated in the future")
    if delivered_on is not None and delivered_on < ordered_on:
        raise InputError("delivery cannot come before the order")
