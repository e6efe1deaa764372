"""Settings a consultant may change, stored in the database's settings table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from followup_tui.domain.dates import parse_working_days, working_days_words
from followup_tui.domain.schedule import Rules


@dataclass(frozen=True)
class Settings:
    consultant_name: str = ""
    """Your name, as the scripts say it ("this is {me}"); your own record's name too."""
    webshop: str = ""
    """Your web shop address, shared on relationship calls."""
    delivery_estimate_days: int = 7
    """Days from order to delivery when no delivery date is logged."""
    lead_rhythm_weeks: int = 5
    """Weeks between lead touches after the first ones (the seed's 4-6 weeks)."""
    phone_region: str = "US"
    """Region for phone numbers typed without a country code (ISO 3166 code)."""
    working_days: str = "mon,tue,wed,thu,fri,sat,sun"
    """The days you make calls: a call the playbooks count to another day moves to the next
    of these (the morning after a party, an event's day and a referral keep theirs)."""
    country: str = ""
    """Whose public holidays backorder deadlines skip; empty: the phone region's."""

    @property
    def rules(self) -> Rules:
        return Rules(
            delivery_estimate_days=self.delivery_estimate_days,
            lead_rhythm_weeks=self.lead_rhythm_weeks,
            working_days=parse_working_days(self.working_days),
            country=self.holiday_country,
        )

    @property
    def holiday_country(self) -> str:
        return (self.country or self.phone_region).upper()

    @classmethod
    def from_pairs(cls, pairs: dict[str, str]) -> Settings:
        values: dict[str, Any] = {}
        for field in fields(cls):
            if field.name in pairs:
                raw = pairs[field.name]
                values[field.name] = int(raw) if field.type in ("int", int) else raw
        return cls(**values)

    def as_pairs(self) -> dict[str, str]:
        return {field.name: str(getattr(self, field.name)) for field in fields(self)}


SETTING_NAMES = tuple(field.name for field in fields(Settings))


def _whole(low: int, high: int) -> Callable[[str], str]:
    def check(text: str) -> str:
        digits = text.strip()
        # isdigit() accepts '²'; only ASCII digits make a number here.
        if not (digits.isascii() and digits.isdigit()) or not low <= int(digits) <= high:
            return f"a whole number from {low} to {high}"
        return ""

    return check


def _name(text: str) -> str:
    # Also her own record's name: the one rule a contact's name is held to.
    from followup_tui.errors import InputError
    from followup_tui.validation import clean_name

    if not text.strip():
        return "the scripts need your name"
    try:
        clean_name(text)
    except InputError as error:
        return str(error)
    return ""


def _region(text: str) -> str:
    import phonenumbers

    if text.strip().upper() not in phonenumbers.SUPPORTED_REGIONS:
        return "a two-letter country code, e.g. US, GB, CA, AU"
    return ""


def _working_days(text: str) -> str:
    try:
        days = parse_working_days(text)
    except ValueError as error:
        return f"{error}: days as mon,tue,wed,thu,fri (or mon-fri, or every day)"
    return "" if days else "at least one day"


def _country(text: str) -> str:
    if not text.strip():
        return ""  # the phone region's
    import holidays

    if text.strip().upper() not in holidays.list_supported_countries():
        return "a two-letter country code whose holidays are known, e.g. US, GB, CA, AU"
    return ""


CHECKS: dict[str, Callable[[str], str]] = {
    # Each returns the error for a typed value, or "" when it is fine.
    "consultant_name": _name,
    "webshop": lambda text: "",
    "delivery_estimate_days": _whole(1, 60),
    "lead_rhythm_weeks": _whole(1, 26),
    "phone_region": _region,
    "working_days": _working_days,
    "country": _country,
}


def normalised_setting(key: str, value: str) -> str:
    """A typed value as it is stored: trimmed, a name's spaces as a contact's, a country
    code in capitals."""
    value = value.strip()
    if key == "working_days":
        return working_days_words(parse_working_days(value))
    if key == "consultant_name" and value:
        from followup_tui.validation import clean_name

        return clean_name(value)  # as her record stores it: "Ann\tLee" is "Ann Lee"
    return value.upper() if key in ("phone_region", "country") else value
