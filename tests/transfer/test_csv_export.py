"""The CSV export written from SQL-neutralised cells (services/exporting.contacts_csv_cells
and transfer/write.cells_csv) is byte for byte what it was when every cell went through
`neutralise` and csv.writer in Python (`written_before`, the writer as it was)."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_tui.db.plain import PlainBook
from followup_tui.domain.model import Kind
from followup_tui.services import exporting
from followup_tui.transfer.read_csv import FACT_MARK, reads_as_fact
from followup_tui.transfer.records import ExportContact
from followup_tui.transfer.text import FORMULA_STARTS, neutralise, neutralised_sql
from followup_tui.transfer.vcard_out import NOTE_BREAK
from followup_tui.transfer.write import FIELDS, cells_csv

TRICKY = [
    "",
    "'",
    "''=1",
    "'a",
    "=SUM(A1)",
    "+1 212",
    "-",
    "@x",
    "\tx",
    "\rx",
    "\nx",
    'say "hi", then',
    "a,b",
    "two\nlines",
    "cr\ronly",
    "é,ü",
    "\x1f\x1e",
    " lead",
]
# Any character a book can hold (no lone surrogates), the tricky ones often.
tricky_characters = st.sampled_from(list("a '=+-@,\"\t\r\n\x00é"))
text = st.text(alphabet=tricky_characters | st.characters(codec="utf-8"))


def written_before(contacts: Sequence[ExportContact]) -> Iterator[str]:
    """transfer/write.contacts_csv before the cells came from SQL: a call of `neutralise`
    a cell and csv.writer a row."""
    fact_keys = list(dict.fromkeys(key for c in contacts for key, _ in c.facts))
    columns = [key if reads_as_fact(key) else key + FACT_MARK for key in fact_keys]
    written: list[str] = []

    class Sink:
        write = written.append

    writer = csv.writer(Sink(), lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in (*FIELDS, *columns)])
    yield "\ufeff" + written.pop()

    def safe(cell: str) -> str:
        return neutralise(cell) if cell[:1] in (*FORMULA_STARTS, "'") else cell

    for c in contacts:
        facts = dict(c.facts)
        writer.writerow(
            (
                safe(c.name),
                c.kind,
                c.level or "",
                safe(c.phone or ""),
                safe(c.email or ""),
                safe(c.met_at or ""),
                c.met_on or "",
                safe(c.referred_by or ""),
                "yes" if c.discreet else "",
                "yes" if c.do_not_contact else "",
                safe(NOTE_BREAK.join(c.notes)),
                *(safe(facts.get(key, "")) for key in fact_keys),
            )
        )
        yield written.pop()


def exported(path: Path, kind: Kind | None = None) -> tuple[str, str]:
    """The book's CSV as written now, and as written before."""
    connection = sqlite3.connect(path)
    try:
        book = PlainBook(connection)
        keys, rows = exporting.contacts_csv_cells(book, kind)
        before = "".join(written_before(exporting.contacts_for_export(book, kind)))
    finally:
        connection.close()
    return "".join(cells_csv(keys, rows)), before


@given(st.none() | text)
def test_sql_neutralises_as_python_does(value: str | None) -> None:
    connection = sqlite3.connect(":memory:")
    [got] = connection.execute(f"SELECT {neutralised_sql('x')} FROM (SELECT ? AS x)", (value,))
    connection.close()
    assert got[0] == ("" if value is None else neutralise(value))


