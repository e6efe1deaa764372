"""Words as a person says them on the phone: a list of products, a name said the second
time, and the pronoun for someone whose pronouns she noted (her name when she did not).

Pure helpers for the call scripts (domain/scripts.py) and the messages filled from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

PRONOUN_FACTS = ("pronouns", "pronoun")
"""The facts that say how someone is spoken of: "she/her", "he/him", "they", "he"."""

PRONOUNS: dict[str, tuple[str, str, str]] = {
    "she": ("she", "her", "her"),
    "her": ("she", "her", "her"),
    "he": ("he", "him", "his"),
    "him": ("he", "him", "his"),
    "they": ("they", "them", "their"),
    "them": ("they", "them", "their"),
}
"""A pronoun fact's first word -> (subject, object, possessive)."""

ARTICLES = ("the ", "a ", "an ", "your ", "my ", "our ")


def spoken_list(items: Iterable[str]) -> str:
    """Items as a sentence says them: "a", "a and b", "a, b and c" (no Oxford comma).
    Repeats are said once."""
    said = list(dict.fromkeys(item for item in items if item))
    if len(said) <= 1:
        return "".join(said)
    return f"{', '.join(said[:-1])} and {said[-1]}"


def spoken_product(name: str) -> str:
    """A catalogue name as she would say it: "the Dish Soap Refill". A name that carries
    its variant after a comma ("Plant Protein Shake, Vanilla") puts it first ("the Vanilla
    Plant Protein Shake"), so a list of products never reads as a list inside a list."""
    name = " ".join(name.split())
    if ", " in name:
        base, variant = name.split(", ", 1)
        name = f"{variant} {base}"
    if name.lower().startswith(ARTICLES):
        return name
    return f"the {name}"


def spoken_products(names: Iterable[str]) -> str:
    """Products as one says them: "the Serum and the Cleaning Concentrate"."""
    return spoken_list(spoken_product(name) for name in names)


def pronoun_words(facts: Mapping[str, str], first_name: str) -> dict[str, str]:
    """The words a script uses for the person it is about: {they}, {them}, {their} (and
    {They}, {Their} to start a sentence), from a pronoun fact; her first name when she
    noted none, since "she" is a guess the book has no ground for."""
    noted = next(
        (value for key, value in facts.items() if key.strip().lower() in PRONOUN_FACTS and value),
        "",
    )
    first = re.split(r"[\s/,]+", noted.strip().lower(), maxsplit=1)[0] if noted else ""
    if first in PRONOUNS:
        subject, obj, possessive = PRONOUNS[first]
    else:
        possessive = f"{first_name}'s"
        subject, obj = first_name, first_name
    return {
        "they": subject,
        "They": subject[:1].upper() + subject[1:],
        "them": obj,
        "their": possessive,
        "Their": possessive[:1].upper() + possessive[1:],
    }


def first_names_after_first(lines: Sequence[str], full_names: Iterable[str]) -> list[str]:
    """The lines with each full name said in full once, then by its first name:
    "Sally Jensen gave me your number ... Sally has been enjoying ..."."""
    out = list(lines)
    for full in dict.fromkeys(n.strip() for n in full_names if n and " " in n.strip()):
        pattern = re.compile(rf"\b{re.escape(full)}\b")
        first = full.split()[0]
        for i, line in enumerate(out):
            match = pattern.search(line)
            if match is not None:
                out[i] = line[: match.end()] + pattern.sub(first, line[match.end() :])
                out[i + 1 :] = [pattern.sub(first, later) for later in out[i + 1 :]]
                break
    return out
