"""Text that people typed or imported, made safe to draw on the terminal."""

from __future__ import annotations

# Textual strips only a few control codes: an ESC in a pasted note would reach the
# terminal and be obeyed (clear the screen, move the cursor). Each control character
# is drawn as its Unicode picture instead (ESC as ␛); line breaks and tabs stay.
_PICTURES = {code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})


def shown(text: str, limit: int | None = None) -> str:
    """`text` as it can be drawn; past `limit` characters, cut with a count of the rest
    (a 100 KB note drawn whole took the card 1.5 s)."""
    rest = 0
    if limit is not None and len(text) > limit:
        text, rest = text[:limit], len(text) - limit
    drawn = text.translate(_PICTURES)
    return f"{drawn}… (+{rest:,} characters)" if rest else drawn
