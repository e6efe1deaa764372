"""A day (and maybe a time) as a person says it: "tue 6pm", "next friday", "in 2 weeks",
"dec 8", "8/12", "+3", "2026-12-08".

ISO dates and "+N" / today / tomorrow / yesterday are read here at once; anything else
goes to `dateparser`, imported on first use (~110 ms, and ~140 ms more for its first
parse), so no start-up pays for it. A day with no year is the next one to come.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RELATIVE = re.compile(r"^([+-]\d{1,4})d?$")
WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
FORMS = "try tue, next friday, in 2 weeks, dec 8, 12/8, +3 or 2026-12-08"
EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)

# "after 6" / "at 6:30" with no am or pm: from 1 to 7 she means the evening (calls are
# made after work), from 8 to 11 the morning.
BARE_HOUR = re.compile(r"\b(?:after|at)\s*(\d{1,2})(?::(\d{2}))?(?!\s*(?:[ap]\.?m|:|\d))\b")
# "+3 6pm": dateparser does not know "+3".
LEADING_RELATIVE = re.compile(r"^([+-])(\d{1,4})d?\b")
# "12/8", "8.12.2027": the numbers typed must be the day and month read back.
NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\.?(?:\s|$)")
YEAR_TYPED = re.compile(r"\b\d{4}\b|\byears?\b|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")

# NANP places that write the month first; everywhere else the day comes first.
MONTH_FIRST_REGIONS = frozenset({"US", "PR", "VI", "GU", "AS", "MP", "UM"})


class DateError(ValueError):
    """A date a person typed that means nothing; the message says what would work."""


class When(NamedTuple):
    # A NamedTuple, not a dataclass: `dataclasses` pulls in `inspect`, 14 ms of every
    # shell command's start (the CLI imports this module through clock).
    day: date
    time: str | None = None
    """"18:00" when a time was said with the day, else None."""


def day_first(region: str) -> bool:
    """Whether "8/12" means 8 December where she lives (her phone region)."""
    return region.strip().upper() not in MONTH_FIRST_REGIONS


def parse_when(text: str, today: date, *, day_first: bool = True, past: bool = False) -> When:
    """The day (and time) `text` means, counted from `today`; DateError in one line.

    A day named without its year or week ("dec 8", "tue") is the next one to come; with
    `past` (a day that has happened: met on, ordered on) the last one gone."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateError(f"a date is needed: {FORMS}")
    quick = _quick(cleaned, today)
    if quick is not None:
        return _in_range(When(quick), text)
    found = _parsed(cleaned, today, day_first, past)
    if found is None:
        raise DateError(f"{text.strip()!r} is not a date: {FORMS}")
    return _in_range(found, text)


def needs_library(text: str) -> bool:
    """Whether `text` is read by dateparser (and so by her region's day order)."""
    cleaned = " ".join(text.strip().lower().split())
    return not (cleaned in WORDS or RELATIVE.match(cleaned) or ISO_DATE.match(cleaned))


def warm() -> None:
    """Import dateparser and make its first parse, off the event loop, before she types."""
    _parsed("next tue 6pm", date(2026, 1, 1), True, False)


def time_words(at: str) -> str:
    """ "18:00" as she says it: "6pm"; "09:30" is "9:30am"; "12:00" is "noon"."""
    hour, minute = (int(part) for part in at.split(":"))
    if (hour, minute) == (12, 0):
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}{suffix}" if minute == 0 else f"{shown}:{minute:02d}{suffix}"


def when_words(when: When, today: date | None = None) -> str:
    """ "Tue 15 Dec" or "Tue 15 Dec 6pm"; the year too when it is not `today`'s."""
    words = f"{when.day:%a %d %b}"
    if today is not None and when.day.year != today.year:
        words += f" {when.day.year}"
    return f"{words} {time_words(when.time)}" if when.time else words


def _quick(cleaned: str, today: date) -> date | None:
    """The forms read without the library: ISO, +N / -N, today / tomorrow / yesterday."""
    if cleaned in WORDS:
        return today + timedelta(days=WORDS[cleaned])
    relative = RELATIVE.match(cleaned)
    if relative:
        return today + timedelta(days=int(relative.group(1)))
    if ISO_DATE.match(cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            raise DateError(f"{cleaned!r} is not a real date") from None
    return None


def _parsed(cleaned: str, today: date, day_first: bool, past: bool) -> When | None:
    said = BARE_HOUR.sub(_evening_or_morning, cleaned)
    said = LEADING_RELATIVE.sub(_relative_words, said)
    data = _parser(today, day_first, past).get_date_data(said)
    found: datetime | None = data.date_obj
    if found is None:
        return None
    day = found.date()
    if not _numbers_agree(cleaned, day, day_first):
        return None
    if not YEAR_TYPED.search(cleaned) and day != today and _same_day_of_year(day, today):
        day = today  # "dec 11" on 11 December is today, not next year's
    at = f"{found:%H:%M}" if data.period == "time" else None
    return When(day, at)


def _same_day_of_year(day: date, today: date) -> bool:
    return (day.month, day.day) == (today.month, today.day) and abs(day.year - today.year) == 1


@lru_cache(maxsize=8)
def _parser(today: date, day_first: bool, past: bool) -> DateDataParser:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past" if past else "future",
            "RELATIVE_BASE": datetime.combine(today, time()),
            "DATE_ORDER": "DMY" if day_first else "MDY",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def _evening_or_morning(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), match.group(2) or "00"
    if not 1 <= hour <= 12:
        return match.group(0)
    suffix = "pm" if hour <= 7 or hour == 12 else "am"
    return f"{hour}:{minute}{suffix}"


def _relative_words(match: re.Match[str]) -> str:
    sign, days = match.group(1), match.group(2)
    return f"in {days} days" if sign == "+" else f"{days} days ago"


def _numbers_agree(cleaned: str, day: date, day_first: bool) -> bool:
    """dateparser reads "12/25" day first as a year; the day and month typed must be
    the ones read back, else the text is not a date where she lives."""
    numeric = NUMERIC.match(cleaned)
    if numeric is None:
        return True
    first, second = int(numeric.group(1)), int(numeric.group(2))
    day_month = (first, second) if day_first else (second, first)
    return (day.day, day.month) == day_month


def _in_range(when: When, text: str) -> When:
    if not EARLIEST <= when.day <= LATEST:
        raise DateError(f"{text.strip()!r} is out of range: pick a date from 1900 to 2200")
    return when
