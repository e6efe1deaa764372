"""Calendar arithmetic: business days, weekdays and month clamping."""

from __future__ import annotations

from datetime import date

import pytest

from followup_tui.domain.dates import (
    add_business_days,
    add_days,
    add_months,
    business_days_between,
    is_business_day,
    weekday_after,
    weekday_on_or_before,
)

MONDAY, WEDNESDAY, FRIDAY, SUNDAY = 0, 2, 4, 6


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday + 1 = Tuesday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 = Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday + 1 = Monday
        (date(2026, 11, 29), 1, date(2026, 11, 30)),  # Sunday + 1 = Monday
        (date(2026, 11, 26), 10, date(2026, 12, 10)),  # Thursday + 10 = Thursday, two weeks on
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # a full week
        (date(2026, 12, 31), 1, date(2027, 1, 1)),  # year end, Thursday -> Friday
        (date(2027, 1, 1), 1, date(2027, 1, 4)),  # Friday -> Monday in the new year
        (date(2028, 2, 28), 2, date(2028, 3, 1)),  # Monday through leap day
        (date(2026, 11, 30), -1, date(2026, 11, 27)),  # Monday - 1 = Friday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_add_business_days(start: date, days: int, expected: date) -> None:
    # GIVEN a start day and a count of Monday-to-Friday days
    # WHEN the days are added
    result = add_business_days(start, days)
    # THEN weekends are skipped
    assert result == expected
    assert days == 0 or is_business_day(result)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 27), date(2026, 11, 30), 1),  # Friday -> Monday
        (date(2026, 11, 23), date(2026, 11, 30), 5),  # Monday -> Monday
        (date(2026, 11, 28), date(2026, 11, 29), 0),  # Saturday -> Sunday
        (date(2026, 11, 23), date(2026, 11, 23), 0),
        (date(2026, 11, 30), date(2026, 11, 23), -5),  # end before start
        (date(2026, 11, 26), date(2026, 12, 10), 10),
    ],
)
def test_business_days_between(start: date, end: date, expected: int) -> None:
    # GIVEN two days
    # WHEN the business days between them are counted (start exclusive, end inclusive)
    counted = business_days_between(start, end)
    # THEN weekends do not count
    assert counted == expected


@pytest.mark.parametrize(("start", "days"), [(date(2026, 11, 26), 10), (date(2026, 11, 27), 3)])
def test_business_days_between_undoes_add_business_days(start: date, days: int) -> None:
    # GIVEN a business day moved on by some business days
    end = add_business_days(start, days)
    # WHEN / THEN counting back gives the same number
    assert business_days_between(start, end) == days


@pytest.mark.parametrize(
    ("day", "weekday", "expected"),
    [
        (date(2026, 11, 27), WEDNESDAY, date(2026, 11, 25)),  # Friday -> that week's Wednesday
        (date(2026, 11, 25), WEDNESDAY, date(2026, 11, 25)),  # on the day itself
        (date(2026, 11, 24), WEDNESDAY, date(2026, 11, 18)),  # Tuesday -> the week before
        (date(2026, 11, 29), MONDAY, date(2026, 11, 23)),  # Sunday -> Monday of its week
        (date(2027, 1, 1), MONDAY, date(2026, 12, 28)),  # across the year end
    ],
)
def test_weekday_on_or_before(day: date, weekday: int, expected: date) -> None:
    # GIVEN a day and a weekday
    # WHEN the latest such weekday on or before it is found
    # THEN it is the expected date
    assert weekday_on_or_before(day, weekday) == expected


@pytest.mark.parametrize(
    ("day", "weekday", "expected"),
    [
        (date(2026, 11, 23), MONDAY, date(2026, 11, 30)),  # strictly after: a week on
        (date(2026, 11, 29), MONDAY, date(2026, 11, 30)),  # Sunday -> next day
        (date(2026, 11, 24), WEDNESDAY, date(2026, 11, 25)),
        (date(2026, 11, 27), FRIDAY, date(2026, 12, 4)),
        (date(2026, 12, 30), SUNDAY, date(2027, 1, 3)),  # across the year end
    ],
)
def test_weekday_after(day: date, weekday: int, expected: date) -> None:
    # GIVEN a day and a weekday
    # WHEN the first such weekday strictly after it is found
    # THEN it is the expected date
    assert weekday_after(day, weekday) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # clamped to the month end
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across the year end
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps(start: date, months: int, expected: date) -> None:
    # GIVEN a day, possibly at a month end
    # WHEN months are added
    # THEN the day is clamped to the end of a shorter month instead of failing
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 12, 31), 1, date(2027, 1, 1)),
        (date(2028, 2, 28), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 14, date(2026, 2, 14)),
    ],
)
def test_add_days_counts_calendar_days(start: date, days: int, expected: date) -> None:
    # GIVEN / WHEN calendar days are added / THEN weekends and month ends count too
    assert add_days(start, days) == expected
