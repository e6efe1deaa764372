"""Finding one person twice: the same phone, else the same email, else a very similar
name whose own phone and email do not differ. Pure: plain values in, a Match out.

The import plans every row of a file against the book and the rows above it; a
`followup add` checks one person against the few rows SQL found for her.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

SIMILAR_NAME = 90
"""rapidfuzz token_sort_ratio at or above which two names are one person's (Jon / John)."""


class Known(NamedTuple):
    """A contact already in the book, as duplicate detection needs it (a tuple: a big
    book has 100,000 of them)."""

    id: int
    name: str
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class Match:
    contact_id: int | None
    slot: int
    name: str
    why: str

    @property
    def label(self) -> str:
        return f"#{self.contact_id} {self.name}" if self.contact_id else f"{self.name} above"


# What a contact holds to tell her from another of a like name, as bits: a similar name
# is never the same person when both have a phone (or both an email) and they differ.
PHONE, EMAIL = 1, 2


def _held(phone: str | None, email: str | None) -> int:
    return (PHONE if phone else 0) | (EMAIL if email else 0)


SEEN_BY = tuple(tuple(row for row in range(4) if row & held == 0) for held in range(4))
"""For a contact holding `held`, the rows (by what they hold) that may be her whatever
her details are: those holding none of what she holds. The others need her very phone
or email, and find her through those instead."""


class _Group:
    """The slots under one name key that a row holding one thing may be, in slot order,
    with their names as compared (`_compared`)."""

    __slots__ = ("slots", "names", "sorted")

    def __init__(self) -> None:
        self.slots: list[int] = []
        self.names: list[str] = []
        self.sorted = True
        """Every name's words are sorted already: ratio answers as token_sort_ratio."""


# rapidfuzz splits words at the whitespace Python does, but for these two.
_UNSPLIT = ("\x85", "\xa0")


def _compared(name: str) -> tuple[str, bool]:
    """`name` folded, its words sorted as token_sort_ratio sorts them when that is sure
    (True), else as it is (False). Sorted once here, rapidfuzz compares with plain
    ratio: 2.5x faster, and the same scores (token_sort_ratio is ratio of the sorted)."""
    folded = name.casefold()
    if _UNSPLIT[0] in folded or _UNSPLIT[1] in folded:
        return folded, False
    return " ".join(sorted(folded.split())), True


