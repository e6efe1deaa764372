"""The one "today": --today, else FOLLOWUP_TODAY, else the real date.

Nothing else reads the clock. Dates typed by a person are read by domain/when.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date

from followup_tui.domain.when import FORMS, DateError, When, parse_when

ENV_TODAY = "FOLLOWUP_TODAY"

__all__ = [
    "ENV_TODAY",
    "FORMS",
    "DateError",
    "When",
    "parse_date",
    "parse_when",
    "pinned",
    "real_today",
    "today",
]


def parse_date(text: str, today: date, *, day_first: bool = True, past: bool = False) -> date:
    """The day `text` means from `today` ("tue", "dec 8", "+3", "2026-12-08"...); a time
    typed with it is dropped (see parse_when)."""
    return parse_when(text, today, day_first=day_first, past=past).day


def today(
    override: str | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    day_first: Callable[[], bool] = lambda: True,
) -> date:
    """--today / FOLLOWUP_TODAY in any form a date is typed in, counted from the real date;
    `day_first` is asked only for a form that needs it ("8/12")."""
    environ = os.environ if environ is None else environ
    chosen = override or environ.get(ENV_TODAY)
    if chosen:
        real = real_today()
        if "/" in chosen or "." in chosen:
            return parse_when(chosen, real, day_first=day_first()).day
        return parse_when(chosen, real).day
    return real_today()


def pinned(override: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether today was given (--today / FOLLOWUP_TODAY): a pinned day stays put, the
    real one moves on at midnight (an open desk follows it, see real_today)."""
    environ = os.environ if environ is None else environ
    return bool(override or environ.get(ENV_TODAY))


def real_today() -> date:
    """The real date, now: asked again by an open desk to notice midnight."""
    return date.today()
