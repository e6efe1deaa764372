"""Finding one person twice, fast, finds what comparing every like-named contact finds.

The index keeps each name key's contacts apart by what they hold (phone, email) and
keeps only the keys an import's rows have; these tests hold its answers equal to the
plain rule, row after row as an import adds them, on books and files made to collide.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from followup_tui.transfer.matching import SIMILAR_NAME, Index, Known, Match, _compared, name_keys

Person = tuple[str, str | None, str | None]


def plain_match(
    people: list[tuple[int | None, str, str | None, str | None]], person: Person
) -> Match | None:
    """The rule as written: same phone, else same email (any case), else the most
    similar name sharing a key whose phone and email do not differ, first in the book."""
    name, phone, email = person

    def found(slot: int, why: str) -> Match:
        return Match(people[slot][0], slot, people[slot][1], why)

    for slot, (_, _, their_phone, _) in enumerate(people):
        if phone and their_phone == phone:
            return found(slot, "same phone")
    for slot, (_, _, _, their_email) in enumerate(people):
        if email and their_email and their_email.casefold() == email.casefold():
            return found(slot, "same email")
    keys = name_keys(name)
    scored = []
    for slot, (_, their_name, their_phone, their_email) in enumerate(people):
        if keys.isdisjoint(name_keys(their_name)):
            continue
        if phone and their_phone and phone.casefold() != their_phone.casefold():
            continue
        if email and their_email and email.casefold() != their_email.casefold():
            continue
        score = fuzz.token_sort_ratio(name.casefold(), their_name.casefold())
        if score >= SIMILAR_NAME:
            scored.append((-score, slot))
    if not scored:
        return None
    score, slot = min(scored)
    return found(slot, "same name" if score == -100 else "similar name")


names = st.builds(
    lambda first, last, extra: f"{first} {last}{extra}",
    st.sampled_from(["Ann", "Anne", "ann", "Jon", "John", "Maria", "Marie", "Li"]),
    st.sampled_from(["Lee", "Leigh", "Garcia", "García", "Smith", "Smyth"]),
    st.sampled_from(["", "", " Jr", " B", "2", "\xa0B", " \x85x"]),  # rapidfuzz keeps these two
)
phones = st.sampled_from([None, None, "", "+12125550101", "+12125550102", "+1 EXT a", "+1 ext A"])
emails = st.sampled_from(
    [None, None, "ann@example.com", "ANN@example.com", "jo@example.com", "x@y.z"]
)
people = st.tuples(names, phones, emails)


@settings(max_examples=300, deadline=None)
@given(book=st.lists(people, max_size=25), rows=st.lists(people, min_size=1, max_size=25))
def test_the_index_finds_what_comparing_every_like_name_finds(
    book: list[Person], rows: list[Person]
) -> None:
    # GIVEN a book, and an import's rows, each added when it matches no one
    known = [Known(n, name, phone, email) for n, (name, phone, email) in enumerate(book, 1)]
    wanted = {key for name, _, _ in rows for key in name_keys(name)}
    index = Index(known, wanted)
    plain: list[tuple[int | None, str, str | None, str | None]] = list(known)
    for name, phone, email in rows:
        # WHEN each row is matched
        match = index.match(name, phone, email)
        # THEN the same contact, for the same reason, as the rule as written
        assert match == plain_match(plain, (name, phone, email))
        if match is None:
            index.add(name, phone, email)
            plain.append((None, name, phone, email))


def test_a_like_name_with_her_very_email_in_another_case_is_still_her() -> None:
    # GIVEN Ann with an email, and a row with a phone and Ann's email in capitals
    index = Index([Known(1, "Ann Lee", "+12125550101", "ann@example.com")])
    # WHEN a like-named row comes with another phone but her address in another case
    match = index.match("Anne Lee", None, "ANN@EXAMPLE.COM")
    # THEN it is her, by the email
    assert match is not None and (match.contact_id, match.why) == (1, "same email")


def test_two_like_names_with_their_own_phones_are_two_people() -> None:
    index = Index([Known(1, "Jon Smith", "+12125550101", None)])
    assert index.match("John Smith", "+12125550102", None) is None
    assert index.match("John Smith", None, "john@example.com") == Match(
        1, 0, "Jon Smith", "similar name"
    )


words = st.text(alphabet="abAé \t\n\x0b\x1c\x85\xa0\u2000\u3000\u200b", max_size=12)


@settings(max_examples=500, deadline=None)
@given(a=words, b=words)
def test_names_sorted_once_score_as_token_sort_ratio_scores_them(a: str, b: str) -> None:
    # GIVEN two names as the index keeps them (words sorted, where that is sure)
    (sorted_a, a_sorted), (sorted_b, b_sorted) = _compared(a), _compared(b)
    expected = fuzz.token_sort_ratio(a.casefold(), b.casefold())
    # THEN plain ratio of the sorted gives token_sort_ratio, and token_sort_ratio is
    # unchanged by the sorting, whatever the whitespace
    if a_sorted and b_sorted:
        assert fuzz.ratio(sorted_a, sorted_b) == expected
    assert fuzz.token_sort_ratio(sorted_a, sorted_b) == expected
