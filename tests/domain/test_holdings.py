"""A search typed a key at a time (letters added and deleted, searches ahead between
keys, some cut short) finds what a fresh search finds, in the same order."""

from __future__ import annotations

import random
from functools import cache
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.demo.names import FACTS, FIRST, LAST, NOTES, PLACES
from followup_tui.domain import holdings
from followup_tui.domain.finding import BookIndex, Searchable

KINDS = ("customer", "lead", "team", "hostess")
ODD = ("José", "Zoë", "Straße", "Ørsted", "Ἀφροδίτη", "İlkay")


def demo_book(size: int = 1200, seed: int = 7) -> list[Searchable]:
    """People as the demo makes them, with a few accented and unusual names."""
    rng = random.Random(seed)
    book = []
    for n in range(size):
        first = rng.choice(FIRST + list(ODD) if n % 9 == 0 else FIRST)
        name = f"{first} {rng.choice(LAST)}"
        book.append(
            Searchable(
                name,
                rng.choice(KINDS),
                phone=f"+1202555{(n * 7919) % 10000:04d}" if rng.random() < 0.85 else None,
                email=f"{first.lower()}.{rng.choice(LAST).lower()}{n}@example.com",
                met_at=rng.choice(PLACES) if rng.random() < 0.7 else None,
                facts=[(key, rng.choice(FACTS[key])) for key in rng.sample(list(FACTS), 2)],
                notes=[rng.choice(NOTES)] if rng.random() < 0.5 else [],
            )
        )
    return sorted(book, key=lambda p: p.name)


BOOK = demo_book()
QUERIES = [
    "jenna b",
    "0199",
    "202-555-01",
    "andersen58",
    "chanel",
    "sister",
    "josé",
    "jose",
    "zoë",
    "strasse",
    "the gym",
    "nurse maria",
    "maria nurse",
    "",
    "   ",
    "zzqx",
    "jena broks",
    "@example.com",
    "a",
    "0",
    "01",
]
SHOWN = 80


@cache
def fresh(query: str, limit: int | None, kind: str | None) -> list[int]:
    """What an index searched for nothing before finds (no search kept to narrow)."""
    return BookIndex.of(BOOK).rank(query, limit, kind=kind)


def test_typing_each_query_a_key_at_a_time_finds_what_a_fresh_search_finds() -> None:
    # GIVEN one index, searched ahead between keys as the contacts screen does (some
    # searches ahead cut short by the next key), of every kind and of one
    index = BookIndex.of(BOOK)
    with patch.object(holdings, "STEP", 100):
        for number, query in enumerate(QUERIES):
            kind = "lead" if number % 3 == 1 else None
            typed = [query[:n] for n in range(1, len(query) + 1)]
            # WHEN each query is typed, then deleted a key at a time
            for at, text in enumerate(typed + typed[::-1][1:]):
                # THEN each key finds what a fresh index finds, in its order
                assert index.rank(text, SHOWN, kind=kind) == fresh(text, SHOWN, kind), text
                index.look_ahead(text, kind, steps=at % 4 or None)
            assert index.rank(query, None, kind=kind) == fresh(query, None, kind), query


PIECES = ["ma", "r", "ia", " ", "jen", "na", "0", "19", "9", "ch", "an", "el", "s", "is", "t"]
PIECES += ["er", "@", "jo", "é", "ß", "gym", " n", "-55", "x", "b", "ro", "ok", "e"]
"""What is typed between two looks: pieces of names, numbers and words the book holds."""


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["type", "type", "type", "delete", "clear"]),
            st.sampled_from(PIECES),
            st.sampled_from([0, 1, 2, None]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.sampled_from([None, "customer"]), min_size=1, max_size=3),
)
def test_any_keys_find_what_a_fresh_search_finds(
    keys: list[tuple[str, str, int | None]], kinds: list[str | None]
) -> None:
    index = BookIndex.of(BOOK)
    text, kind = "", kinds[0]
    with patch.object(holdings, "STEP", 100):
        for at, (edit, letters, steps) in enumerate(keys):
            kind = kinds[at % len(kinds)]
            if edit == "type":
                text += letters
            elif edit == "delete":
                text = text[: -len(letters)]
            else:
                text = ""
            assert index.rank(text, SHOWN, kind=kind) == fresh(text, SHOWN, kind), text
            # Then a search ahead while she reads: whole (None), none (0), or stopped
            # after a step or two by her next key.
            if steps != 0:
                index.look_ahead(text, kind, steps=steps)
        assert index.rank(text, None, kind=kind) == fresh(text, None, kind), text


@pytest.mark.parametrize("query", [*QUERIES, "an", "ar", "ma", "ri", "e", "son", "ch"])
@pytest.mark.parametrize("limit", [1, 5, 80])
def test_the_first_few_are_the_first_of_all(query: str, limit: int) -> None:
    # A limited search stops at the names when they are enough: the same first rows.
    assert fresh(query, limit, None) == fresh(query, None, None)[:limit]
