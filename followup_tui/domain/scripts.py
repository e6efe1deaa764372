"""Call scripts: Markdown under data/scripts, one file per playbook, one section per step.

A section is `## step-slug`, the words to say, then optional `Checklist:` and `Ask:`
bullet lists, and for a step sent as a text or an email a `Text:` block: the short
message she sends from her phone. Placeholders such as `{first_name}` or `{fact:perfume}`
are filled in; one with no value becomes a visible blank like `[perfume?]`, never an error.

A placeholder ending in `?`, such as `{fact:perfume?}`, is optional: the line (or the
checklist or question item) it stands in is left out when it has no value, so a fact
nobody noted never makes the consultant say something odd. Its other placeholders
still blank as usual.

Any line or item may start with conditions in brackets: `[ordered] Your order is in.`
is said only when an order is on record. Words inside one bracket are alternatives
(`[detox, nutrition]`), `not` turns one round (`[not ordered]`), and several brackets
must all hold (`[ordered] [on-its-way]`). The words are CONDITIONS and the product
categories; a line whose conditions do not hold is dropped, so no script says
"If she ordered: ...".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from followup_tui.domain.model import Category
from followup_tui.domain.speech import first_names_after_first, pronoun_words
from followup_tui.resources import data_dir

PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)(?::([^{}?]+))?(\?)?\}")
SECTION = re.compile(r"^## +(\S+)\s*$", re.MULTILINE)
CONDITION = re.compile(r"^\[([a-z0-9 ,-]+)\]\s*")

CONDITIONS: dict[str, str] = {
    "ordered": "an order is on record for this call",
    "backordered": "part of that order is still on backorder",
    "delivered": "its delivery is logged",
    "on-its-way": "not delivered yet, and its estimated delivery is still ahead",
    "wants-to-book": "a guest who asked to book a party",
    "wants-info": "a guest who asked about the business",
    "referred": "someone referred her",
    "party": "she came to (or hosts) a party this call is about",
}
"""The words a script's `[condition]` may use, besides the product categories."""
CATEGORIES = frozenset(c.value for c in Category)
KNOWN_CONDITIONS = frozenset(CONDITIONS) | CATEGORIES


@dataclass(frozen=True)
class Script:
    playbook: str
    step: str
    text: str
    checklist: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    message: str = ""
    """The short text (or email) she sends from her phone, for a step sent that way."""


@dataclass(frozen=True)
class RenderedScript:
    text: str
    checklist: tuple[str, ...]
    questions: tuple[str, ...]
    blanks: tuple[str, ...]
    """Placeholders that had no value: what the consultant fills in herself."""


def parse_scripts(playbook: str, markdown: str) -> dict[str, Script]:
    scripts: dict[str, Script] = {}
    parts = SECTION.split(markdown)
    # split() gives [preamble, slug, body, slug, body, ...]
    for slug, body in zip(parts[1::2], parts[2::2], strict=True):
        text: list[str] = []
        message: list[str] = []
        lists: dict[str, list[str]] = {"checklist:": [], "ask:": []}
        current: list[str] | None = None
        for line in body.strip().splitlines():
            stripped = line.strip()
            if stripped.lower() in lists:
                current = lists[stripped.lower()]
            elif stripped.lower() == "text:":
                current = message
            elif current is message:
                message.append(stripped)
            elif current is not None and stripped.startswith(("- ", "* ")):
                current.append(stripped[2:].strip())
            elif current is None:
                text.append(line.rstrip())
        scripts[slug] = Script(
            playbook=playbook,
            step=slug,
            text="\n".join(text).strip(),
            checklist=tuple(lists["checklist:"]),
            questions=tuple(lists["ask:"]),
            message="\n".join(message).strip(),
        )
    return scripts


@cache
def load_scripts(folder: Path | None = None) -> dict[tuple[str, str], Script]:
    folder = folder or data_dir() / "scripts"
    found: dict[tuple[str, str], Script] = {}
    for path in sorted(folder.glob("*.md")):
        for slug, script in parse_scripts(path.stem, path.read_text(encoding="utf-8")).items():
            found[(path.stem, slug)] = script
    return found


def conditions_of(line: str) -> tuple[list[list[str]], str]:
    """A line's bracketed conditions (each a list of alternatives) and the words after."""
    groups: list[list[str]] = []
    while match := CONDITION.match(line):
        groups.append([" ".join(alt.split()) for alt in match.group(1).split(",")])
        line = line[match.end() :]
    return groups, line


def applies(line: str, holding: Collection[str], *, discreet: bool = False) -> str | None:
    """The line's words when its conditions hold, else None. Discreet: a line about a
    product category is left out too, since "withdrawal days" says "detox" as plainly as
    the product's name."""
    groups, words = conditions_of(line)
    for alternatives in groups:
        if discreet and any(alt.removeprefix("not ") in CATEGORIES for alt in alternatives):
            return None
        if not any(_holds(alt, holding) for alt in alternatives):
            return None
    return words


def _holds(condition: str, holding: Collection[str]) -> bool:
    if condition.startswith("not "):
        return condition[4:] not in holding
    return condition in holding


