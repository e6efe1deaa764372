"""Search helpers: a typed phone number becomes the digits to look for."""

from __future__ import annotations

import pytest

from followup_tui.domain.search import NameIndex, phone_digits


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("202-555-0102", "2025550102"),
        ("(202) 555 0102", "2025550102"),
        ("+1 202.555.0102", "12025550102"),
        (" 0102 ", "0102"),  # a few digits: the 0 is one of them
        ("0199", "0199"),
        ("020 7946 0958", "2079460958"),
        ("555", "555"),
    ],
)
def test_a_typed_number_is_searched_by_its_digits(typed: str, digits: str) -> None:
    assert phone_digits(typed) == digits


@pytest.mark.parametrize("typed", ["Dana", "dana@example.com", "12", "", "Suite 5", "-"])
def test_words_and_too_few_digits_are_not_a_phone_search(typed: str) -> None:
    assert phone_digits(typed) is None


def test_a_slightly_misspelt_name_is_found() -> None:
    # GIVEN a few names
    names = ["Dana Whitfield", "Jenna Brooks", "Rita Moreno"]
    index = NameIndex(names)
    # WHEN searched with a letter or two wrong / THEN the right name comes up
    assert [names[i] for i in index.rank("Jena Broks")] == ["Jenna Brooks"]
    assert [names[i] for i in index.rank("Dana Witfield")] == ["Dana Whitfield"]
