"""Scripts for a book whose owner has not said her name (she left it for later on the
first start): what she says leaves her name out ("Hi Maria!") rather than reading
"Hi Maria, it's [me?]!" on every call until she opens the settings.

The script is filled with UNNAMED where her name goes, then `without_my_name` takes
out the words around it. Any use of it these rules do not know stays a visible blank.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_tui.domain.scripts import RenderedScript

UNNAMED = "\ue000"
"""Stands in for her name while a script is filled: a private-use character, never typed."""

BLANK = "[me?]"
"""What a use of her name the rules below do not know becomes: the scripts' own blank."""

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "It's Alex, please call me back." -> "Please call me back."
    (re.compile(rf"\bIt's {UNNAMED}, (\w)"), r"\1"),
    # "Hi Maria, it's Alex!" / "this is Alex" / "my name is Alex" -> "Hi Maria!"
    (re.compile(rf",? (?:it's|this is|my name is) {UNNAMED}", re.IGNORECASE), ""),
    # A signature at the end of a line: "Warmly, Alex" / "Shout if you need anything. Alex"
    (re.compile(rf"\s*(?:Warmly,\s*)?{UNNAMED}\s*$", re.MULTILINE), ""),
)


def without_my_name(script: RenderedScript) -> RenderedScript:
    """`script`, filled with UNNAMED for her name, with the words naming her left out."""

    def cleaned(text: str) -> str:
        for pattern, replacement in _RULES:
            text = pattern.sub(partial(_capitalised, replacement), text)
        return text.replace(UNNAMED, BLANK)

    text = cleaned(script.text)
    checklist = tuple(cleaned(item) for item in script.checklist)
    questions = tuple(cleaned(item) for item in script.questions)
    blank = any(BLANK in words for words in (text, *checklist, *questions))
    blanks = script.blanks + (("me",) if blank and "me" not in script.blanks else ())
    return replace(script, text=text, checklist=checklist, questions=questions, blanks=blanks)


def _capitalised(replacement: str, match: re.Match[str]) -> str:
    words = match.expand(replacement)
    return words[:1].upper() + words[1:]
