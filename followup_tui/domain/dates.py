"""Calendar arithmetic the playbooks count with."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def add_months(start: date, months: int) -> date:
    # arrow clamps Jan 31 + 1 month to Feb 28/29 instead of failing. Imported here:
    # with dateutil it costs `followup add` 40 ms, and few steps count in months.
    import arrow

    result: date = arrow.Arrow.fromdate(start).shift(months=months).date()
    return result


@cache
def public_holidays(country: str, year: int) -> frozenset[date]:
    """The public holidays of `country` (ISO 3166 code) in `year`, observed days included.

    The `holidays` package knows them for ~150 countries; it is imported here, on the first
    business-day count, so no start-up pays for it."""
    import holidays

    try:
        return frozenset(holidays.country_holidays(country, years=year).keys())
    except NotImplementedError:  # a country it does not know: weekends only
        return frozenset()


def is_business_day(day: date, country: str | None = None) -> bool:
    """Monday to Friday, and not a public holiday of `country` (when one is given)."""
    if day.weekday() >= 5:
        return False
    return country is None or day not in public_holidays(country, day.year)


def add_business_days(start: date, days: int, country: str | None = None) -> date:
    """Count `days` business days after `start` (negative counts back)."""
    step = 1 if days >= 0 else -1
    current = start
    remaining = abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_business_day(current, country):
            remaining -= 1
    return current


def business_days_between(start: date, end: date, country: str | None = None) -> int:
    """Business days from `start` (exclusive) to `end` (inclusive); negative when end is earlier."""
    if end < start:
        return -business_days_between(end, start, country)
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if is_business_day(start + timedelta(n), country)
    )


def next_working_day(day: date, working_days: frozenset[int]) -> date:
    """`day` itself when she makes calls on it, else the next weekday she does."""
    if not working_days:
        return day
    while day.weekday() not in working_days:
        day += timedelta(days=1)
    return day


def parse_working_days(text: str) -> frozenset[int]:
    """'mon,tue,wed' (or 'mon-fri', 'every day') as weekday numbers (0 = Monday).

    Raises ValueError naming the part it cannot read."""
    words = text.strip().lower()
    if words in ("", "every day", "everyday", "all"):
        return EVERY_DAY
    days: set[int] = set()
    for part in words.replace(" ", ",").split(","):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if dash:
            a, b = _weekday(first), _weekday(last)
            days.update((a + n) % 7 for n in range((b - a) % 7 + 1))
        else:
            days.add(_weekday(part))
    return frozenset(days)


FULL_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(word: str) -> int:
    """'mon', 'tues' or 'monday': a day's name or its start, three letters at least."""
    for number, name in enumerate(FULL_WEEKDAY_NAMES):
        if len(word) >= 3 and name.startswith(word):
            return number
    raise ValueError(f"{word!r} is not a day of the week")


def working_days_words(days: frozenset[int]) -> str:
    """The stored form: 'mon,tue,wed,thu,fri'."""
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


def weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def weekday_after(day: date, weekday: int) -> date:
    """The first such weekday strictly after `day`."""
    return day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)
