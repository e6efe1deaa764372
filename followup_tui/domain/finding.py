"""Finding anyone by what she remembers: a name (a letter or two off forgiven), a phone
number's digits, an email, where they met, her kind, a fact, a note.

Which contacts match, in what order, and the words that say why ("met at Target",
"perfume: Chanel No 5") are decided here, once, for the contacts screen and
`followup contacts --search` alike; the services read the text, the screens show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from followup_tui.domain.holdings import Holdings
from followup_tui.domain.phones import phone_shown
from followup_tui.domain.search import CHUNK, NameIndex, all_in, first_in, phone_digits, typed_words

SNIPPET = 40
"""The most characters of a note or a long fact shown as the words that matched."""


class Field(Enum):
    """Where in a contact the typed words were found, in the order results are ranked
    after her name: a number or an email says who more surely than a note that
    mentions a word. Each value tags the field in the contact's text."""

    NAME = "\x01"
    PHONE = "\x02"
    EMAIL = "\x03"
    MET = "\x04"
    KIND = "\x05"
    FACT = "\x06"
    NOTE = "\x07"


SEP = "\x1f"
"""Before every field of a contact's text, followed by the field's tag: no typed word
holds it, so no word is found across two fields."""
FIXED = [Field.NAME.value, Field.PHONE.value, Field.EMAIL.value, Field.MET.value, Field.KIND.value]
"""Fields every text has, empty or not; then a field for each fact and note."""
TAGS = {field.value: field for field in Field}
LAST = 8
"""Where a contact ranks whose longest word is in her name alone (another word elsewhere)."""


class Searchable(NamedTuple):
    """What a search reads of one contact."""

    name: str
    kind: str
    """Her kind's slug; a team member's level is `level`."""
    level: str | None = None
    phone: str | None = None
    email: str | None = None
    met_at: str | None = None
    facts: Sequence[tuple[str, str]] = ()
    notes: Sequence[str] = ()
    """Her notes, and the notes logged with outcomes."""


def text_of(person: Searchable) -> str:
    """A contact's text as the index reads it: each field after SEP and its tag, name,
    phone as stored, email, where met, kind (with a team member's level), each fact ("key: value"),
    each note. services.contact_views builds the same text in SQL; a test holds the two
    equal. A SEP stored in a field would split it: it becomes a space."""
    fixed = (
        person.name,
        person.phone or "",
        person.email or "",
        person.met_at or "",
        f"{person.kind} · {person.level}" if person.level else person.kind,
    )
    parts = [*zip(FIXED, fixed, strict=True)]
    parts += [(Field.FACT.value, f"{key}: {value}") for key, value in person.facts]
    parts += [(Field.NOTE.value, note) for note in person.notes]
    return "".join(f"{SEP}{tag}{text.replace(SEP, ' ')}" for tag, text in parts)


@dataclass(frozen=True, slots=True)
class Match:
    """Why a contact was found beyond her name: the field, and the words to show."""

    field: Field
    words: str
    """ "met at Target", "perfume: Chanel No 5", "note: …wants the lip balm…". """


