"""The order of today's list (DOMAIN.md, Today's list)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_tui.domain.model import Channel, Kind, Touch
from followup_tui.domain.today import DueTouch, todays_order

TODAY = date(2026, 11, 23)  # a Monday


def _due(
    touch_id: int, playbook: str, days_overdue: int, priority: int, kind: Kind = Kind.CUSTOMER
) -> DueTouch:
    touch = Touch(
        id=touch_id,
        contact_id=touch_id,
        playbook=playbook,
        step="step",
        due=TODAY - timedelta(days=days_overdue),
        channel=Channel.CALL,
        priority=priority,
    )
    return DueTouch(touch=touch, name=f"Contact {touch_id}", kind=kind, title="A call")


ITEMS = [
    _due(1, "new-customer", 0, 7),  # today, low priority
    _due(2, "referral", 0, 1, Kind.REFERRAL),  # referral added today
    _due(3, "new-customer", 5, 5),  # 5 days overdue
    _due(4, "corporate-backorder", 0, 2),
    _due(5, "new-customer", 1, 1),  # 1 day overdue, urgent playbook priority
    _due(6, "referral", 1, 1, Kind.REFERRAL),  # referral added yesterday
    _due(7, "party", 0, 3),  # today, more urgent
    _due(8, "lead", 3, 9),  # 3 days overdue
    _due(9, "new-customer", 0, 3),  # today, same priority as 7
    _due(10, "corporate-backorder", 2, 2),  # an overdue corporate backorder
]
EXPECTED = [6, 2, 10, 4, 3, 8, 5, 7, 9, 1]


@pytest.mark.parametrize(
    "items",
    [ITEMS, list(reversed(ITEMS)), ITEMS[5:] + ITEMS[:5]],
    ids=["as-given", "reversed", "rotated"],
)
def test_todays_order(items: list[DueTouch]) -> None:
    # GIVEN due and overdue touches in any order
    # WHEN today's list is ordered
    ordered = todays_order(items, TODAY)
    # THEN referrals (oldest first), corporate backorders, overdue (most overdue first),
    # then today's by priority
    assert [item.touch.id for item in ordered] == EXPECTED


def test_an_overdue_referral_beats_everything() -> None:
    # GIVEN a long-overdue call and a referral added today
    items = [_due(1, "new-customer", 10, 1), _due(2, "referral", 0, 5, Kind.REFERRAL)]
    # WHEN ordered / THEN the referral is first
    assert [i.touch.id for i in todays_order(items, TODAY)] == [2, 1]


def test_corporate_backorder_beats_overdue() -> None:
    # GIVEN a touch 10 days overdue and a corporate backorder due today
    items = [_due(1, "new-customer", 10, 1), _due(2, "corporate-backorder", 0, 2)]
    # WHEN ordered / THEN the corporate backorder comes first
    assert [i.touch.id for i in todays_order(items, TODAY)] == [2, 1]


def test_overdue_beats_today_whatever_the_priority() -> None:
    # GIVEN a low-priority touch one day overdue and an urgent one due today
    items = [_due(1, "party", 0, 1), _due(2, "circle", 1, 9)]
    # WHEN ordered / THEN the overdue one comes first
    assert [i.touch.id for i in todays_order(items, TODAY)] == [2, 1]


def test_due_touch_flags() -> None:
    # GIVEN / WHEN due touches of the special playbooks / THEN they are recognised
    referral = _due(1, "referral", 2, 1, Kind.REFERRAL)
    corporate = _due(2, "corporate-backorder", 0, 2)
    assert referral.is_referral and not referral.is_corporate_backorder
    assert corporate.is_corporate_backorder and not corporate.is_referral
    assert referral.overdue_days(TODAY) == 2
    assert corporate.overdue_days(TODAY) == 0
