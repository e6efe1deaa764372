"""Finding a contact by a few typed letters: exact pieces first, then near misses."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

FUZZY_CUTOFF = 75


class NameIndex:
    """Names prepared once, so each keystroke only compares."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.lowered = [f" {name.lower()}" for name in self.names]
        self.processed = [utils.default_process(name) for name in self.names]

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
        exact: list[tuple[int, str, int]] = []
        for index, lowered in enumerate(self.lowered):
            if all(word in lowered for word in words):
                at_start = all(start in lowered for start in starts)
                exact.append((0 if at_start else 1, lowered, index))
        exact.sort()
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