class Index:
    """Phones, emails and name keys of every contact, to find one person twice.

    Name keys are kept apart by what each contact holds, so a row is only compared with
    the names it could be: a file of 100,000 people with their own phones and emails
    is not compared with every like-named row above it (that was 43 s of 66).
    """

    def __init__(self, known: Iterable[Known], wanted: Collection[str] | None = None) -> None:
        """`wanted`: the name keys that will be asked about (an import's rows'); the
        book's other keys are not kept, as no row could share them."""
        self.people: list[tuple[int | None, str, str | None, str | None]] = []
        self.by_phone: dict[str, list[int]] = {}
        """Phone -> every slot with it, in slot order."""
        self.cased_phones: dict[str, list[int]] = {}
        """Casefolded phone -> the slots whose phone has letters in another case."""
        self.by_email: dict[str, list[int]] = {}
        """Casefolded email -> every slot with it, in slot order."""
        self.by_key: dict[str, tuple[_Group, _Group, _Group, _Group]] = {}
        """Name key -> its slots a row may be, by what the row holds (0, PHONE, EMAIL, both)."""
        self.wanted = wanted
        kept_of: dict[str, list[str]] = {}  # a book repeats names: each one's keys once
        for contact in known:
            name = contact.name
            kept = kept_of.get(name)
            if kept is None:
                kept = kept_of[name] = self._kept(name)
            self._put(contact, kept)

    def add(self, name: str, phone: str | None, email: str | None) -> int:
        """A row planned as added: later rows may be this person again."""
        return self._put((None, name, phone, email), self._kept(name))

    def _kept(self, name: str) -> list[str]:
        wanted = self.wanted
        return [key for key in name_keys(name) if wanted is None or key in wanted]

    def _put(self, person: tuple[int | None, str, str | None, str | None], kept: list[str]) -> int:
        slot = len(self.people)
        self.people.append(person)
        _, name, phone, email = person
        if phone:
            self.by_phone.setdefault(phone, []).append(slot)
            if phone != (folded_phone := phone.casefold()):
                self.cased_phones.setdefault(folded_phone, []).append(slot)
        if email:
            self.by_email.setdefault(email.casefold(), []).append(slot)
        if kept:
            compared, is_sorted = _compared(name)
            seen_by = SEEN_BY[_held(phone, email)]
            for key in kept:
                groups = self.by_key.get(key)
                if groups is None:
                    groups = self.by_key[key] = (_Group(), _Group(), _Group(), _Group())
                for row in seen_by:
                    group = groups[row]
                    group.slots.append(slot)
                    group.names.append(compared)
                    group.sorted = group.sorted and is_sorted
        return slot

    def match(self, name: str, phone: str | None, email: str | None) -> Match | None:
        if phone and phone in self.by_phone:
            return self._match(self.by_phone[phone][0], "same phone")
        if email and email.casefold() in self.by_email:
            return self._match(self.by_email[email.casefold()][0], "same email")
        return self._similar_name(name, phone, email)

    def _match(self, slot: int, why: str) -> Match:
        contact_id, name, _, _ = self.people[slot]
        return Match(contact_id, slot, name, why)

    def _candidates(
        self, name: str, phone: str | None, email: str | None
    ) -> tuple[Sequence[int], Sequence[str], bool]:
        """The slots sharing a name key with `name` whose phone and email do not differ
        from hers, in slot order, with their names as compared, and whether all of
        those are sorted."""
        keys = [key for key in name_keys(name) if key in self.by_key]
        held = _held(phone, email)
        groups = [group for key in keys if (group := self.by_key[key][held]).slots]
        # The rare others: a like name with her very phone or email (in another case).
        same: list[int] = []
        if phone:  # a phone equal to hers but for case: as typed, or with letters
            same += self.by_phone.get(phone.casefold(), ())
            same += self.cased_phones.get(phone.casefold(), ())
        if email:
            same += self.by_email.get(email.casefold(), ())
        extra = {
            slot
            for slot in same
            if not _conflict(phone, self.people[slot][2])
            and not _conflict(email, self.people[slot][3])
            and not name_keys(self.people[slot][1]).isdisjoint(keys)
        }
        if len(groups) == 1 and not extra:  # most rows: one key shared, its lists ready
            return groups[0].slots, groups[0].names, groups[0].sorted
        slots = sorted({slot for group in groups for slot in group.slots} | extra)
        return slots, [_compared(self.people[slot][1])[0] for slot in slots], False

    def _similar_name(self, name: str, phone: str | None, email: str | None) -> Match | None:
        from rapidfuzz import fuzz, process

        # Only names sharing a key (a word and the others' initials: "smith|j" for both
        # Jon and John Smith) are compared, in rapidfuzz's C loop.
        slots, names, all_sorted = self._candidates(name, phone, email)
        if not slots:
            return None
        query, is_sorted = _compared(name)
        scorer = fuzz.ratio if all_sorted and is_sorted else fuzz.token_sort_ratio
        # Every candidate may be her (the groups and the check in _candidates saw to
        # it), so the best score wins, the first in the book on a tie: extractOne stops
        # at a perfect score and raises its cutoff as it goes (a 100,000-row list of
        # names alone: every row scored against the like names above it).
        best = process.extractOne(query, names, scorer=scorer, score_cutoff=SIMILAR_NAME)
        if best is None:
            return None
        _, score, position = best
        slot = slots[position]
        _, _, their_phone, their_email = self.people[slot]
        assert not _conflict(phone, their_phone) and not _conflict(email, their_email)
        return self._match(slot, "same name" if score == 100 else "similar name")


def find_match(
    known: Sequence[Known], name: str, phone: str | None = None, email: str | None = None
) -> Match | None:
    """The contact of `known` one new person would duplicate, by the import's rule: the
    same phone, else the same email, else a very similar name (unless their own numbers
    or addresses differ); None when she is new. `phone` as normalise_phone stores it."""
    return Index(known).match(name, phone, email)


def _conflict(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.casefold() != b.casefold())


WORD = re.compile(r"\w+")


def name_keys(name: str) -> set[str]:
    """Each word with the initials of the others: "John Smith" -> john|s, smith|j."""
    words = WORD.findall(name.casefold())
    if len(words) == 2:  # most names: no sorting, no joining
        first, last = words
        pairs = ((first, last), (last, first))
        return {f"{word}|{other[0]}" for word, other in pairs if len(word) >= 2}
    initials = [w[0] for w in words]
    keys = set()
    for index, word in enumerate(words):
        if len(word) >= 2:
            others = sorted(initials[:index] + initials[index + 1 :])
            keys.add(word + "|" + "".join(others))
    return keys
