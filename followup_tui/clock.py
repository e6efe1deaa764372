"""The one "today": --today, else FOLLOWUP_TODAY, else the real date.

Nothing else reads the clock. Dates typed by a person are read by domain/when.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date

from followup_tui.domain.when import FORMS, DateError, When, parse_when

ENV_TODAY = "FOLLOWUP_TODAY"

__all__ = ["ENV_TODAY", "FORMS", "DateError", "When", "parse_date", "parse_when", "today"]


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
        real = date.today()
        if "/" in chosen or "." in chosen:
            return parse_when(chosen, real, day_first=day_first()).day
        return parse_when(chosen, real).day
    return date.today()
