"""Dates as people say them: each form, counted from a Friday, day first and month first."""

from __future__ import annotations

from datetime import date

import pytest

from followup_tui.domain.when import DateError, When, day_first, parse_when, time_words

FRIDAY = date(2026, 12, 11)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-12-08", When(date(2026, 12, 8))),
        ("+3", When(date(2026, 12, 14))),
        ("-2", When(date(2026, 12, 9))),
        ("today", When(FRIDAY)),
        ("Tomorrow", When(date(2026, 12, 12))),
        ("yesterday", When(date(2026, 12, 10))),
        ("tue", When(date(2026, 12, 15))),
        ("next tuesday", When(date(2026, 12, 15))),
        ("friday", When(date(2026, 12, 18))),  # on a Friday: next week's
        ("monday", When(date(2026, 12, 14))),
        ("in 2 weeks", When(date(2026, 12, 25))),
        ("in 3 days", When(date(2026, 12, 14))),
        ("dec 8", When(date(2027, 12, 8))),  # passed this year: the next one
        ("8 dec", When(date(2027, 12, 8))),
        ("dec 25", When(date(2026, 12, 25))),
        ("dec 11", When(FRIDAY)),  # today is the next one to come
        ("jan 5", When(date(2027, 1, 5))),
        ("8/12", When(date(2027, 12, 8))),  # day first
        ("25/12", When(date(2026, 12, 25))),
        ("12/8/2027", When(date(2027, 8, 12))),
        ("tue 6pm", When(date(2026, 12, 15), "18:00")),
        ("tue after 6", When(date(2026, 12, 15), "18:00")),
        ("after 6", When(FRIDAY, "18:00")),
        ("tue at 10", When(date(2026, 12, 15), "10:00")),
        ("6:30pm", When(FRIDAY, "18:30")),
        ("tomorrow 10am", When(date(2026, 12, 12), "10:00")),
        ("+3 6pm", When(date(2026, 12, 14), "18:00")),
        ("next friday 5:30 pm", When(date(2026, 12, 18), "17:30")),
    ],
)
def test_day_first_forms(typed: str, meant: When) -> None:
    assert parse_when(typed, FRIDAY, day_first=True) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12/8", date(2027, 12, 8)),
        ("12/25", date(2026, 12, 25)),
        ("12/8/2027", date(2027, 12, 8)),
        ("dec 8", date(2027, 12, 8)),
    ],
)
def test_month_first_forms(typed: str, meant: date) -> None:
    assert parse_when(typed, FRIDAY, day_first=False).day == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("dec 8", date(2026, 12, 8)), ("tue", date(2026, 12, 8)), ("dec 11", FRIDAY)],
)
def test_a_day_that_has_happened_is_the_last_one(typed: str, meant: date) -> None:
    assert parse_when(typed, FRIDAY, past=True).day == meant


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("blurday", "'blurday' is not a date: try tue, next friday, in 2 weeks, dec 8, 12/8"),
        ("12/25", "'12/25' is not a date"),  # no 25th month where the day comes first
        ("31/2", "is not a date"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("1/1/1800", "'1/1/1800' is out of range: pick a date from 1900 to 2200"),
        ("2300-01-01", "out of range"),
        ("", "a date is needed: try tue"),
    ],
)
def test_what_is_not_a_date_says_which_forms_work(typed: str, says: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_when(typed, FRIDAY, day_first=True)
    assert says in str(refused.value)
    assert "\n" not in str(refused.value)


def test_month_first_only_where_people_write_it_so() -> None:
    assert not day_first("US") and not day_first("pr")
    assert day_first("GB") and day_first("DE") and day_first("AU")


@pytest.mark.parametrize(
    ("at", "said"),
    [("18:00", "6pm"), ("09:30", "9:30am"), ("12:00", "noon"), ("00:15", "12:15am")],
)
def test_times_in_words(at: str, said: str) -> None:
    assert time_words(at) == said
