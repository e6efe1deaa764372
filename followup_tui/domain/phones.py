"""Phone numbers as she reads and dials them: the one place a stored number (E.164,
"+12025550102") becomes "(202) 555-0102" on screen and in the command line's text."""

from __future__ import annotations

from functools import lru_cache


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
