"""Categories and groups from other programs, read as our kinds where they say one."""

from __future__ import annotations

import re

from followup_tui.domain.model import Kind, Level
from followup_tui.transfer.records import FoundContact

SYNONYMS: dict[str, Kind] = {
    "client": Kind.CUSTOMER,
    "buyer": Kind.CUSTOMER,
    "host": Kind.HOSTESS,
    "friend": Kind.CIRCLE,
    "family": Kind.CIRCLE,
    "circleofinfluence": Kind.CIRCLE,
    "downline": Kind.TEAM,
    "teammember": Kind.TEAM,
    "referralpartner": Kind.REFERRAL_PARTNER,
}
KINDS = {re.sub(r"\W+", "", kind.value): kind for kind in Kind}
LEVELS = {re.sub(r"\W+", "", level.value): level for level in Level}
NOISE = {"mycontacts", "starred", "imported", "friendsfamily", ""}
"""Groups a phone adds on its own: they say nothing about her contact."""


def kind_named(word: str) -> Kind | None:
    key = re.sub(r"\W+", "", word.casefold())
    for candidate in (key, key[:-1] if key.endswith("s") else key, key.removesuffix("es")):
        if candidate in KINDS:
            return KINDS[candidate]
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    return None


def level_named(word: str) -> Level | None:
    return LEVELS.get(re.sub(r"\W+", "", word.casefold()))


def apply_categories(found: FoundContact, words: list[str]) -> None:
    """The first word naming a kind sets it (a level implies team); the rest are tags."""
    for raw in words:
        word = raw.strip().lstrip("*").strip()
        if re.sub(r"\W+", "", word.casefold()) in NOISE:
            continue
        level = level_named(word)
        kind = kind_named(word)
        if level is not None and found.level is None:
            found.level = level.value
            found.kind = found.kind or Kind.TEAM.value
        elif kind is not None and found.kind is None:
            found.kind = kind.value
        elif word not in found.tags:
            found.tags.append(word)