class BookIndex:
    """Every contact's searchable text prepared once (text_of, lower case), so a
    keystroke only compares strings.

    A contact matches when every typed word is somewhere in her text, or (a number
    typed) when its digits are in her phone number. Order: those whose name holds every
    word (a word's start before the middle of one), then those whose number holds the
    digits, then by the first field holding the longest word (phone, email, where met,
    kind, facts, notes); within each, the book's order. Only when nothing matches come
    names a letter or two off, closest first (never for a number).
    """

    def __init__(
        self,
        names: Sequence[str],
        kinds: Sequence[str],
        phones: Sequence[str | None],
        texts: Iterable[str],
        region: str = "US",
        *,
        originals: Callable[[Sequence[int]], Sequence[str]] | None = None,
    ) -> None:
        """Row for row: each contact's name, kind slug, phone as stored, and text_of;
        `region` is hers, for a matched number shown as she dials it. `originals`: reads
        the texts of some rows again (for the words shown), so that only the folded texts
        are held; without it the texts are kept. `texts` is read first, whole, before
        the other three (a reader may fill those as it goes)."""
        self.region = region
        # casefold, not lower: a letter at a time, so a piece of a field folds to a piece of
        # the folded field (lower() makes a Greek sigma final by its place in the word).
        if originals is None:
            kept = list(texts)
            self.lowered = [text.casefold() for text in kept]
            self._originals: Callable[[Sequence[int]], Sequence[str]] = lambda rows: [
                kept[row] for row in rows
            ]
        else:
            self.lowered = [text.casefold() for text in texts]
            self._originals = originals
        # One string per kind, not one per contact (100,000 contacts: 6 MB less).
        slugs: dict[str, str] = {}
        self.kinds = [slugs.setdefault(kind, kind) for kind in kinds]
        self.digits = [_digits(phone) for phone in phones]
        # A number matched is shown from its digits ("+" and them, as stored): only those
        # stored otherwise are kept as stored (few), so a match by number reads no text.
        self._odd_phones = {
            row: phone
            for row, phone in enumerate(phones)
            if phone and not (phone[0] == "+" and phone[1:].isdigit())
        }
        self.names = NameIndex(names)
        self._of_kind: dict[str, list[int]] = {}
        # The searches before and what they found: typing on narrows those instead of
        # reading every contact again (a word typed on matches fewer, never more).
        self._holdings = Holdings(self.lowered)
        self._last_digits: tuple[str | None, str, list[int]] | None = None

    @classmethod
    def of(cls, people: Sequence[Searchable]) -> BookIndex:
        return cls(
            [p.name for p in people],
            [p.kind for p in people],
            [p.phone for p in people],
            [text_of(p) for p in people],
        )

    def __len__(self) -> int:
        return len(self.lowered)

    def texts_of(self, rows: Sequence[int]) -> Sequence[str]:
        """The texts of these rows as stored (text_of), in their order."""
        return self._originals(rows)

    def rows(self, kind: str | None = None) -> Sequence[int]:
        """Every contact (of a kind), in the book's order."""
        if kind is None:
            return range(len(self.lowered))
        if kind not in self._of_kind:
            self._of_kind[kind] = [i for i, k in enumerate(self.kinds) if k == kind]
        return self._of_kind[kind]

    def rank(self, query: str, limit: int | None = None, *, kind: str | None = None) -> list[int]:
        """Indexes into the contacts, best match first, at most `limit`."""
        words = typed_words(query)
        every = self.rows(kind)
        if not words:
            return list(every[:limit])
        names = self.names.lowered
        starts = [f" {word}" for word in words]
        named: list[int] | None = None
        if limit is not None:
            # A letter or two typed: enough names start with them to fill the list, and
            # nothing else would come before those, so the rest of the book is not read.
            narrowed = self._narrowed(words, kind, every)
            first = first_in(names, narrowed, starts, limit)
            if len(first) == limit:
                return first
            # Else (`first` is then every name with the starts) enough names holding the
            # words elsewhere, next in rank, fill it: still no text read.
            named = first_in(names, narrowed, words, limit)
            if len(named) == limit:
                taken = set(first)
                return first + [i for i in named if i not in taken][: limit - len(first)]
            # Else `named` is every name holding the words (all read, fewer than limit).
        holding = self._holding(words, kind, every)
        digits = phone_digits(query)
        dialled = self._dialled(digits, kind, every) if digits else []
        if not holding and not dialled:
            if digits:
                return []  # a number is never matched loosely by name
            near = self.names.near(query, None)
            if kind is not None:
                near = [i for i in near if self.kinds[i] == kind]
            return near[:limit]
        if named is None:
            named = all_in(names, holding, words)
        found = all_in(names, named, starts)
        if len(named) > len(found):
            first_set = set(found)
            found += [i for i in named if i not in first_set]
        taken = set(named)
        found += [i for i in dialled if i not in taken]
        if limit is not None and len(found) >= limit:
            return found[:limit]
        taken.update(dialled)
        wanted = None if limit is None else limit - len(found)
        return found + self._by_field(holding, taken, max(words, key=len), wanted)

    def _narrowed(self, words: list[str], kind: str | None, every: Sequence[int]) -> Sequence[int]:
        """The rows a search for fewer letters kept, when this one can only find fewer
        (a word typed on); else every row."""
        return self._holdings.narrowed(words, kind, every)

    def _holding(self, words: list[str], kind: str | None, every: Sequence[int]) -> list[int]:
        return self._holdings.holding(words, kind, every)

    def give_way(self) -> None:
        """A key is coming: a search ahead (`look_ahead`) stops where it is."""
        self._holdings.give_way()

    def look_ahead(
        self, query: str, kind: str | None = None, pause: float = 0.0, steps: int | None = None
    ) -> None:
        """Find which texts hold the words typed, ahead of the next key (which then
        looks only through those), a step at a time until `give_way`: `rank` with a
        limit stops at the names when they are enough, and the next key would read
        every text. `steps`: at most that many steps (None: until done)."""
        words = typed_words(query)
        if words:
            self._holdings.ahead(words, kind, self.rows(kind), pause, steps)

    def _dialled(self, digits: str, kind: str | None, every: Sequence[int]) -> list[int]:
        rows: Sequence[int] = every
        last = self._last_digits
        if last is not None and last[0] == kind and last[1] in digits:
            rows = last[2]
        phones = self.digits
        found = [i for i in rows if digits in phones[i]]
        self._last_digits = (kind, digits, found)
        return found

    def _by_field(
        self, rows: list[int], taken: set[int], word: str, wanted: int | None
    ) -> list[int]:
        """`rows` but those `taken`, by the first field after the name that holds `word`
        (those holding it in the name alone, for another word elsewhere, last), each
        field in book order; at most `wanted`. Read a chunk at a time: when the best
        field alone has enough, the rest is not read."""
        texts = self.lowered
        best = ord(Field.PHONE.value)
        fields: dict[int, list[int]] = {}
        for start in range(0, len(rows), CHUNK):
            chunk = [i for i in rows[start : start + CHUNK] if i not in taken]
            # The word's first place after the name, and the tag of the field it is in:
            # the character after the last SEP before it. String methods only, no calls.
            tags = [
                ord(t[t.rfind(SEP, 0, hit) + 1])
                if (hit := (t := texts[i]).find(word, t.index(SEP, 1))) >= 0
                else LAST
                for i in chunk
            ]
            for tag, row in zip(tags, chunk, strict=True):
                fields.setdefault(tag, []).append(row)
            if wanted is not None and len(fields.get(best, ())) >= wanted:
                return fields[best][:wanted]
        ranked = [row for tag in sorted(fields) for row in fields[tag]]
        return ranked if wanted is None else ranked[:wanted]

    def matches(self, rows: Sequence[int], query: str) -> list[Match | None]:
        """The words that say why each of `rows` was found; None when it was her name.
        The texts as stored are read for the rows found by another field alone."""
        words = typed_words(query)
        digits = phone_digits(query)
        names = self.names.lowered
        beyond = [row for row in rows if words and not all(w in names[row] for w in words)]
        dialled = {row for row in beyond if digits and digits in self.digits[row]}
        others = [row for row in beyond if row not in dialled]
        texts = dict(zip(others, self.texts_of(others), strict=True))
        return [
            self._number_match(row)
            if row in dialled
            else self._match(row, texts[row], words)
            if row in texts
            else None
            for row in rows
        ]

    def _number_match(self, row: int) -> Match:
        stored = self._odd_phones.get(row, f"+{self.digits[row]}")
        return Match(Field.PHONE, f"phone {phone_shown(stored, self.region)}")

    def matched(self, row: int, query: str) -> Match | None:
        return self.matches([row], query)[0]

    def _match(self, row: int, text: str, words: list[str]) -> Match | None:
        parts = text.split(SEP)[2:]
        best: tuple[int, Field, str] | None = None
        # Folded here, not taken from the index: the text is read again from the book,
        # which may hold a note or a fact more since the index was made.
        for part, lowered in zip(parts, text.casefold().split(SEP)[2:], strict=True):
            if len(lowered) > 1:
                held = sum(1 for word in words if word in lowered)
                if held and (best is None or held > best[0]):
                    best = (held, TAGS[part[0]], part[1:])
        if best is None:
            return None  # a name a letter or two off
        _, field, found = best
        if field is Field.PHONE:
            found = phone_shown(found, self.region)
        return Match(field, _words(field, found, words))


