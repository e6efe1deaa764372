"""Call scripts: Markdown under data/scripts, one file per playbook, one section per step.

A section is `## step-slug`, the words to say, then optional `Checklist:` and `Ask:`
bullet lists. Placeholders such as `{first_name}` or `{fact:perfume}` are filled in;
one with no value becomes a visible blank like `[perfume?]`, never an error.

A placeholder ending in `?`, such as `{fact:perfume?}`, is optional: the line (or the
checklist or question item) it stands in is left out when it has no value, so a fact
nobody noted never makes the consultant say something odd. Its other placeholders
still blank as usual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from followup_tui.resources import data_dir

PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^{}?]+))?(\?)?\}")
SECTION = re.compile(r"^## +(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Script:
    playbook: str
    step: str
    text: str
    checklist: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


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
        lists: dict[str, list[str]] = {"checklist:": [], "ask:": []}
        current: list[str] | None = None
        for line in body.strip().splitlines():
            stripped = line.strip()
            if stripped.lower() in lists:
                current = lists[stripped.lower()]
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


def fill(
    template: str, values: Mapping[str, str | None], facts: Mapping[str, str]
) -> tuple[str, list[str]]:
    """Every line filled in; a line whose optional placeholder has no value is left out."""
    lines: list[str] = []
    blanks: list[str] = []
    for line in template.split("\n"):
        filled = fill_line(line, values, facts)
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
) -> RenderedScript:
    """Fill the script in. Discreet: checklist items about a product category are left
    out too, since "withdrawal days" says "detox" as plainly as the product's name."""
    text, blanks = fill(script.text, values, facts)
    checklist = []
    for item in script.checklist:
        shown = _for_category(item, values.get("category"))
        if shown is None or (discreet and shown != item):
            continue
        filled = fill_line(shown, values, facts)
        if filled is not None:
            checklist.append(filled[0])
            blanks.extend(filled[1])
    questions = []
    for item in script.questions:
        filled = fill_line(item, values, facts)
        if filled is not None:
            questions.append(filled[0])
            blanks.extend(filled[1])
    return RenderedScript(text, tuple(checklist), tuple(questions), tuple(dict.fromkeys(blanks)))


CATEGORY_FILTER = re.compile(r"^\[([a-z ,]+)\]\s*")


def _for_category(item: str, category: str | None) -> str | None:
    """`[detox, nutrition] text` is shown only for those product categories."""
    match = CATEGORY_FILTER.match(item)
    if match is None:
        return item
    wanted = {c.strip() for c in match.group(1).split(",")}
    if category is not None and category not in wanted:
        return None
    return item[match.end() :]


def script_for(playbook: str, step: str) -> Script:
    """The step's script, or a plain one built from nothing when none is written yet."""
    scripts = load_scripts()
    if (playbook, step) in scripts:
        return scripts[(playbook, step)]
    if ("common", step) in scripts:
        return scripts[("common", step)]
    return Script(playbook, step, "Hello {first_name}, this is {me}. How are you?")