def fill(
    template: str,
    values: Mapping[str, str | None],
    facts: Mapping[str, str],
    holding: Collection[str] = (),
    *,
    discreet: bool = False,
) -> tuple[str, list[str]]:
    """Every line that applies, filled in; a line whose optional placeholder has no value
    is left out."""
    lines: list[str] = []
    blanks: list[str] = []
    for line in template.split("\n"):
        shown = applies(line, holding, discreet=discreet)
        filled = fill_line(shown, values, facts) if shown is not None else None
        if filled is not None:
            lines.append(filled[0])
            blanks.extend(filled[1])
    return "\n".join(lines), blanks


def fill_line(
    line: str, values: Mapping[str, str | None], facts: Mapping[str, str]
) -> tuple[str, list[str]] | None:
    """One line filled in, with its blanks; None when an optional value is missing."""
    if any(
        match.group(3) and not _lookup(match, values, facts)[0]
        for match in PLACEHOLDER.finditer(line)
    ):
        return None
    blanks: list[str] = []

    def replace(match: re.Match[str]) -> str:
        value, label = _lookup(match, values, facts)
        if value:
            return value
        blanks.append(label)
        return f"[{label}?]"

    return PLACEHOLDER.sub(replace, line), blanks


def _lookup(
    match: re.Match[str], values: Mapping[str, str | None], facts: Mapping[str, str]
) -> tuple[str | None, str]:
    """A placeholder's value, and the words for it when it is blank."""
    name, arg = match.group(1), match.group(2)
    if name == "fact" and arg:
        return facts.get(arg.strip().lower()), arg.strip()
    return values.get(name), name.replace("_", " ")


def render(
    script: Script,
    values: Mapping[str, str | None],
    facts: Mapping[str, str],
    *,
    discreet: bool = False,
    conditions: Iterable[str] = (),
    full_names: Iterable[str] = (),
) -> RenderedScript:
    """Fill the script in: the lines whose conditions hold (the given ones and the
    category in `values`), each of `full_names` said in full once, then by first name."""
    values = _with_pronouns(values, facts)
    holding = _holding(values, conditions)
    text, blanks = fill(script.text, values, facts, holding, discreet=discreet)
    items: list[list[str]] = []
    for source in (script.checklist, script.questions):
        kept: list[str] = []
        for item in source:
            shown = applies(item, holding, discreet=discreet)
            filled = fill_line(shown, values, facts) if shown is not None else None
            if filled is not None:
                kept.append(filled[0])
                blanks.extend(filled[1])
        items.append(kept)
    lines = text.split("\n") if text else []
    said = first_names_after_first([*lines, *items[0], *items[1]], full_names)
    checklist_end = len(lines) + len(items[0])
    return RenderedScript(
        "\n".join(said[: len(lines)]),
        tuple(said[len(lines) : checklist_end]),
        tuple(said[checklist_end:]),
        tuple(dict.fromkeys(blanks)),
    )


def render_message(
    script: Script,
    values: Mapping[str, str | None],
    facts: Mapping[str, str],
    *,
    discreet: bool = False,
    conditions: Iterable[str] = (),
    full_names: Iterable[str] = (),
) -> str | None:
    """The step's short message filled in, one paragraph per blank line; None when the
    step has none. Lines are joined into sentences, and a line with any value missing is
    left out (a blank is for her eyes, never for a message she sends)."""
    if not script.message:
        return None
    values = _with_pronouns(values, facts)
    holding = _holding(values, conditions)
    paragraphs: list[list[str]] = [[]]
    for line in script.message.split("\n"):
        if not line.strip():
            paragraphs.append([])
            continue
        shown = applies(line, holding, discreet=discreet)
        filled = fill_line(shown, values, facts) if shown is not None else None
        if filled is not None and not filled[1]:
            paragraphs[-1].append(filled[0])
    said = [" ".join(p) for p in paragraphs if p]
    return "\n\n".join(first_names_after_first(said, full_names)) or None


def _with_pronouns(
    values: Mapping[str, str | None], facts: Mapping[str, str]
) -> Mapping[str, str | None]:
    """`values` with {they}, {them}, {their} from the facts, unless given already (the
    service gives them from the facts before discreet mode masks them)."""
    first_name = values.get("first_name")
    if "they" in values or not first_name:
        return values
    return {**pronoun_words(facts, first_name), **values}


def _holding(values: Mapping[str, str | None], conditions: Iterable[str]) -> frozenset[str]:
    category = values.get("category")
    return frozenset(conditions) | ({category} if category else set())


def placeholders(template: str) -> set[str]:
    """The value names a template uses (facts as `fact:`): what a test checks can be
    filled."""
    return {
        "fact:" if match.group(1) == "fact" else match.group(1)
        for match in PLACEHOLDER.finditer(template)
    }


def script_for(playbook: str, step: str) -> Script:
    """The step's script, or a plain one built from nothing when none is written yet."""
    scripts = load_scripts()
    if (playbook, step) in scripts:
        return scripts[(playbook, step)]
    if ("common", step) in scripts:
        return scripts[("common", step)]
    return Script(playbook, step, "Hello {first_name}, this is {me}. How are you?")
