"""The one "today": --today, else FOLLOWUP_TODAY, else the real date.

Nothing else reads the clock.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, timedelta

ENV_TODAY = "FOLLOWUP_TODAY"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RELATIVE = re.compile(r"^([+-]\d{1,4})d?$")


class DateError(ValueError):
    """A date a person typed that means nothing; the message says what was expected."""


def parse_date(text: str, today: date | None = None) -> date:
    """YYYY-MM-DD; or, when `today` is given, today / tomorrow / yesterday / +N / -N days."""
    cleaned = text.strip().lower()
    if today is not None:
        words = {"today": 0, "tomorrow": 1, "yesterday": -1}
        if cleaned in words:
            return today + timedelta(days=words[cleaned])
        relative = RELATIVE.match(cleaned)
        if relative:
            return today + timedelta(days=int(relative.group(1)))
    if not ISO_DATE.match(cleaned):
        raise DateError(f"{text!r} is not a date: use YYYY-MM-DD")
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise DateError(f"{text!r} is not a real date") from None


def today(override: str | None = None, environ: Mapping[str, str] | None = None) -> date:
    environ = os.environ if environ is None else environ
    chosen = override or environ.get(ENV_TODAY)
    if chosen:
        return parse_date(chosen)
    return date.today()