@given(st.lists(st.lists(text, min_size=2, max_size=2), max_size=5))
def test_rows_are_written_as_csv_writer_writes_them(facts: list[list[str]]) -> None:
    # GIVEN rows of any cells (11 fields and two facts)
    rows = [(*[cell] * len(FIELDS), *pair) for cell, pair in zip(TRICKY * 5, facts, strict=False)]
    # WHEN written THEN each is csv.writer's line
    written: list[str] = []
    writer = csv.writer(type("Sink", (), {"write": written.append})(), lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    assert list(cells_csv(["a", "b"], rows))[1:] == written


def put_tricky(path: Path, values: Sequence[str]) -> None:
    """The demo book with `values` in every field an export writes of some contacts, in
    their facts and notes, and a referrer with a tricky name."""
    connection = sqlite3.connect(path)
    with connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM contacts ORDER BY id")]
        for n, (contact_id, value) in enumerate(zip(ids, values, strict=False)):
            connection.execute(
                "UPDATE contacts SET name = ?, phone = ?, email = ?, met_at = ?,"
                " team_level = ?, met_on = NULL, referred_by_id = ? WHERE id = ?",
                (value, value or None, value, value, value or None, ids[-1 - n], contact_id),
            )
            connection.execute(
                "INSERT INTO facts (contact_id, key, value, noted_on) VALUES (?, ?, ?, ?)",
                (contact_id, f"k{n % 3}{value[:2]}", value, "2026-12-01"),
            )
            connection.execute(
                "INSERT INTO notes (contact_id, body, written_on, created_at) VALUES (?, ?, ?, ?)",
                (contact_id, value, "2026-11-30", "2026-11-30 10:00:00"),
            )
    connection.close()


def test_the_demo_book_with_tricky_cells_is_written_as_before(demo_path: Path) -> None:
    # GIVEN the demo book with formulas, quotes, commas and line breaks everywhere
    put_tricky(demo_path, TRICKY)
    # WHEN exported THEN every byte is as before, of the whole book and of each kind
    now, before = exported(demo_path)
    assert now == before
    assert now.count("\r\n") > 20 and "'=SUM(A1)" in now and '"say ""hi"", then"' in now
    for kind in (Kind.CUSTOMER, Kind.TEAM):
        now, before = exported(demo_path, kind)
        assert now == before


def test_numbers_and_blobs_of_a_hand_edited_book_are_written_as_before(demo_path: Path) -> None:
    # GIVEN a book edited by hand: numbers and blobs where the app writes text
    edits = [
        ("met_on", 2026),
        ("met_on", 20.5),
        ("met_on", 0),
        ("met_on", ""),
        ("discreet", "yes"),
        ("discreet", 0.0),
        ("discreet", 2),
        ("do_not_contact", b""),
        ("do_not_contact", b"\x00"),
        ("team_level", b"=1"),
        ("team_level", ""),
        ("team_level", 0),
        ("name", b"Ann"),
        ("phone", 0),
        ("email", 12.5),
        ("met_at", b"+1"),
    ]
    connection = sqlite3.connect(demo_path)
    with connection:
        for contact_id, (column, value) in enumerate(edits, start=2):
            connection.execute(
                f"UPDATE contacts SET {column} = ? WHERE id = ?", (value, contact_id)
            )
        connection.execute("UPDATE contacts SET referred_by_id = 14 WHERE id = 20")
        connection.execute("UPDATE facts SET value = ? WHERE id = 1", (b"=x",))
    connection.close()
    # WHEN exported THEN as before, and no error
    now, before = exported(demo_path)
    assert now == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(text, min_size=1, max_size=8))
def test_any_cells_are_written_as_before(
    demo_template: Path, tmp_path: Path, values: list[str]
) -> None:
    path = tmp_path / "book.db"
    source, target = sqlite3.connect(demo_template), sqlite3.connect(path)
    with target:
        source.backup(target)
    source.close()
    target.close()
    put_tricky(path, values)
    now, before = exported(path)
    path.unlink()
    assert now == before


@pytest.mark.parametrize("kind", [None, Kind.CUSTOMER])
def test_the_command_writes_it(demo_path: Path, tmp_path: Path, kind: Kind | None) -> None:
    # GIVEN a tricky book WHEN `export x.csv` writes it THEN the file holds it as before
    from datetime import date

    from followup_tui.services.keeping import export_file

    put_tricky(demo_path, TRICKY)
    connection = sqlite3.connect(demo_path)
    try:
        said = export_file(PlainBook(connection), tmp_path / "x.csv", date(2026, 12, 7), kind=kind)
    finally:
        connection.close()
    assert said.startswith("Exported ")
    assert (tmp_path / "x.csv").read_bytes() == exported(demo_path, kind)[1].encode()
