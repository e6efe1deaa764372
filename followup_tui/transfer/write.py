"""Contacts out as CSV; the vCard and calendar writers are vcard_out and ics_out.

Plain functions from domain values to text, yielded a piece at a time so the app can
show a progress bar; the command writes the file (0600).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from followup_tui.transfer.text import FORMULA_STARTS, neutralise
from followup_tui.transfer.vcard_out import NOTE_BREAK

if TYPE_CHECKING:
    from followup_tui.transfer.records import ExportContact

FIELDS = (
    "Name",
    "Kind",
    "Team Level",
    "Phone",
    "Email",
    "Met At",
    "Met On",
    "Referred By",
    "Discreet",
    "Do Not Contact",
    "Notes",
)
"""The first columns, named so that our own import reads them back as these fields."""
RISKY_STARTS = frozenset((*FORMULA_STARTS, "'"))
"""A cell starting otherwise is written as it is: `neutralise` is asked about the few
others only (1.6 million calls of it were a third of a 100,000-contact export)."""


def _safe(cell: str) -> str:
    return neutralise(cell) if cell[:1] in RISKY_STARTS else cell


def contacts_csv(contacts: Sequence[ExportContact]) -> Iterator[str]:
    """Every contact, one row each, yielded a row at a time after the header (with a BOM,
    so spreadsheets read UTF-8); each fact key a column; formulas neutralised."""
    from followup_tui.transfer.read_csv import FACT_MARK, reads_as_fact

    fact_keys = list(dict.fromkeys(key for c in contacts for key, _ in c.facts))
    # A fact named like a column the import knows ("source", "type", "id") would come
    # back as that field: its header says it is a fact.
    fact_columns = [key if reads_as_fact(key) else key + FACT_MARK for key in fact_keys]
    written: list[str] = []
    # csv.writer calls write() once a row: each row lands in `written` to be yielded.
    writer = csv.writer(_Sink(written), lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in (*FIELDS, *fact_columns)])
    yield "\ufeff" + written.pop()
    no_facts = ("",) * len(fact_keys)
    for c in contacts:
        if c.facts:
            facts = dict(c.facts)
            fact_cells = tuple(_safe(facts.get(key, "")) for key in fact_keys)
        else:
            fact_cells = no_facts
        writer.writerow(
            (
                _safe(c.name),
                c.kind,
                c.level or "",
                _safe(c.phone or ""),
                _safe(c.email or ""),
                _safe(c.met_at or ""),
                c.met_on or "",
                _safe(c.referred_by or ""),
                "yes" if c.discreet else "",
                "yes" if c.do_not_contact else "",
                _safe(NOTE_BREAK.join(c.notes)),
                *fact_cells,
            )
        )
        yield written.pop()


class _Sink:
    """A file for csv.writer that keeps what it is given."""

    def __init__(self, into: list[str]) -> None:
        self.write = into.append
