"""Words as a person says them: product lists, names said twice, pronouns."""

from __future__ import annotations

import pytest

from followup_tui.domain.speech import (
    first_names_after_first,
    pronoun_words,
    spoken_list,
    spoken_product,
    spoken_products,
)


@pytest.mark.parametrize(
    ("items", "said"),
    [
        ([], ""),
        (["the serum"], "the serum"),
        (["the serum", "the cleaning concentrate"], "the serum and the cleaning concentrate"),
        (["the serum", "the toner", "the cleanser"], "the serum, the toner and the cleanser"),
        (["the serum", "the serum", "the toner"], "the serum and the toner"),
    ],
)
def test_spoken_list(items: list[str], said: str) -> None:
    # GIVEN / WHEN a list is said / THEN "and" before the last, commas before, repeats once
    assert spoken_list(items) == said


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Dish Soap Refill", "the Dish Soap Refill"),
        ("7-Day Detox Kit", "the 7-Day Detox Kit"),
        # A variant after a comma goes first: no list inside the list
        ("Plant Protein Shake, Vanilla", "the Vanilla Plant Protein Shake"),
        ("Soy Candle, Linen and Cedar", "the Linen and Cedar Soy Candle"),
        # A name that has its own article keeps it
        ("The Big Book of Recipes", "The Big Book of Recipes"),
    ],
)
def test_spoken_product(name: str, said: str) -> None:
    assert spoken_product(name) == said


def test_spoken_products_reads_as_a_sentence() -> None:
    # GIVEN three catalogue names, one with a variant
    names = ["Vitamin C Brightening Serum", "Plant Protein Shake, Vanilla", "Dish Soap Refill"]
    # WHEN said / THEN one article each, and a single "and"
    assert spoken_products(names) == (
        "the Vitamin C Brightening Serum, the Vanilla Plant Protein Shake and the Dish Soap Refill"
    )


@pytest.mark.parametrize(
    ("facts", "words"),
    [
        ({}, ("Tom", "Tom", "Tom's", "Tom")),
        ({"pronouns": "he/him"}, ("he", "him", "his", "He")),
        ({"pronoun": "he"}, ("he", "him", "his", "He")),
        ({"Pronouns": "he / him"}, ("he", "him", "his", "He")),
        ({"pronouns": "She/Her"}, ("she", "her", "her", "She")),
        ({"pronouns": "they/them"}, ("they", "them", "their", "They")),
        # A fact that says no pronoun this knows: the name, never a guess
        ({"pronouns": "ze/zir"}, ("Tom", "Tom", "Tom's", "Tom")),
    ],
)
def test_pronoun_words(facts: dict[str, str], words: tuple[str, str, str, str]) -> None:
    # GIVEN a pronoun fact, or none / WHEN the words for him are chosen
    chosen = pronoun_words(facts, "Tom")
    # THEN the fact's pronouns, or his name
    assert (chosen["they"], chosen["them"], chosen["their"], chosen["They"]) == words


def test_first_names_after_first() -> None:
    # GIVEN lines naming Sally Jensen three times, and Holly Rossi never
    lines = [
        "Sally Jensen gave me your number.",
        "Sally Jensen has been enjoying it; Sally Jensen says so.",
        "Thank Sally Jensen afterwards.",
    ]
    # WHEN names are shortened / THEN the full name once, first names after
    assert first_names_after_first(lines, ["Sally Jensen", "Holly Rossi", "Cher"]) == [
        "Sally Jensen gave me your number.",
        "Sally has been enjoying it; Sally says so.",
        "Thank Sally afterwards.",
    ]
