"""Finding a contact by a few typed letters: exact pieces first, then near misses.

rapidfuzz (~50 ms to import) is imported by the first typo-tolerant search, not here:
the desk's filter and the command line's other commands do not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_tui.domain.today import DueTouch

FUZZY_CUTOFF = 75
NEAR_LENGTHS = (0.6, 5 / 3)
"""A name this many times as long as the query, or shorter or longer, is never within
FUZZY_CUTOFF of it (QRatio: 100 less the letters added and taken out, over both lengths):
those are not compared."""
PHONE_TYPED = re.compile(r"[\d\s()+./\-]+")
PHONE_MIN_DIGITS = 3
"""Fewer digits than this match too many numbers to be a search for one."""
NATIONAL_MIN_DIGITS = 7
"""As many digits as a number without its area code: a leading 0 is then a trunk prefix."""
CONTROL = re.compile(r"[\x00-\x1f]")


def phone_digits(typed: str) -> str | None:
    """The digits to look for in stored numbers when `typed` is (part of) a phone number.

    "202-555-0102", "(202) 555 0102" and "+1 202.555.0102" all look for 2025550102 inside
    +12025550102. A whole number's leading 0 is a national trunk prefix that the stored
    international form drops ("020 7946 0958" is +44 20 7946 0958); in a few digits it is
    one of them ("0199" is the end of 202-555-0199). None when it is not a number.
    """
    typed = typed.strip()
    if not PHONE_TYPED.fullmatch(typed):
        return None
    digits = re.sub(r"\D", "", typed)
    if len(digits) >= NATIONAL_MIN_DIGITS:
        digits = digits.lstrip("0")
    return digits if len(digits.lstrip("0")) >= PHONE_MIN_DIGITS else None


def typed_words(query: str) -> list[str]:
    """The words of a query as every search compares them: case folded, in any order."""
    return CONTROL.sub(" ", query).casefold().split()


def all_in(texts: Sequence[str], rows: Sequence[int], words: Sequence[str]) -> list[int]:
    """The rows whose text holds every word (a word at a time: one quick loop each)."""
    for word in words:
        rows = [i for i in rows if word in texts[i]]
    return list(rows)


CHUNK = 4096
"""Rows looked through at a time where the first few found may be enough."""


def first_in(
    texts: Sequence[str], rows: Sequence[int], words: Sequence[str], limit: int
) -> list[int]:
    """The first `limit` rows whose text holds every word, read a chunk at a time: a
    letter or two typed finds enough in the first few thousand."""
    found: list[int] = []
    for at in range(0, len(rows), CHUNK):
        found += all_in(texts, rows[at : at + CHUNK], words)
        if len(found) >= limit:
            return found[:limit]
    return found


def calls_matching(items: Sequence[DueTouch], query: str) -> list[DueTouch]:
    """Today's calls whose contact's name, kind or why (the touch's title) holds every
    typed word: the desk's `/` filter."""
    words = typed_words(query)
    if not words:
        return list(items)
    texts = [f"{item.name} {item.kind.value} {item.title}".lower() for item in items]
    return [items[i] for i in all_in(texts, range(len(items)), words)]


class NameIndex:
    """Names prepared once, so each keystroke only compares."""

    def __init__(self, names: Sequence[str]) -> None:
        # Folded only: the names as typed are not kept (100,000 names: 6 MB less).
        self.lowered = [f" {name.casefold()}" for name in names]
        self._processed: list[str] | None = None
        self._by_length: dict[int, list[int]] = {}
        # The last query and every name holding all its words: typing on narrows
        # those instead of reading all the names again (100,000 names: 30 ms a key).
        self._last: tuple[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.lowered)

    def rank(self, query: str, limit: int = 200) -> list[int]:
        """Indexes into the names, best match first.

        Names holding every typed word come first (at the start of a word before
        the middle of one), then typo-tolerant matches ("Jena Broks" finds Jenna Brooks).
        """
        words = typed_words(query)
        if not words:
            return list(range(min(limit, len(self.lowered))))
        starts = [f" {word}" for word in words]
        typed = " ".join(words)
        names = self.lowered
        holding: Sequence[int] = range(len(names))
        if self._last is not None and typed.startswith(self._last[0]):
            holding = self._last[1]
        holding = all_in(names, holding, words)
        self._last = (typed, holding)
        exact = sorted(
            (0 if all(start in names[i] for start in starts) else 1, names[i], i) for i in holding
        )
        found = [index for _, _, index in exact[:limit]]
        if len(found) < limit:
            seen = set(found)
            near = self.near(query, limit)
            found += [index for index in near if index not in seen][: limit - len(found)]
        return found

    def prepare(self) -> list[str]:
        """The names as typo-tolerant matching compares them, made once (100,000 names:
        ~40 ms, in a worker before the first search rather than at the first typo)."""
        from rapidfuzz import utils

        if self._processed is None:
            # Made aside and then set: two searches in two threads may both make them.
            processed = [utils.default_process(name) for name in self.lowered]
            by_length: dict[int, list[int]] = {}
            for i, name in enumerate(processed):
                by_length.setdefault(len(name), []).append(i)
            self._by_length, self._processed = by_length, processed
        return self._processed

    def near(self, query: str, limit: int | None) -> list[int]:
        """Names a letter or two off what was typed, closest first ("Jena Broks" finds
        Jenna Brooks). Only names of a length that could come close are compared."""
        from rapidfuzz import fuzz, process, utils

        processed = self.prepare()
        typed = utils.default_process(query)
        shortest, longest = (len(typed) * ratio for ratio in NEAR_LENGTHS)
        rows = [
            i
            for length, same in self._by_length.items()
            if shortest - 1e-9 <= length <= longest + 1e-9
            for i in same
        ]
        found = process.extract(
            typed,
            [processed[i] for i in rows],
            scorer=fuzz.QRatio,
            processor=None,
            score_cutoff=FUZZY_CUTOFF,
            limit=None,
        )
        # Closest first; of two as close, the first in the book.
        best = sorted((-score, rows[at]) for _, score, at in found)
        return [row for _, row in best][:limit]
