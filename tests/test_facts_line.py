"""Facts typed on one line in the quick-add form: nothing refused, the obvious ones guessed."""

from __future__ import annotations

import pytest

from followup_tui.validation import FactsLine, guess_fact, read_facts_line


@pytest.mark.parametrize(
    ("typed", "facts", "note"),
    [
        # Keyed facts read as ever: a value runs to the next `key:`, commas and all
        (
            "perfume: Chanel No 5, kids: 2 (Emma 6, Leo 3), job: nurse",
            [("perfume", "Chanel No 5"), ("kids", "2 (Emma 6, Leo 3)"), ("job", "nurse")],
            None,
        ),
        # Words without a key: a fact where they say which, else the note
        ("nurse", [("job", "nurse")], None),
        ("2 kids", [("kids", "2")], None),
        ("2 kids (Emma 6, Leo 3)", [("kids", "2 (Emma 6, Leo 3)")], None),
        ("loves hiking", [], "loves hiking"),
        ("perfume Chanel", [], "perfume Chanel"),
        (
            "nurse, 2 kids, loves hiking, perfume: Dior",
            [("job", "nurse"), ("kids", "2"), ("perfume", "Dior")],
            "loves hiking",
        ),
        ("likes red, has a dog", [], "likes red, has a dog"),
        ("kids:", [], "kids:"),
        ("", [], None),
        ("  ,  , ", [], None),
    ],
)
def test_nothing_typed_is_refused(typed: str, facts: list[tuple[str, str]], note: str) -> None:
    line = read_facts_line(typed)
    assert list(line.facts) == facts
    assert line.note == note


@pytest.mark.parametrize(
    ("words", "fact"),
    [
        ("nurse", ("job", "nurse")),
        ("Nurse", ("job", "Nurse")),
        ("a retired teacher", ("job", "retired teacher")),
        ("works as an accountant", ("job", "accountant")),
        ("ER nurse", ("job", "ER nurse")),
        ("2 kids", ("kids", "2")),
        ("1 kid", ("kids", "1")),
        ("three children", ("kids", "3")),
        ("has 2 kids (Emma 6)", ("kids", "2 (Emma 6)")),
        ("no kids", ("kids", "none")),
        # Not said plainly enough: hers to key, kept as a note
        ("2 kids and a dog", None),
        ("nurse who loves the beach", None),
        ("loves nurses", None),
        ("Chanel No 5", None),
    ],
)
def test_guessed_facts(words: str, fact: tuple[str, str] | None) -> None:
    assert guess_fact(words) == fact


def test_the_note_joins_what_named_no_fact() -> None:
    assert FactsLine(loose=("loves hiking", "has a dog")).note == "loves hiking, has a dog"
