"""Calendar arithmetic the playbooks count with."""

from __future__ import annotations

from datetime import date, timedelta


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def add_months(start: date, months: int) -> date:
    # arrow clamps Jan 31 + 1 month to Feb 28/29 instead of failing. Imported here:
    # with dateutil it costs `followup add` 40 ms, and few steps count in months.
    import arrow

    result: date = arrow.Arrow.fromdate(start).shift(months=months).date()
    return result


def is_business_day(day: date) -> bool:
    return day.weekday() < 5


def add_business_days(start: date, days: int) -> date:
    """Count `days` Monday-to-Friday days after `start` (negative counts back)."""
    step = 1 if days >= 0 else -1
    current = start
    remaining = abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_business_day(current):
            remaining -= 1
    return current


def business_days_between(start: date, end: date) -> int:
    """Business days from `start` (exclusive) to `end` (inclusive); negative when end is earlier."""
    if end < start:
        return -business_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_business_day(start + timedelta(n)))


def weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def weekday_after(day: date, weekday: int) -> date:
    """The first such weekday strictly after `day`."""
    return day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)
