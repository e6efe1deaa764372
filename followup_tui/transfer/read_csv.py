"""CSV as people really have it: any column order, lenient headers, `,` `;` or tab.

Columns we know fill the contact's fields; every other column becomes a fact, so nothing
in her spreadsheet is lost.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from followup_tui.errors import InputError
from followup_tui.transfer.kinds import apply_categories, level_named
from followup_tui.transfer.records import Found, FoundContact, Unreadable
from followup_tui.transfer.text import MAX_CELL, MAX_CELL_MB, restore

MAX_FACT_KEY = 80

# Headers are compared with case, spaces and punctuation removed: "E-mail Address",
# "email_address" and "EmailAddress" are one header.
NAME = {"name", "fullname", "displayname", "contactname", "contact", "fn"}
FIRST = {"firstname", "givenname", "first", "forename", "fname", "christianname"}
MIDDLE = {"middlename", "additionalname", "middle", "middlenames"}
LAST = {"lastname", "surname", "familyname", "last", "lname"}
NOTES = {"notes", "note", "comments", "comment", "remarks", "memo"}
KIND = {
    "kind",
    "type",
    "contacttype",
    "category",
    "categories",
    "group",
    "groups",
    "groupmembership",
    "labels",
    "tags",
}
LEVEL = {"teamlevel", "level", "rank"}
MET_AT = {"metat", "wheremet", "wherewemet", "howmet", "howwemet", "source", "leadsource"}
MET_ON = {"meton", "datemet", "metdate", "firstmet", "firstcontact", "dateadded"}
DISCREET = {"discreet"}
DO_NOT_CONTACT = {"donotcontact", "dnc", "optout"}
IGNORED = {"id"}
"""Our own export's id column: an id only means something in the database it came from."""

PHONE = re.compile(
    r"(?:(?P<where>home|work|business|mobile|cell|primary|other|main)?"
    r"(?:phone|tel|telephone|mobile|cell)(?:number|no)?(?P<n>\d*)(?:value)?"
    r"|(?:mobile|cell)(?:phone)?(?:number)?)"
)
EMAIL = re.compile(
    r"(?P<where>home|work|business|primary|other)?e?mail(?:address)?(?P<n>\d*)(?:value)?"
)
LABEL = re.compile(r"(?P<what>phone|email|mail)(?P<n>\d+)(?:type|label)")
"""Google's "Phone 1 - Type" names what "Phone 1 - Value" holds."""


FACT_MARK = " (fact)"
"""Our export marks a fact whose name would read back as a known column."""


def reads_as_fact(key: str) -> bool:
    """Whether a column headed `key` is read back as a fact."""
    return _role(squash(key)) == "fact"


