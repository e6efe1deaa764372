"""Finding anyone by what she remembers: which contacts match, in what order, and the
words that say why."""

from __future__ import annotations

from datetime import date

import pytest

from followup_tui.domain.finding import SEP, BookIndex, Field, Searchable, snippet, text_of
from followup_tui.domain.model import Channel, Kind, Touch
from followup_tui.domain.search import calls_matching
from followup_tui.domain.today import DueTouch

BOOK = [
    Searchable("Amy Miller", "customer", phone="+12025550199", email="amy@miller.example"),
    Searchable("Jenna Brooks", "lead", met_at="Target", facts=(("perfume", "Chanel No 5"),)),
    Searchable("Sally Jensen", "hostess", facts=(("job", "nurse"),)),
    Searchable(
        "Grace Okafor",
        "prospect",
        notes=("Said at the party that she really wants the lip balm for her sister",),
    ),
    Searchable("Dana Kim", "team", level="new-leader", phone="+12025550143"),
    Searchable("Nurse Ratched", "circle"),
    Searchable("Tara Vance", "lead", notes=("met her at target on a sunday",)),
]


def found(query: str, limit: int | None = None, kind: str | None = None) -> list[str]:
    index = BookIndex.of(BOOK)
    return [BOOK[row].name for row in index.rank(query, limit, kind=kind)]


def said(query: str) -> list[str | None]:
    index = BookIndex.of(BOOK)
    return [
        match.words if (match := index.matched(row, query)) else None for row in index.rank(query)
    ]


@pytest.mark.parametrize(
    ("query", "who", "words"),
    [
        ("jena broks", ["Jenna Brooks"], [None]),  # a name a letter or two off
        ("miller amy", ["Amy Miller"], [None]),  # the words in any order
        ("0199", ["Amy Miller"], ["phone (202) 555-0199"]),
        ("202-555-0199", ["Amy Miller"], ["phone (202) 555-0199"]),
        ("miller.example", ["Amy Miller"], ["email amy@miller.example"]),
        ("chanel", ["Jenna Brooks"], ["perfume: Chanel No 5"]),
        ("perfume", ["Jenna Brooks"], ["perfume: Chanel No 5"]),  # a fact's key: a tag
        ("lip balm", ["Grace Okafor"], ["note: …wants the lip balm for her sister"]),
        ("new-leader", ["Dana Kim"], ["kind: team · new-leader"]),
        ("hostess", ["Sally Jensen"], ["kind: hostess"]),
        ("nobody at all", [], []),
    ],
)
def test_each_field_is_found_with_the_words_that_matched(
    query: str, who: list[str], words: list[str | None]
) -> None:
    # GIVEN a small book / WHEN searched / THEN who, and why
    assert found(query) == who
    assert said(query) == words


def test_names_first_then_by_field_then_notes() -> None:
    # "nurse" is Nurse Ratched's name and Sally's job; "target" is where Jenna was met
    # and a word in Tara's note
    assert found("nurse") == ["Nurse Ratched", "Sally Jensen"]
    assert said("nurse") == [None, "job: nurse"]
    assert found("target") == ["Jenna Brooks", "Tara Vance"]
    assert said("target") == ["met at Target", "note: met her at target on a sunday"]


def test_words_may_be_in_different_fields() -> None:
    assert found("jenna chanel") == ["Jenna Brooks"]
    assert said("jenna chanel") == ["perfume: Chanel No 5"]


def test_a_number_is_never_matched_loosely_and_two_digits_are_text() -> None:
    assert found("2126") == []
    # two digits are no phone number: the numbers holding them as stored
    assert found("01") == ["Amy Miller", "Dana Kim"]
    assert said("01") == ["phone (202) 555-0199", "phone (202) 555-0143"]


def test_a_piece_of_a_field_is_found_whatever_its_case() -> None:
    # lower() would make the last sigma of "ΟΔΥΣΣΕΥΣ" final (ς); casefold() does not
    people = [Searchable("ΟΔΥΣΣΕΥΣ Παππάς", "lead"), Searchable("Anna Groß", "lead")]
    assert BookIndex.of(people).rank("ΕΥΣ") == [0]
    assert BookIndex.of(people).rank("GROSS") == [1]


def test_near_misses_only_when_nothing_holds_the_words() -> None:
    # "Tara" is held by Tara Vance's name: "Tora" alone is a near miss
    assert found("tara") == ["Tara Vance"]
    assert found("tora vance") == ["Tara Vance"]


def test_a_kind_narrows_the_search_and_an_empty_query_lists_the_kind() -> None:
    assert found("target", kind="lead") == ["Jenna Brooks", "Tara Vance"]
    assert found("nurse", kind="hostess") == ["Sally Jensen"]
    assert found("", kind="lead") == ["Jenna Brooks", "Tara Vance"]
    assert found("", limit=2) == ["Amy Miller", "Jenna Brooks"]


def test_typing_on_narrows_to_what_a_fresh_search_finds() -> None:
    # GIVEN one index typed into letter by letter, the last search kept to narrow from
    index = BookIndex.of(BOOK)
    for query in ["t", "ta", "tar", "targ", "target", "targe", "0", "01", "019", "0199", "n"]:
        # THEN each query finds what a fresh index finds
        assert index.rank(query) == BookIndex.of(BOOK).rank(query), query


def test_a_separator_stored_in_a_field_does_not_split_it() -> None:
    person = Searchable("Odd" + SEP + "\x06Name", "lead", notes=("a" + SEP + "\x03b",))
    text = text_of(person)
    assert text.count(SEP) == 6  # five fields and one note
    index = BookIndex.of([person])
    assert index.rank("odd") == [0]
    match = index.matched(0, "b")
    assert match is not None and match.field is Field.NOTE


def test_a_long_note_is_cut_around_the_word() -> None:
    text = "Loved the hand cream sample; her sister wants the lip balm and the serum too."
    assert snippet(text, ["lip"]) == "…wants the lip balm and the serum too."
    assert snippet(text, ["hand"]) == "Loved the hand cream sample; her sister…"
    assert snippet("short", ["x"]) == "short"


def test_the_desk_filter_holds_every_word_in_name_kind_or_why() -> None:
    def call(touch_id: int, name: str, kind: Kind, title: str) -> DueTouch:
        touch = Touch(
            id=touch_id,
            contact_id=touch_id,
            playbook="lead",
            step="first",
            due=date(2026, 11, 23),
            channel=Channel.CALL,
            priority=1,
        )
        return DueTouch(touch, name, kind, title)

    items = [
        call(1, "Amy Miller", Kind.CUSTOMER, "Day 1: did it arrive?"),
        call(2, "Tara Vance", Kind.LEAD, "Met a stranger: first call"),
        call(3, "Sally Jensen", Kind.HOSTESS, "Morning after the party"),
    ]
    assert [i.name for i in calls_matching(items, "party")] == ["Sally Jensen"]
    assert [i.name for i in calls_matching(items, "lead first")] == ["Tara Vance"]
    assert [i.name for i in calls_matching(items, "  ")] == [i.name for i in items]
    assert calls_matching(items, "nobody") == []
