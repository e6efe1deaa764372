"""Bytes from a file into text, the way real exports are encoded."""

from __future__ import annotations

from followup_tui.errors import InputError

MAX_CELL_MB = 16
MAX_CELL = MAX_CELL_MB * 1024 * 1024
"""The longest cell or vCard property an import reads, in characters. Python's csv stops
at 128 KB, which our own export passes with 70 notes on one contact (joined into one
cell); 16 MB is some 16,000 notes on one contact, and well inside a file's limit."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""A spreadsheet runs a cell that starts with one of these (OWASP CSV injection)."""
_STARTS_CODES = [ord(start) for start in FORMULA_STARTS]
_STARTS_SQL = f"({', '.join(map(str, _STARTS_CODES))})"


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; or InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, "utf-16", name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode(data, "cp1252", name)
    if "\x00" in text:
        raise InputError(f"{name} is not a text file")
    return text


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name} is not text in UTF-8 or Windows-1252 (unreadable byte on line {line})"
        ) from None


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a leading quote before a formula.

    A cell that already starts with a quote and a formula character gets one more, so
    `restore` gives back exactly what was there.
    """
    if cell.lstrip("'")[:1] in FORMULA_STARTS and cell.lstrip("'"):
        return "'" + cell
    return cell


def neutralised_sql(column: str) -> str:
    """SQL for `neutralise(column)`, '' for NULL: SQLite looks at the first character in
    C (a Python call a cell was a third of a 100,000-contact CSV export). A CASE on
    unicode() computes it once (an IN list and a second look were ~20% slower)."""
    # '''' is SQL for one quote. A blob of a hand-edited book gets none: Python wrote it
    # as b'...', never neutralised.
    quoted = f"CASE typeof({column}) WHEN 'text' THEN '''' || {column} ELSE {column} END"
    formula = " ".join(f"WHEN {code} THEN {quoted}" for code in _STARTS_CODES)
    return (
        f"CASE unicode({column}) {formula} WHEN 39 THEN"
        f" CASE WHEN unicode(ltrim({column}, '''')) IN {_STARTS_SQL} THEN {quoted}"
        f" ELSE {column} END ELSE ifnull({column}, '') END"
    )


def restore(cell: str) -> str:
    """The cell as it was before `neutralise`."""
    rest = cell[1:].lstrip("'")
    if cell[:1] == "'" and rest and rest[:1] in FORMULA_STARTS:
        return cell[1:]
    return cell
