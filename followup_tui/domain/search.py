"""Finding a contact by a few typed letters: exact pieces first, then near misses."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

FUZZY_CUTOFF = 75
PHONE_TYPED = re.compile(r"[\d\s()+./\-]+")
PHONE_MIN_DIGITS = 3
"""Fewer digits than this match too many numbers to be a search for one."""


def phone_digits(typed: str) -> str | None:
    """The digits to look for in stored numbers when `typed` is (part of) a phone number.

    "202-555-0102", "(202) 555 0102" and "+1 202.555.0102" all look for 2025550102 inside
    +12025550102. A leading 0 is a national trunk prefix that the stored international
    form drops ("020 7946 0958" is +44 20 7946 0958). None when it is not a number.
    """
    typed = typed.strip()
    if not PHONE_TYPED.fullmatch(typed):
        return None
    digits = re.sub(r"\D", "", typed).lstrip("0")
    return digits if len(digits) >= PHONE_MIN_DIGITS else None


class NameIndex:
    """Names prepared once, so each keystroke only compares."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.lowered = [f" {name.lower()}" for name in self.names]
        self.processed = [utils.default_process(name) for name in self.names]
        # The last query and every name holding all its words: typing on narrows
        # those instead of reading all the names again (100,000 names: 30 ms a key).
        self._last: tuple[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.names)

    def rank(self, query: str, limit: int = 200) -> list[int]:
        """Indexes into the names, best match first.

        Names holding every typed word come first (at the start of a word before
        the middle of one), then typo-tolerant matches ("Jena Broks" finds Jenna Brooks).
        """
        words = query.lower().split()
        if not words:
            return list(range(min(limit, len(self.names))))
        starts = [f" {word}" for word in words]
        typed = " ".join(words)
        names = self.lowered
        holding: Sequence[int] = range(len(names))
        if self._last is not None and typed.startswith(self._last[0]):
            holding = self._last[1]
        for word in words:
            holding = [i for i in holding if word in names[i]]
        self._last = (typed, list(holding))
        exact = sorted(
            (0 if all(start in names[i] for start in starts) else 1, names[i], i) for i in holding
        )
        found = [index for _, _, index in exact[:limit]]
        if len(found) < limit:
            seen = set(found)
            fuzzy = process.extract(
                utils.default_process(query),
                self.processed,
                scorer=fuzz.QRatio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
                limit=limit,
            )
            found += [index for _, _, index in fuzzy if index not in seen][: limit - len(found)]
        return found
