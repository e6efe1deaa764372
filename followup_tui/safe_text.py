"""Text that people typed or imported, made safe to draw on the terminal: the one rule.

Stdlib only, so the CLI, the services and the widgets all use it without Textual.

A terminal obeys what it is sent: an ESC in a shared CSV's fact would set the window
title, clear the screen or draw fake text; a C1 control (0x9B is CSI on its own) does
the same on terminals that read 8-bit controls; a bidi override (U+202E) turns
"exe.txt" into "txt.exe" on one that reorders. Textual and Rich strip only a few of
these (bell, backspace, CR), so each is drawn as a picture here instead: C0 controls as
their Unicode pictures (ESC as ␛), DEL as ␡, C1 controls and bidi overrides, embeddings
and isolates as �. Line breaks and tabs stay. The left-to-right and right-to-left marks
(U+200E, U+200F) and the Arabic letter mark (U+061C) stay too: they only steer the
neutral characters next to them, cannot reverse a run of letters, and real Hebrew and
Arabic names hold them.
"""

from __future__ import annotations

import re

REPLACEMENT = 0xFFFD

BIDI_CONTROLS = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A)})
"""Embeddings and overrides (U+202A-202E), isolates (U+2066-2069)."""

_PICTURES: dict[int, int] = {
    code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)
}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({code: REPLACEMENT for code in range(0x80, 0xA0)})
_PICTURES.update({code: REPLACEMENT for code in BIDI_CONTROLS})

CONTROLS = frozenset(_PICTURES) | {0x09, 0x0A}
"""Every character a name may not hold: the drawn ones, and line breaks and tabs."""


def shown(text: str, limit: int | None = None) -> str:
    """`text` as it can be drawn; past `limit` characters, cut with a count of the rest
    (a 100 KB note drawn whole took the card 1.5 s)."""
    rest = 0
    if limit is not None and len(text) > limit:
        text, rest = text[:limit], len(text) - limit
    drawn = text.translate(_PICTURES)
    return f"{drawn}… (+{rest:,} characters)" if rest else drawn


def shown_line(text: str) -> str:
    """`text` drawn on one line: line breaks and tabs as spaces too (a status line, an
    error on stderr, a table cell)."""
    return shown(text).replace("\n", " ").replace("\t", " ")


def has_controls(text: str) -> bool:
    """Whether `text` holds a character a terminal would obey, a line break or a tab."""
    return any(ord(ch) in CONTROLS for ch in text)


_DRAWN = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_PICTURES)) + "]")
"""Any character `shown` draws as a picture: one regex pass, not a Python loop a
character (the 22 million characters of `contacts --json` took some 3 s that way)."""


def escaped(text: str) -> str:
    """`text` with every control character as a `\\uXXXX` escape: for JSON written with
    ensure_ascii off, whose own escaping covers C0 controls only."""
    return _DRAWN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
