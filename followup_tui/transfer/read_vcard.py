"""vCard files as phones export them: many cards, 2.1 to 4.0, several phones and emails."""

from __future__ import annotations

import re
from typing import Any

from followup_tui.errors import InputError
from followup_tui.transfer.kinds import apply_categories
from followup_tui.transfer.records import Found, FoundContact, Unreadable
from followup_tui.transfer.text import MAX_CELL, MAX_CELL_MB

# Our own export writes what vCard has no property for as X-FOLLOWUP-* properties.
OURS = "x-followup-"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Only CR and LF end a line: str.splitlines would also break at U+2028 in a note."""


def read_vcard(data: bytes, name: str) -> list[Found]:
    from followup_tui.transfer.text import decode

    text = decode(data, name)
    cards = list(_cards(text))
    if not cards:
        raise InputError(f"{name} holds no vCard (no BEGIN:VCARD line)")
    found: list[Found] = []
    for number, (line, card) in enumerate(cards, start=1):
        where = f"card {number} (line {line})"
        if card is None:
            found.append(Unreadable(where, "the card has no END:VCARD: the file is cut short?"))
            continue
        found.append(_read_card(where, card))
    return found


def _cards(text: str) -> list[tuple[int, str | None]]:
    """(line of BEGIN, the card's text) for each card; None for a card never ended."""
    cards: list[tuple[int, str | None]] = []
    start: int | None = None
    lines: list[str] = []
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if start is not None:
                cards.append((start, None))
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if word == "END:VCARD":
                cards.append((start, "\r\n".join(lines) + "\r\n"))
                start = None
    if start is not None:
        cards.append((start, None))
    return cards


def _read_card(where: str, card: str) -> Found:
    import vobject

    try:
        component: Any = vobject.readOne(_prepared(card), allowQP=True)
        contents: dict[str, list[Any]] = component.contents
        found = FoundContact(where)
        for prop, items in contents.items():
            for item in items:
                _take(found, prop.lower(), item)
    except _TooLong:
        return Unreadable(
            where, f"the card has a value larger than the {MAX_CELL_MB} MB an import takes"
        )
    except Exception as exc:  # vobject raises many kinds; any of them means this card
        return Unreadable(where, f"the card cannot be read ({_short(exc)})")
    if not found.name:
        found.name = _name_from_parts(contents)
    found.phones.sort(key=lambda pair: not any(w in pair[0] for w in ("pref", "cell")))
    found.emails.sort(key=lambda pair: "pref" not in pair[0])
    return found


SKIPPED = ("PHOTO", "LOGO", "SOUND", "KEY")
"""Binary properties we never keep: a damaged one must not cost the contact."""
TEXT_21 = ("FN", "NOTE", "TITLE", "ROLE")
"""vCard 2.1 does not escape commas; vobject would cut these values at the first one."""


def _prepared(card: str) -> str:
    lines: list[str] = []
    skipping = False
    version_21 = re.search(r"^VERSION:\s*2\.1\s*$", card, re.IGNORECASE | re.MULTILINE)
    for line in _unfolded(card):
        if len(line) > MAX_CELL:
            raise _TooLong
        if skipping and (line[:1] in (" ", "\t") or not line.strip()):
            continue
        name = re.split(r"[;:]", line, maxsplit=1)[0].split(".")[-1].upper()
        skipping = name in SKIPPED
        if skipping:
            continue
        if version_21 and name in TEXT_21 and ":" in line:
            head, value = line.split(":", 1)
            line = head + ":" + re.sub(r"(?<!\\),", r"\,", value)
        lines.append(line)
    return "\r\n".join(lines)


def _unfolded(card: str) -> list[str]:
    """The card's lines with folded ones joined (a line starting with a space or tab
    continues the one before), and a quoted-printable value's soft line breaks (a line
    ending in "=") removed. vobject joins both by copying the line so far at every line:
    a 2 MB note took 0.6 s, 15 MB took 45. Joined here, each value is one line, measured
    whole against the import's limit, and vobject reads it in one go."""
    logical: list[list[str]] = []
    quoted = False  # the property being read is quoted-printable
    for line in LINE_BREAK.split(card):
        if quoted and logical[-1][-1].endswith("="):
            # A soft break: "=" then the line's end are not part of the value.
            logical[-1][-1] = logical[-1][-1][:-1]
            logical[-1].append(line)
        elif line[:1] in (" ", "\t") and logical:
            logical[-1].append(line[1:])
        else:
            logical.append([line])
            quoted = _quoted_printable(line)
    return ["".join(parts) for parts in logical]


def _quoted_printable(line: str) -> bool:
    """The property's parameters say its value is quoted-printable: ";ENCODING=QUOTED-
    PRINTABLE" or vCard 2.1's bare ";QUOTED-PRINTABLE" (the value's words do not count)."""
    head = line.split(":", 1)[0].casefold()
    return any(
        param.strip() in ("encoding=quoted-printable", "quoted-printable")
        for param in head.split(";")[1:]
    )


class _TooLong(Exception):
    """A property longer than an import reads."""


def _take(found: FoundContact, prop: str, item: Any) -> None:
    value = item.value
    if prop == "fn":
        found.name = _text(value)
    elif prop == "tel":
        found.phones.append((_label(item, "phone"), _text(value)))
    elif prop == "email":
        found.emails.append((_label(item, "email"), _text(value)))
    elif prop == "note":
        if _text(value):
            found.notes.append(_text(value).strip())
    elif prop == "bday":
        found.facts.append(("birthday", _text(value)))
    elif prop == "categories":
        words = value if isinstance(value, list) else str(value).split(",")
        apply_categories(found, [_text(w) for w in words])
    elif prop == "org":
        company = "; ".join(_text(v) for v in (value if isinstance(value, list) else [value]))
        found.facts.append(("company", company.strip("; ")))
    elif prop == "title":
        found.facts.append(("job", _text(value)))
    elif prop == "nickname":
        found.facts.append(("nickname", _text(value)))
    elif prop == "adr":
        found.facts.append(("address", _address(value)))
    elif prop == "url":
        found.facts.append(("website", _text(value)))
    elif prop.startswith(OURS):
        _take_ours(found, prop.removeprefix(OURS), _text(value))
    found.facts = [(k, v) for k, v in found.facts if v.strip()]


def _take_ours(found: FoundContact, prop: str, value: str) -> None:
    if prop == "fact" and "=" in value:
        key, fact = value.split("=", 1)
        found.facts.append((key.strip(), fact))
    elif prop == "kind":
        found.kind = value
    elif prop == "level":
        found.level = value
    elif prop == "met-at":
        found.met_at = value
    elif prop == "met-on":
        found.met_on = value
    elif prop == "discreet":
        found.discreet = value.strip().lower() == "yes"
    elif prop == "do-not-contact":
        found.do_not_contact = value.strip().lower() == "yes"


def _label(item: Any, fallback: str) -> str:
    # vCard 4.0 may quote a list: TYPE="cell,voice".
    kinds = [w.lower() for t in item.params.get("TYPE", []) for w in t.split(",") if w]
    # vCard 2.1 writes types as bare parameters: TEL;CELL;PREF:...
    kinds += [p.lower() for p in getattr(item, "singletonparams", [])]
    if item.params.get("PREF"):
        kinds.append("pref")
    words = [k for k in kinds if k not in ("voice", "internet", "x400")]
    return " ".join(dict.fromkeys(words)) or fallback


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if _text(v))
    return str(value).strip() if value is not None else ""


def _address(value: Any) -> str:
    parts = [
        getattr(value, field, "")
        for field in ("box", "extended", "street", "city", "region", "code", "country")
    ]
    return ", ".join(p if isinstance(p, str) else " ".join(p) for p in parts if p)


def _name_from_parts(contents: dict[str, list[Any]]) -> str:
    if "n" in contents:
        n = contents["n"][0].value
        words = [getattr(n, f, "") for f in ("prefix", "given", "additional", "family", "suffix")]
        name = " ".join(w if isinstance(w, str) else " ".join(w) for w in words if w)
        if name.strip():
            return " ".join(name.split())
    if "org" in contents:
        return _text(contents["org"][0].value)
    return ""


def _short(exc: Exception) -> str:
    words = " ".join(str(exc).split())
    return re.sub(r"\s+", " ", words)[:80] or type(exc).__name__