def squash(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    role: str
    """name, first, middle, last, phone, email, notes, kind, level, met_at, met_on,
    discreet, do_not_contact, label, ignored or fact."""
    key: str = ""
    """The fact's key, a phone's or email's label, or the pair a label column names."""


def read_csv(data: bytes, name: str) -> list[Found]:
    """Every row of a CSV file, as found; InputError when the file is no CSV at all."""
    from followup_tui.transfer.text import decode

    text = decode(data, name)
    delimiter = _delimiter(text)
    rows = _records(text, delimiter, name)
    # Blank lines before the header are skipped, as a spreadsheet would.
    header_line, header = next(
        ((line, cells) for line, cells in rows if any(c.strip() for c in cells)), (0, [])
    )
    if not header:
        raise InputError(f"{name} is empty")
    columns = map_columns(header)
    if not any(c.role in ("name", "first", "last") for c in columns):
        raise InputError(
            f"{name} has no name column (line {header_line}): "
            "the first line should name the columns, e.g. First Name, Last Name, Phone"
        )
    found: list[Found] = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        where = f"line {line}"
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            found.append(
                Unreadable(
                    where,
                    f"{len(cells)} fields where the header has {len(header)}: "
                    "a missing quote or separator?",
                )
            )
            continue
        found.append(_contact(where, columns, cells))
    return found


def _records(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells): a quoted field may run over several lines."""
    # A process-wide setting; every CSV read here sets it, so each read has the same bound.
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(
                f"{name} cannot be read as CSV: the row at line {line} has a cell larger "
                f"than the {MAX_CELL_MB} MB an import takes"
            ) from None
        raise InputError(f"{name} cannot be read as CSV at line {reader.line_num}: {exc}") from None


def _delimiter(text: str) -> str:
    # The header line decides: it holds one separator between every pair of names.
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: _outside_quotes(first).count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _outside_quotes(line: str) -> str:
    return re.sub(r'"[^"]*"', "", line)


def map_columns(header: list[str]) -> list[Column]:
    columns: list[Column] = []
    seen_keys: set[str] = set()
    for index, raw in enumerate(header):
        title = " ".join(restore(raw.strip()).split())
        key = squash(title)
        role = _role(key)
        if title.endswith(FACT_MARK):
            title, role = title.removesuffix(FACT_MARK), "fact"
        if role == "fact":
            fact_key = _fact_key(title, index, seen_keys)
            seen_keys.add(fact_key)
            columns.append(Column(index, title, "fact", fact_key))
        elif role == "label":
            match = LABEL.fullmatch(key)
            assert match is not None
            what = "email" if match["what"] in ("email", "mail") else "phone"
            columns.append(Column(index, title, "label", f"{what}{match['n']}"))
        elif role in ("phone", "email"):
            columns.append(Column(index, title, role, _pair(role, key)))
        else:
            columns.append(Column(index, title, role))
    return columns


def _role(key: str) -> str:
    for role, names in (
        ("name", NAME),
        ("first", FIRST),
        ("middle", MIDDLE),
        ("last", LAST),
        ("notes", NOTES),
        ("kind", KIND),
        ("level", LEVEL),
        ("met_at", MET_AT),
        ("met_on", MET_ON),
        ("discreet", DISCREET),
        ("do_not_contact", DO_NOT_CONTACT),
        ("ignored", IGNORED),
    ):
        if key in names:
            return role
    if LABEL.fullmatch(key):
        return "label"
    if EMAIL.fullmatch(key):
        return "email"
    if PHONE.fullmatch(key):
        return "phone"
    return "fact"


def _pair(role: str, key: str) -> str:
    """The label column that names this phone or email ("phone1"), if numbered."""
    match = (EMAIL if role == "email" else PHONE).fullmatch(key)
    number = match["n"] if match and match["n"] else ""
    return f"{role}{number}" if number else ""


def _fact_key(title: str, index: int, seen: set[str]) -> str:
    # A fact's key never holds "=": vCard export writes facts as key=value.
    key = " ".join(title.replace("=", " ").split()).lower()[:MAX_FACT_KEY] or f"column {index + 1}"
    base, n = key, 2
    while key in seen:
        key, n = f"{base} {n}", n + 1
    return key


def _contact(where: str, columns: list[Column], cells: list[str]) -> FoundContact:
    found = FoundContact(where)
    parts: dict[str, str] = {}
    labels = {
        c.key: cells[c.index].strip().lower()
        for c in columns
        if c.role == "label" and c.index < len(cells)
    }
    for column in columns:
        if column.index >= len(cells):
            continue
        value = restore(cells[column.index].strip())
        if not value:
            continue
        role = column.role
        if role in ("name", "first", "middle", "last"):
            parts[role] = value
        elif role in ("phone", "email"):
            label = labels.get(column.key) or column.header.lower()
            # Google writes two numbers under one label as "a ::: b".
            for one in re.split(r"\s*:::\s*", value):
                if one:
                    (found.phones if role == "phone" else found.emails).append((label, one))
        elif role == "notes":
            found.notes.append(value)
        elif role == "kind":
            apply_categories(found, re.split(r"\s*(?:,|;|:::|\|)\s*", value))
        elif role == "level":
            # "New Leader" in a back office's Rank column is our new-leader.
            level = level_named(value)
            found.level = level.value if level else value
        elif role == "met_at":
            found.met_at = value
        elif role == "met_on":
            found.met_on = value
        elif role == "discreet":
            found.discreet = _yes(value)
        elif role == "do_not_contact":
            found.do_not_contact = _yes(value)
        elif role == "fact":
            found.facts.append((column.key, value))
    found.name = parts.get("name") or " ".join(
        parts[p] for p in ("first", "middle", "last") if p in parts
    )
    # Mobile numbers first: the one she calls is the one on the desk.
    found.phones.sort(key=lambda pair: not any(w in pair[0] for w in ("mobile", "cell")))
    return found


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "y", "true", "1", "x", "ja", "oui", "si", "sí"}
