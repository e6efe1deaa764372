"""The order of today's list (DOMAIN.md, Today's list)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from followup_tui.domain import roles
from followup_tui.domain.model import Kind, Touch


@dataclass(frozen=True)
class DueTouch:
    """A touch due today or overdue, with what the list shows of its contact."""

    touch: Touch
    name: str
    kind: Kind
    title: str
    discreet: bool = False
    """Her contact is marked discreet: call only, no texts or voicemail details."""

    def overdue_days(self, today: date) -> int:
        return self.touch.overdue_days(today)

    @property
    def is_referral(self) -> bool:
        return self.touch.playbook == roles.REFERRAL

    @property
    def is_corporate_backorder(self) -> bool:
        return self.touch.playbook == roles.CORPORATE_BACKORDER


def order_key(item: DueTouch, today: date) -> tuple[int, int, int, int]:
    touch = item.touch
    if item.is_referral:
        # Oldest referral first: the 48-hour clock runs from the day they were added.
        return (0, touch.due.toordinal(), touch.priority, touch.id)
    if item.is_corporate_backorder:
        return (1, touch.due.toordinal(), touch.priority, touch.id)
    overdue = item.overdue_days(today)
    if overdue:
        return (2, -overdue, touch.priority, touch.id)
    return (3, touch.priority, 0, touch.id)


def todays_order(items: list[DueTouch], today: date) -> list[DueTouch]:
    """Referrals, corporate backorders, overdue by days overdue, then today's by priority."""
    return sorted(items, key=lambda item: order_key(item, today))


@dataclass(frozen=True)
class DayCounts:
    """Touches worked today and touches still due: the header's count."""

    done: int
    left: int

    @property
    def due(self) -> int:
        return self.done + self.left

    def after_log(self, new_due: Iterable[date], today: date) -> DayCounts:
        """The counts once one of the calls left is logged today: done one more, left
        one less, plus the calls the log scheduled that are due by today (a referral's
        first call today). The header shows it as the save lands; the list's reload,
        half a second later at 100,000 contacts, corrects it if the book changed."""
        due_now = sum(1 for day in new_due if day <= today)
        return DayCounts(self.done + 1, max(0, self.left - 1) + due_now)
