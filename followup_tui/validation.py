"""Checks on what a person types: one clear sentence when it is wrong."""

from __future__ import annotations

from followup_tui.domain.model import Kind, Level
from followup_tui.errors import InputError

MAX_NAME = 200


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("a name is needed")
    if len(cleaned) > MAX_NAME:
        raise InputError(f"a name is at most {MAX_NAME} characters")
    if any(ord(ch) < 32 for ch in cleaned):
        raise InputError("a name cannot hold control characters")
    return cleaned


def parse_kind(text: str) -> Kind:
    try:
        return Kind(text.strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in Kind)
        raise InputError(f"unknown kind {text!r}: use one of {choices}") from None


def parse_level(text: str) -> Level:
    try:
        return Level(text.strip().lower())
    except ValueError:
        choices = ", ".join(level.value for level in Level)
        raise InputError(f"unknown team level {text!r}: use one of {choices}") from None


def normalise_phone(text: str, region: str = "US") -> str:
    """The number in international form (+15551234567), or InputError."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InputError(f"{text!r} is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise InputError(f"{text!r} is not a valid phone number for {region}")
    formatted: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted


def normalise_email(text: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as exc:  # its wording is long; ours fits beside the field
        raise InputError(f"{text!r} is not an email address") from exc
    normalized: str = result.normalized
    return normalized


def parse_fact(text: str) -> tuple[str, str]:
    """`perfume=Chanel No 5` (or `perfume: Chanel No 5`) -> ("perfume", "Chanel No 5")."""
    for separator in ("=", ":"):
        if separator in text:
            key, value = text.split(separator, 1)
            key, value = key.strip().lower(), value.strip()
            if key and value:
                return key, value
    raise InputError(f"{text!r} is not a fact: write KEY=VALUE, e.g. perfume=Chanel No 5")


def parse_facts_line(text: str) -> list[tuple[str, str]]:
    """`perfume: Chanel No 5, kids: 2 (Emma 6), job: nurse` -> three facts.

    A comma only starts a new fact when a `key:` follows it, so values may hold commas.
    """
    facts: list[tuple[str, str]] = []
    for part in _split_facts(text):
        try:
            facts.append(parse_fact(part))
        except InputError:
            # The form's own syntax, short enough for the one line beside the field.
            raise InputError(
                f"{_clipped(part)} is not a fact: write key: value, e.g. job: nurse"
            ) from None
    return facts


def _clipped(text: str, cells: int = 18) -> str:
    """`text` quoted, cut to `cells` terminal cells (wide characters count as two)."""
    from rich.cells import cell_len, set_cell_size

    shown = repr(text)
    if cell_len(shown) <= cells:
        return shown
    return set_cell_size(shown, cells - 2) + "…" + shown[-1]


def _split_facts(text: str) -> list[str]:
    import re

    pieces = re.split(r",\s*(?=[\w][\w \-]{0,40}:)", text.strip())
    return [p for p in (piece.strip() for piece in pieces) if p]
