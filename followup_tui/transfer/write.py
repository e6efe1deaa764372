"""Contacts out as CSV; the vCard and calendar writers are vcard_out and ics_out.

Plain functions from domain values to text, yielded a piece at a time so the app can
show a progress bar; the command writes the file (0600).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from followup_tui.transfer.text import neutralise

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


def cells_csv(fact_keys: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """Every contact, one row each, yielded a row at a time after the header (with a BOM,
    so spreadsheets read UTF-8); each fact key a column. The cells come ready to write,
    formulas neutralised (services/exporting.contacts_csv_cells)."""
    from followup_tui.transfer.read_csv import FACT_MARK, reads_as_fact

    # A fact named like a column the import knows ("source", "type", "id") would come
    # back as that field: its header says it is a fact.
    fact_columns = [key if reads_as_fact(key) else key + FACT_MARK for key in fact_keys]
    written: list[str] = []
    # csv.writer calls write() once a row: each row lands in `written` to be yielded.
    writer = csv.writer(_Sink(written), lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in (*FIELDS, *fact_columns)])
    yield "\ufeff" + written.pop()
    commas = len(FIELDS) + len(fact_keys) - 1
    for cells in rows:
        # A row whose cells hold no comma, quote or line break is its cells joined, as
        # csv.writer writes it (its loop over every character took 0.3 s at 100,000); it
        # quotes the others.
        try:
            line = ",".join(cells)
        except TypeError:  # a number or blob of a hand-edited book: the writer str()s it
            line = ""
        if line.count(",") == commas and '"' not in line and "\n" not in line and "\r" not in line:
            yield line + "\r\n"
        else:
            writer.writerow(cells)
            yield written.pop()


class _Sink:
    """A file for csv.writer that keeps what it is given."""

    def __init__(self, into: list[str]) -> None:
        self.write = into.append
