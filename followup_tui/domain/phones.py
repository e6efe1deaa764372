"""Phone numbers as she reads and dials them: the one place a stored number (E.164,
"+12025550102") becomes "(202) 555-0102" on screen and in the command line's text."""

from __future__ import annotations

import re
from functools import lru_cache

_PLAIN_NUMBER = re.compile(r"\+?[0-9 ().\-]+")
"""Digits laid out with spaces, dots, dashes and brackets, perhaps after a plus: how
nearly every number in a back office's spreadsheet is written."""
_NOT_DIGIT = re.compile(r"[^0-9]")


@lru_cache(maxsize=4096)
def phone_shown(number: str, region: str = "US") -> str:
    """`number` in her national format when it is from her `region` ("(202) 555-0102" in
    the US), else in international format ("+44 20 7946 0958"), so a foreign number still
    dials from her phone. A number that cannot be read is shown as stored.

    phonenumbers (~20 ms) is imported on the first number drawn, not at start-up.
    """
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, region or None)
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number  # "+1202555": formatting would only hide that it is short
    if phonenumbers.region_code_for_number(parsed) == region.upper():
        style = phonenumbers.PhoneNumberFormat.NATIONAL
    else:
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    shown: str = phonenumbers.format_number(parsed, style)
    return shown


def tel_link(number: str) -> str:
    """The `tel:` link a phone dials: the stored E.164 number, which needs no region."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def plain_us_e164(text: str, region: str) -> str | None:
    """`text` in E.164 when it is a plain North American number valid in the US ("+1 212
    555 0101", and in the US also "(212) 555-0101" or "1-212-555-0101"), as
    phonenumbers.parse would read it; None for anything else, which phonenumbers reads.

    An import of 10,000 rows spent ~85 us a number in parse and is_valid_number (which
    tries each North American region); this is one check against the US's patterns.
    Any number valid for the US is valid (the US is the first region of +1 tried).
    """
    text = text.strip()
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    digits = _NOT_DIGIT.sub("", text)
    if text.startswith("+"):
        national = digits[1:] if len(digits) == 11 and digits[0] == "1" else None
    elif region != "US":
        national = None
    elif len(digits) == 11 and digits[0] == "1":
        national = digits[1:]
    else:
        national = digits if len(digits) == 10 else None
    # An area code never starts with 0 or 1; phonenumbers reads those otherwise.
    if national is None or national[0] in "01":
        return None
    import phonenumbers

    number = phonenumbers.PhoneNumber(country_code=1, national_number=int(national))
    return "+1" + national if phonenumbers.is_valid_number_for_region(number, "US") else None
