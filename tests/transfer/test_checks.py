"""An import's quick checks of phones and emails answer what the libraries answer.

Plain North American numbers and plain ASCII addresses skip the libraries' slow paths
(domain.phones.plain_us_e164, validation's _plain_email); every string here is checked
both ways and must come out the same: stored the same, or refused.
"""

from __future__ import annotations

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_tui.domain.phones import plain_us_e164
from followup_tui.errors import InputError
from followup_tui.validation import normalise_email, normalise_phone


def library_phone(text: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    formatted: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted


def ours(normalise: object, *args: str) -> str | None:
    assert callable(normalise)
    try:
        stored: str = normalise(*args)
    except InputError:
        return None
    return stored


digits_and_layout = st.text(alphabet="0123456789 ().-+", min_size=1, max_size=18)
north_american = st.builds(
    lambda area, exchange, line, layout: layout.format(a=area, e=exchange, n=line),
    st.integers(100, 999),
    st.integers(0, 999).map(lambda n: f"{n:03d}"),
    st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    st.sampled_from(
        [
            "+1 {a} {e} {n}",
            "({a}) {e}-{n}",
            "1-{a}-{e}-{n}",
            "{a}{e}{n}",
            "+1{a}{e}{n}",
            "{a}.{e}.{n}",
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(digits_and_layout, north_american), region=st.sampled_from(["US", "GB", "CA"])
)
@example(text="+1 416 555 0199", region="US")  # Canada: +1, but not the US
@example(text="+1 800 555 0199", region="US")  # toll free
@example(text="1 (212) 555-0101", region="US")
@example(text="212 555 0101", region="GB")  # no country: GB's reading, not ours
@example(text="+1 111 555 0101", region="US")
def test_a_phone_is_stored_as_phonenumbers_would_store_it(text: str, region: str) -> None:
    assert ours(normalise_phone, text, region) == library_phone(text, region)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("+44 20 7946 0958", "US"),
        ("(202) 555-0199 x 7", "US"),
        ("+1 800 FLOWERS", "US"),
        ("２０２５５５０１２３", "US"),
    ],
)
def test_what_is_not_plain_is_left_to_phonenumbers(text: str, region: str) -> None:
    assert plain_us_e164(text, region) is None


def library_email(text: str) -> str | None:
    try:
        normalized: str = validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None
    return normalized


locals_ = st.sampled_from(
    [
        "ann",
        "Ann.Lee",
        "a+b",
        "o'brien",
        ".a",
        "a.",
        "a..b",
        "PostMaster",
        "Info",
        "a" * 65,
        "jö",
        "a b",
    ]
)
domains = st.sampled_from(
    [
        "example.com", "Example.COM", "exa-mple.co.uk", "localhost", "x.test", "-a.com", "a..com",
        "xn--bcher-kva.de", "1.2.3.4", "a.123", "ab--cd.com", "x.invalid", "a" * 64 + ".com",
        "abcdefghi." * 25 + "com", "bücher.de", "[1.2.3.4]",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.builds("{}@{}".format, locals_, domains),
        st.text(alphabet="abAB09.-_+@ x", min_size=1, max_size=16),
    )
)
@example(text=" jo@example.com ")
@example(text="a" * 240 + "@example.com")  # too long as a whole
def test_an_email_is_stored_as_email_validator_would_store_it(text: str) -> None:
    assert ours(normalise_email, text) == library_email(text)