def _digits(phone: str | None) -> str:
    if not phone:
        return ""
    if phone[0] == "+" and phone[1:].isdigit():  # as stored: +E.164
        return phone[1:]
    return re.sub(r"\D", "", phone)


def _words(field: Field, text: str, words: list[str]) -> str:
    if field is Field.PHONE:
        return f"phone {text}"
    if field is Field.EMAIL:
        return f"email {text}"
    if field is Field.KIND:
        return f"kind: {text}"
    if field is Field.MET:
        place = re.sub(r"^(met )?at ", "", text.strip(), flags=re.IGNORECASE)
        return f"met at {snippet(place, words)}"
    if field is Field.FACT:
        key, _, value = text.partition(": ")
        return f"{key}: {snippet(value, words)}"
    return f"note: {snippet(text, words)}"


def snippet(text: str, words: Sequence[str], width: int = SNIPPET) -> str:
    """`text` whole when short, else about `width` characters around the first typed
    word it holds, cut at spaces: "…wants the lip balm for…"."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    lowered = text.lower()
    at = min((p for p in (lowered.find(w) for w in words) if p >= 0), default=0)
    if len(lowered) != len(text):
        at = 0  # a letter whose lower case is longer: positions differ, show the start
    start = 0 if at < width // 3 else text.rfind(" ", 0, at - width // 4) + 1
    end = start + width
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > at else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
