"""`followup import` and `followup export`: CSV and vCard in; CSV, vCard and the call plan out.

2026-11-23 (the tests' today) is a Monday. Every file is written here, under tmp_path.
"""

from __future__ import annotations

import csv
import errno
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject
from icalendar import Calendar
from sqlalchemy.exc import OperationalError

from followup_tui.db.engine import open_database
from followup_tui.domain.model import ContactChanges, Kind, Level
from followup_tui.paths import database_url
from followup_tui.services import contacts, transfer

from .conftest import TODAY, Cli, assert_refused

TODAY_DATE = date.fromisoformat(TODAY)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet runs when a cell starts with it."""
TABLES = ("contacts", "kind_changes", "facts", "notes", "runs", "touches")


# --- helpers ---------------------------------------------------------------------------


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def people(run: Cli) -> dict[str, dict[str, Any]]:
    """Every contact by name, as `followup contacts --json` shows them."""
    return {c["name"]: c for c in run.json("contacts")}


def facts_of(run: Cli, contact_id: int) -> dict[str, str]:
    facts: dict[str, str] = run.show(contact_id)["facts"]
    return facts


def notes_of(run: Cli, contact_id: int) -> list[str]:
    return [n["body"] for n in run.show(contact_id)["notes"]]


def counts(run: Cli) -> dict[str, int]:
    return {table: int(run.query(f"SELECT count(*) FROM {table}")[0][0]) for table in TABLES}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def events(path: Path) -> dict[str, dict[str, Any]]:
    """The calendar's events by UID, read back with icalendar."""
    calendar = Calendar.from_ical(path.read_bytes())
    found: dict[str, dict[str, Any]] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in found, f"two events with UID {uid}"
        found[uid] = {
            "start": event.decoded("DTSTART"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
        }
    return found


def uid(touch_id: int) -> str:
    return f"touch-{touch_id}@followup-tui"


def make_discreet(run: Cli, contact_id: int) -> None:
    """The edit screen's save with the discreet box ticked (no command sets it)."""
    c = run.show(contact_id)["contact"]
    changes = ContactChanges(
        name=c["name"],
        kind=Kind(c["kind"]),
        level=Level(c["level"]) if c["level"] else None,
        phone=c["phone"],
        email=c["email"],
        met_at=c["met_at"],
        met_on=date.fromisoformat(c["met_on"]) if c["met_on"] else None,
        discreet=True,
        do_not_contact=c["do_not_contact"],
    )
    db = open_database(database_url(str(run.db_path)))
    try:
        contacts.update_contact(db, contact_id, changes, TODAY_DATE)
    finally:
        db.dispose()


def big_csv(path: Path, rows: int) -> Path:
    """`rows` different people, each with a fact column and a note."""
    return write_csv(
        path,
        ["First Name", "Last Name", "E-mail Address", "Perfume", "Notes"],
        [
            [f"Guest{i:05d}", f"Family{i:05d}", f"guest{i}@example.com", f"Scent {i}", f"note {i}"]
            for i in range(rows)
        ],
    )


# --- import: what lands in the book -----------------------------------------------------


def test_csv_import_adds_contacts_and_keeps_every_other_column_as_a_fact(
    run: Cli, tmp_path: Path
) -> None:
    # GIVEN a spreadsheet with columns of its own (Perfume, Kids) beside the usual ones
    header = "First Name,Last Name,Mobile Phone,E-mail Address,Kind,Perfume,Kids,Notes"
    row = "Ann,Lee,(415) 555-2671,ann@example.com,customer,Chanel No 5,"
    row += '"2 (Emma 6, Leo 4)",Loves lavender'
    file = tmp_path / "people.csv"
    file.write_text(f"{header}\n{row}\nBob,Stone,,bob@example.com,,,,\n", encoding="utf-8")

    # WHEN it is imported
    out = run.ok("import", str(file))

    # THEN both are in the book, the phone in international form, the kind from the file
    assert out == "Imported people.csv: 2 added, 0 merged, 0 skipped, 0 rejected\n"
    found = people(run)
    assert set(found) == {"Ann Lee", "Bob Stone"}
    ann, bob = found["Ann Lee"], found["Bob Stone"]
    assert (ann["kind"], ann["phone"], ann["email"]) == (
        "customer",
        "+14155552671",
        "ann@example.com",
    )
    assert (bob["kind"], bob["phone"], bob["email"]) == ("circle", None, "bob@example.com")
    # AND the columns the app has no field for are facts; the note is a note
    assert facts_of(run, ann["id"]) == {"perfume": "Chanel No 5", "kids": "2 (Emma 6, Leo 4)"}
    assert notes_of(run, ann["id"]) == ["Loves lavender"]
    assert facts_of(run, bob["id"]) == {}
    # AND each is on the playbook of its kind (DOMAIN: every contact has a next touch)
    assert run.without_next_touch() == []


def test_kind_option_is_for_rows_that_name_no_kind(run: Cli, tmp_path: Path) -> None:
    # GIVEN a file where one row says hostess and one says nothing
    file = write_csv(
        tmp_path / "people.csv",
        ["Name", "Kind", "Phone"],
        [["Hana Host", "hostess", "212 555 0101"], ["Lena Ford", "", "212 555 0102"]],
    )

    # WHEN it is imported as leads
    run.ok("import", str(file), "--kind", "lead")

    # THEN the row's own kind wins; the other one is a lead
    kinds = {name: c["kind"] for name, c in people(run).items()}
    assert kinds == {"Hana Host": "hostess", "Lena Ford": "lead"}


def test_dry_run_says_what_would_happen_and_writes_nothing(run: Cli, tmp_path: Path) -> None:
    # GIVEN Ann in the book, and a file with Ann again, a bad email and someone new
    run.add("Ann Lee", "--kind", "customer", "--phone", "+1 415 555 2671")
    file = write_csv(
        tmp_path / "people.csv",
        ["Name", "Phone", "Email"],
        [
            ["Ann Lee", "(415) 555-2671", ""],
            ["Bob Stone", "", "bob@example"],
            ["Cara Diaz", "", "cara@example.com"],
        ],
    )
    before = run.dump()

    # WHEN it is imported with --dry-run
    out = run.ok("import", str(file), "--dry-run")

    # THEN what would happen is printed, row by row where it is not a plain add
    assert out == (
        "line 2: Ann Lee: skip: already there: #1 Ann Lee (same phone)\n"
        "line 3: Bob Stone: reject: 'bob@example' is not an email address\n"
        "Dry run, nothing written: would be 1 added, 0 merged, 1 skipped, 1 rejected\n"
    )
    # AND the database is exactly as it was
    assert run.dump() == before


def test_rejected_rows_are_named_by_line_and_the_good_ones_imported(
    run: Cli, tmp_path: Path
) -> None:
    # GIVEN a file whose first row's note runs over two lines, then three bad rows
    file = tmp_path / "people.csv"
    file.write_text(
        "Name,Phone,Email,Notes\r\n"
        'Ann Lee,415 555 2671,ann@example.com,"first line\r\nsecond line"\r\n'
        "Dee Ray,not a phone,,\r\n"
        ",212 555 0199,nameless@example.com,\r\n"
        "Eve Moss,,eve@example.com,a note,one field too many\r\n",
        encoding="utf-8",
    )

    # WHEN it is imported
    out = run.ok("import", str(file))

    # THEN each bad row is printed with the line she finds it on in the file
    lines = out.splitlines()
    assert len(lines) == 4, out
    assert lines[0] == "line 4: Dee Ray: reject: 'not a phone' is not a phone number"
    assert lines[1].startswith("line 5:") and lines[1].endswith(": reject: no name")
    assert lines[2].startswith("line 6:")
    assert lines[2].endswith(
        ": reject: 5 fields where the header has 4: a missing quote or separator?"
    )
    assert lines[3] == "Imported people.csv: 1 added, 0 merged, 0 skipped, 3 rejected"
    # AND only the good row is in the book, its two-line note whole
    found = people(run)
    assert list(found) == ["Ann Lee"]
    assert notes_of(run, found["Ann Lee"]["id"]) == ["first line\nsecond line"]


def test_a_rejected_row_with_no_name_reads_cleanly(run: Cli, tmp_path: Path) -> None:
    # GIVEN a row with a phone but no name
    file = write_csv(tmp_path / "people.csv", ["Name", "Phone"], [["", "212 555 0199"]])

    # WHEN it is imported
    out = run.ok("import", str(file))

    # THEN the line says where and why, once each
    assert out.splitlines()[0] == "line 2: reject: no name"


# --- import: duplicates ------------------------------------------------------------------


@pytest.fixture
def ann(run: Cli) -> int:
    """Ann as she typed her in: a phone, no email, one fact."""
    return run.add(
        "Ann Lee", "--kind", "customer", "--phone", "+1 415 555 2671", "--fact", "perfume=Chanel"
    )


@pytest.fixture
def again(tmp_path: Path) -> Path:
    """Ann twice (same phone; a similar name), Cara new, then Cara again (same email)."""
    return write_csv(
        tmp_path / "again.csv",
        ["Name", "Phone", "Email", "Perfume", "Notes"],
        [
            ["Ann Lee", "(415) 555-2671", "ann@example.com", "Dior", "met at the fair"],
            ["Anne Lee", "", "", "Guerlain", ""],
            ["Cara Diaz", "", "cara@example.com", "", ""],
            ["Cara Diaz-Ortiz", "", "CARA@example.com", "", ""],
        ],
    )


def test_duplicates_are_skipped_by_default(run: Cli, ann: int, again: Path) -> None:
    # WHEN a file with Ann again is imported
    out = run.ok("import", str(again))

    # THEN the rows like someone already there are skipped, and said so
    assert out == (
        "line 2: Ann Lee: skip: already there: #1 Ann Lee (same phone)\n"
        "line 3: Anne Lee: skip: already there: #1 Ann Lee (similar name)\n"
        "line 5: Cara Diaz-Ortiz: skip: already there: Cara Diaz above (same email)\n"
        "Imported again.csv: 1 added, 0 merged, 3 skipped, 0 rejected\n"
    )
    # AND Ann is as she was
    assert sorted(people(run)) == ["Ann Lee", "Cara Diaz"]
    assert people(run)["Ann Lee"]["email"] is None
    assert facts_of(run, ann) == {"perfume": "Chanel"}
    assert notes_of(run, ann) == []

    # WHEN the same file is imported a second time
    out = run.ok("import", str(again))

    # THEN nothing at all is added
    assert out.splitlines()[-1] == (
        "Nothing imported from again.csv: 0 added, 0 merged, 4 skipped, 0 rejected"
    )
    assert sorted(people(run)) == ["Ann Lee", "Cara Diaz"]


def test_duplicates_merged_fill_the_gaps_and_overwrite_nothing(
    run: Cli, ann: int, again: Path
) -> None:
    # WHEN a file with Ann again is imported with --on-duplicate merge
    out = run.ok("import", str(again), "--on-duplicate", "merge")

    # THEN both of Ann's rows are merged into her, the second Cara into the first
    assert out == (
        "line 2: Ann Lee: merge: merged into #1 Ann Lee (same phone)\n"
        "line 3: Anne Lee: merge: merged into #1 Ann Lee (similar name)\n"
        "line 5: Cara Diaz-Ortiz: merge: merged into Cara Diaz above (same email)\n"
        "Imported again.csv: 1 added, 3 merged, 0 skipped, 0 rejected\n"
    )
    assert sorted(people(run)) == ["Ann Lee", "Cara Diaz"]
    # AND Ann's email was empty, so it is filled in; her perfume was not, so it stays
    assert people(run)["Ann Lee"]["email"] == "ann@example.com"
    facts = facts_of(run, ann)
    assert facts["perfume"] == "Chanel"
    assert set(facts) == {"perfume", "perfume (imported)", "perfume (imported) 2"}
    assert notes_of(run, ann) == ["met at the fair"]


def test_two_rows_merged_into_one_contact_keep_both_values(run: Cli, ann: int, again: Path) -> None:
    # WHEN Ann's two rows (Dior, then Guerlain) are merged into her Chanel
    run.ok("import", str(again), "--on-duplicate", "merge")

    # THEN none of the three perfumes is lost
    assert sorted(facts_of(run, ann).values()) == ["Chanel", "Dior", "Guerlain"]


def test_duplicates_added_anyway_are_added_and_said_so(run: Cli, ann: int, again: Path) -> None:
    # WHEN a file with Ann again is imported with --on-duplicate add
    out = run.ok("import", str(again), "--on-duplicate", "add")

    # THEN every row is a new contact, the ones like someone there flagged
    assert out == (
        "line 2: Ann Lee: add: added although like #1 Ann Lee\n"
        "line 3: Anne Lee: add: added although like #1 Ann Lee\n"
        "line 5: Cara Diaz-Ortiz: add: added although like Cara Diaz above\n"
        "Imported again.csv: 4 added, 0 merged, 0 skipped, 0 rejected\n"
    )
    names = sorted(c["name"] for c in run.json("contacts"))
    assert names == ["Ann Lee", "Ann Lee", "Anne Lee", "Cara Diaz", "Cara Diaz-Ortiz"]
    # AND the Ann she typed in is untouched
    assert facts_of(run, ann) == {"perfume": "Chanel"}


# --- import: first calls spread, no flood ------------------------------------------------

HANDFUL = 10


@pytest.mark.parametrize(
    ("kind", "most_a_day"),
    [
        pytest.param("circle", 4, id="circle"),  # 300 over the 90-day rhythm
        pytest.param("customer", 8, id="customer"),  # 300 over the 42-day check-in
        *(
            pytest.param(kind, HANDFUL, id=kind)
            for kind in ("lead", "prospect", "hostess", "referral", "referral-partner")
        ),
    ],
)
def test_a_big_import_comes_up_a_few_a_day_not_all_this_morning(
    run: Cli, tmp_path: Path, kind: str, most_a_day: int
) -> None:
    # GIVEN 300 people of one kind in a file
    file = write_csv(
        tmp_path / "many.csv",
        ["Name", "Kind"],
        [[f"Friend{i:03d} Person{i:03d}", kind] for i in range(300)],
    )

    # WHEN they are imported
    run.ok("import", str(file))

    # THEN today's list is not flooded, nor tomorrow's
    assert len(run.today()) <= min(most_a_day, 4)
    tomorrow = (TODAY_DATE + timedelta(days=1)).isoformat()
    assert len(run.today(today=tomorrow)) <= most_a_day
    # AND the call plan has one first call each, at most a handful on any one day
    plan = tmp_path / "plan.ics"
    run.ok("export", str(plan), "--days", "120")
    days = Counter(e["start"] for e in events(plan).values())
    assert sum(days.values()) == 300
    assert max(days.values()) <= most_a_day, days.most_common(3)
    assert TODAY_DATE not in days


# --- import: all of it or none of it -----------------------------------------------------


def test_an_import_that_fails_halfway_leaves_nothing_behind(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a book with one contact, and a file of 2,500 (three batches of writes)
    run.add("Ann Lee", "--kind", "customer", "--fact", "perfume=Chanel", "--note", "hello")
    before, dump = counts(run), run.dump()
    file = big_csv(tmp_path / "big.csv", 2500)

    # AND the disk fills up while the second batch is written
    real = transfer._import_adds
    written: list[int] = []

    def adds(*args: Any, **kwargs: Any) -> list[int]:
        if written:
            raise OperationalError(
                "INSERT INTO contacts", None, sqlite3.OperationalError("database or disk is full")
            )
        ids = real(*args, **kwargs)
        written.extend(ids)
        return ids

    monkeypatch.setattr(transfer, "_import_adds", adds)

    # WHEN it is imported
    result = run("import", str(file))

    # THEN she is told in one line, and the first 1,000 written are rolled back with the rest
    assert_refused(result)
    assert (
        result.err
        == "followup: the disk is full: nothing was saved; free some space and try again\n"
    )
    assert len(written) == 1000
    assert counts(run) == before
    assert run.dump() == dump


HOOK = """
import runpy, sys, time
from sqlalchemy import text
from followup_tui.services import transfer

real = transfer._import_adds
batches = []

def adds(session, *args, **kwargs):
    if not batches:
        # A tiny page cache: the uncommitted rows spill into the -wal file, as they do
        # in an import bigger than the cache.
        session.execute(text("PRAGMA cache_size=1"))
    ids = real(session, *args, **kwargs)
    batches.append(ids)
    print(len(ids), flush=True)
    if len(batches) == 2:
        time.sleep(60)
    return ids

transfer._import_adds = adds
runpy.run_module("followup_tui", run_name="__main__", alter_sys=True)
"""


def integrity(db: Path) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchall()


def test_killed_in_the_middle_of_writing_an_import_leaves_none_of_it(
    run: Cli, tmp_path: Path
) -> None:
    # GIVEN a book with one contact, and a file of 3,000
    run.add("Ann Lee", "--kind", "customer")
    before = counts(run)
    file = big_csv(tmp_path / "big.csv", 3000)
    argv = ["import", str(file), "--db", str(run.db_path), "--today", TODAY]

    # WHEN `followup import` is killed once 2,000 rows are written but not committed
    child = subprocess.Popen(
        [sys.executable, "-c", HOOK, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert [child.stdout.readline(), child.stdout.readline()] == ["1000\n", "1000\n"]
        wal = run.db_path.with_name(run.db_path.name + "-wal")
        assert wal.stat().st_size > 500_000, "the uncommitted rows should be in the -wal file"
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL

    # THEN the file is sound and holds none of the import
    assert integrity(run.db_path) == [("ok",)]
    assert counts(run) == before
    assert list(people(run)) == ["Ann Lee"]


def test_killed_a_moment_into_an_import_leaves_all_of_it_or_none(run: Cli, tmp_path: Path) -> None:
    # GIVEN a book with one contact, and a file of 4,000
    run.add("Ann Lee", "--kind", "customer")
    before = counts(run)
    file = big_csv(tmp_path / "big.csv", 4000)

    # WHEN the real command is killed a moment in (start-up, reading, planning or writing)
    child = subprocess.Popen(
        [sys.executable, "-m", "followup_tui", "import", str(file)]
        + ["--db", str(run.db_path), "--today", TODAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.8)
    child.send_signal(signal.SIGKILL)
    child.wait()

    # THEN the file is sound and holds all 4,000 or none of them
    assert integrity(run.db_path) == [("ok",)]
    after = counts(run)
    assert after["contacts"] in (before["contacts"], before["contacts"] + 4000)
    if after["contacts"] == before["contacts"]:
        assert after == before
    else:
        assert after["facts"] == before["facts"] + 4000
        assert after["notes"] == before["notes"] + 4000
    assert len(run.json("contacts")) == after["contacts"]


# --- import: bad input -------------------------------------------------------------------


def good_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "good.csv", ["Name"], [["Bob Stone"]])


BAD_IMPORTS: dict[str, tuple[Any, str]] = {
    # id: (makes the arguments from tmp_path, a word the one line must hold)
    "missing-file": (lambda p: [str(p / "nope.csv")], "no file"),
    "a-folder": (lambda p: [str(p)], "folder"),
    "unknown-kind": (lambda p: [str(good_csv(p)), "--kind", "friendz"], "friendz"),
    "bad-on-duplicate": (lambda p: [str(good_csv(p)), "--on-duplicate", "replace"], "skip"),
    "binary": (
        lambda p: [str(write_bytes(p / "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))],
        "not a text file",
    ),
    "binary-no-extension": (
        lambda p: [str(write_bytes(p / "photo", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"))],
        "not a text file",
    ),
    "empty-csv": (lambda p: [str(write_bytes(p / "empty.csv", b""))], "empty"),
    "empty-vcf": (lambda p: [str(write_bytes(p / "empty.vcf", b""))], "vCard"),
    "no-name-column": (
        lambda p: [str(write_bytes(p / "x.csv", b"Phone,Email\r\n2125550101,a@b.com\r\n"))],
        "no name column",
    ),
    # Once "something went wrong (OSError)", exit 1
    "name-too-long": (lambda p: [str(p / ("a" * 300 + ".csv"))], "name is too long"),
    "under-a-file": (lambda p: [str(good_csv(p) / "x.csv")], "not a folder"),
}


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("make", "word"), BAD_IMPORTS.values(), ids=BAD_IMPORTS.keys())
def test_a_file_that_cannot_be_imported_is_one_line_and_nothing_written(
    run: Cli, tmp_path: Path, make: Any, word: str
) -> None:
    # GIVEN a book with one contact
    run.add("Ann Lee", "--kind", "customer")
    before = run.dump()
    files = tmp_path / "files"
    files.mkdir()

    # WHEN a bad file or option is given
    err = run.fails("import", *make(files))

    # THEN one line says what is wrong, and nothing is written
    assert word in err
    assert run.dump() == before


# --- export: CSV and vCard ---------------------------------------------------------------


@pytest.fixture
def book(run: Cli) -> dict[str, int]:
    """Contacts whose cells a spreadsheet would run as formulas, with facts of their own."""
    return {
        "ann": run.add(
            "Ann Lee",
            "--kind",
            "customer",
            "--phone",
            "+1 415 555 2671",
            "--email",
            "ann@example.com",
            "--fact",
            "perfume=Chanel No 5",
            "--fact",
            "weight goal=-5 kg by May",
            "--note",
            "\tindented by her phone",
        ),
        "hyper": run.add('=HYPERLINK("http://x")', "--kind", "circle", "--fact", "kids=2"),
        "cal": run.add("Cal Moss", "--kind", "team", "--level", "new-leader", "--note", "@home"),
    }


def test_csv_export_has_a_column_per_fact_and_no_cell_a_spreadsheet_would_run(
    run: Cli, tmp_path: Path, book: dict[str, int]
) -> None:
    run.ok("note", str(book["hyper"]), "\rcarriage return first")
    out_file = tmp_path / "out.csv"

    # WHEN the book is exported as CSV
    out = run.ok("export", str(out_file))

    # THEN the file says so, and opens in a spreadsheet as UTF-8
    assert out == f"Exported 3 contacts to {out_file}\n"
    assert out_file.read_bytes().startswith(b"\xef\xbb\xbf")
    # AND each fact key is a column of its own after the contact's fields
    header, *rows = read_csv(out_file)
    assert header == [
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
        "perfume",
        "weight goal",
        "kids",
    ]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert table["Ann Lee"]["perfume"] == "Chanel No 5"
    assert table["Ann Lee"]["kids"] == ""
    assert table["Cal Moss"]["Team Level"] == "new-leader"
    # AND a cell starting with = + - @ tab or CR starts with a quote instead
    assert set(table) == {"Ann Lee", '\'=HYPERLINK("http://x")', "Cal Moss"}
    assert table["Ann Lee"]["Phone"] == "'+14155552671"
    assert table["Ann Lee"]["weight goal"] == "'-5 kg by May"
    assert table["Ann Lee"]["Notes"] == "'\tindented by her phone"
    assert table["Cal Moss"]["Notes"] == "'@home"
    assert table['\'=HYPERLINK("http://x")']["Notes"] == "'\rcarriage return first"
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), (row, cell)


def test_a_fact_key_that_looks_like_a_formula_is_neutralised_in_the_header_too(
    run: Cli, tmp_path: Path
) -> None:
    # GIVEN a contact with a fact whose key starts with @
    run.add("Ann Lee", "--kind", "customer", "--fact", "@instagram=annlee")
    out_file = tmp_path / "out.csv"

    # WHEN the book is exported as CSV
    run.ok("export", str(out_file))

    # THEN the header has no cell a spreadsheet would run
    header = read_csv(out_file)[0]
    assert not [cell for cell in header if cell.startswith(FORMULA_STARTS)], header
    # AND importing the file gives the fact back under its own key
    other = run.on(tmp_path / "other.db")
    other.ok("import", str(out_file))
    assert facts_of(other, 1) == {"@instagram": "annlee"}


def test_exported_files_are_the_owners_alone_even_when_overwriting(
    run: Cli, tmp_path: Path, book: dict[str, int]
) -> None:
    for name in ("out.csv", "out.vcf", "plan.ics"):
        # GIVEN a file that anyone may read is already there
        target = tmp_path / name
        target.write_text("old", encoding="utf-8")
        target.chmod(0o644)

        # WHEN the export overwrites it
        run.ok("export", str(target))

        # THEN it holds the export, readable by the owner only, with no partial file left
        assert target.read_text(encoding="utf-8-sig") != "old"
        assert mode(target) == 0o600, name

        # AND a new file is made private too
        fresh = tmp_path / f"new-{name}"
        run.ok("export", str(fresh))
        assert mode(fresh) == 0o600, name
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_kind_limits_the_export_to_contacts_of_that_kind(
    run: Cli, tmp_path: Path, book: dict[str, int]
) -> None:
    out_file = tmp_path / "customers.csv"

    # WHEN only customers are exported
    out = run.ok("export", str(out_file), "--kind", "customer")

    # THEN only Ann is in the file
    assert out == f"Exported 1 contact to {out_file}\n"
    assert [row[0] for row in read_csv(out_file)[1:]] == ["Ann Lee"]
    # AND a vCard export filters the same way
    cards = tmp_path / "team.vcf"
    run.ok("export", str(cards), "--kind", "team")
    assert [c.fn.value for c in vobject.readComponents(cards.read_text(encoding="utf-8"))] == [
        "Cal Moss"
    ]


def test_vcard_export_is_version_4_and_reads_back(
    run: Cli, tmp_path: Path, book: dict[str, int]
) -> None:
    cards_file = tmp_path / "out.vcf"

    # WHEN the book is exported as vCard
    out = run.ok("export", str(cards_file))

    # THEN there is one vCard 4.0 per contact, read back by vobject
    assert out == f"Exported 3 contacts to {cards_file}\n"
    text = cards_file.read_text(encoding="utf-8")
    cards = {c.fn.value: c for c in vobject.readComponents(text)}
    assert set(cards) == {"Ann Lee", '=HYPERLINK("http://x")', "Cal Moss"}
    assert [c.version.value for c in cards.values()] == ["4.0"] * 3
    ann = cards["Ann Lee"]
    assert ann.tel.value == "+14155552671"
    assert ann.email.value == "ann@example.com"
    assert ann.categories.value == ["customer"]
    assert ann.note.value == "\tindented by her phone"
    assert sorted(f.value for f in ann.contents["x-followup-fact"]) == [
        "perfume=Chanel No 5",
        "weight goal=-5 kg by May",
    ]
    assert cards["Cal Moss"].contents["x-followup-level"][0].value == "new-leader"


# --- export, then import: the round trip ---------------------------------------------------


def round_trip_book(run: Cli) -> None:
    """Names, phones and facts that a careless writer or reader would mangle."""
    run.add(
        "Zoë Ångström-Núñez",
        "--kind",
        "customer",
        "--phone",
        "+44 20 7946 0958",
        "--email",
        "zoe@example.com",
        "--fact",
        "perfume=Chanel N°5, or Dior; never Guerlain",
        "--fact",
        "address=12 Rue de l'Église; 2e étage, Paris",
        "--fact",
        "kids=Emma (6)\nLeo (4)",
        "--fact",
        "weight goal=-5 kg by May",
        "--fact",
        "formula==1+1",
        "--fact",
        "quoted='=already quoted",
        "--note",
        'Met at the fair, stall 12;\nfollow up in spring, "she said"',
    )
    run.add("王小明", "--kind", "circle", "--phone", "(212) 555-0187", "--fact", "生日=三月五日")
    run.add(
        '=HYPERLINK("http://x")',
        "--kind",
        "lead",
        "--email",
        "hyper@example.com",
        "--fact",
        "@ home=yes, @ work=no",
    )
    run.add("Tess Rowe", "--kind", "team", "--level", "new-leader", "--phone", "+1 415 555 2671")
    run.add("Nora Plain", "--kind", "hostess", "--fact", "team=Rising; Stars, West")


def snapshot(run: Cli) -> dict[str, tuple[Any, ...]]:
    """What must survive a round trip, by name."""
    return {
        c["name"]: (
            c["kind"],
            c["level"],
            c["phone"],
            c["email"],
            facts_of(run, c["id"]),
            notes_of(run, c["id"]),
        )
        for c in run.json("contacts")
    }


@pytest.mark.parametrize("suffix", [".csv", ".vcf"])
def test_export_then_import_into_an_empty_book_gives_the_same_contacts(
    run: Cli, tmp_path: Path, suffix: str
) -> None:
    # GIVEN a book with unicode, commas, semicolons, quotes, newlines and formula-like values
    round_trip_book(run)
    original = snapshot(run)
    assert len(original) == 5

    # WHEN it is exported, and the file imported into an empty book
    exported = tmp_path / f"book{suffix}"
    run.ok("export", str(exported))
    fresh = run.on(tmp_path / "fresh.db")
    out = fresh.ok("import", str(exported))

    # THEN every contact is back, exactly
    assert out == f"Imported book{suffix}: 5 added, 0 merged, 0 skipped, 0 rejected\n"
    assert snapshot(fresh) == original
    assert fresh.without_next_touch() == []


ORDINARY_NOTE = (
    "Called about the autumn catalogue; she liked the lavender set and asked for samples "
    "for her sister, who is starting a new job in March and wants something light. "
) * 10
"""About 1.9 KB: 70 of them joined into one cell passed Python csv's 128 KB cell limit."""


@pytest.mark.parametrize("suffix", [".csv", ".vcf"])
def test_a_contact_with_100_notes_comes_back_whole(run: Cli, tmp_path: Path, suffix: str) -> None:
    # GIVEN a contact with 100 ordinary notes (190 KB of them)
    ann = run.add("Ann Lee", "--kind", "customer", "--phone", "2125550134")
    notes = [f"Note {n}: {ORDINARY_NOTE}".strip() for n in range(100)]
    db = open_database(database_url(str(run.db_path)))
    for note in notes:  # as `followup note` adds them, in one process: 100 runs take 5 s
        contacts.add_note(db, ann, note, TODAY_DATE)
    db.dispose()

    # WHEN the book is exported and the file imported into an empty book
    exported = tmp_path / f"book{suffix}"
    run.ok("export", str(exported))
    fresh = run.on(tmp_path / "fresh.db")
    out = fresh.ok("import", str(exported))

    # THEN she comes back with the text of all 100 notes, in order (the export writes
    # them into one cell, a blank line between two notes, and they come back so)
    assert out == f"Imported book{suffix}: 1 added, 0 merged, 0 skipped, 0 rejected\n"
    (back,) = fresh.json("contacts")
    assert notes_of(fresh, back["id"]) == ["\n\n".join(notes)]


def test_a_cell_past_the_import_limit_is_refused_naming_the_limit(run: Cli, tmp_path: Path) -> None:
    # GIVEN a CSV with one cell of 17 MB (the bound is 16 MB a cell)
    big = tmp_path / "big.csv"
    big.write_text("Name,Notes\nAnn Lee,ok\nBea Diaz," + "x" * (17 * 1024 * 1024) + "\n")
    before = run.dump()

    err = run.fails("import", str(big))

    assert err == (
        "followup: big.csv cannot be read as CSV: the row at line 3 has a cell larger than "
        "the 16 MB an import takes\n"
    )
    assert run.dump() == before


def test_a_contact_added_elsewhere_after_the_preview_is_not_added_twice(
    run: Cli, tmp_path: Path
) -> None:
    # GIVEN an import previewed while the book had nobody in it
    from followup_tui.transfer.files import read_contacts_file
    from followup_tui.transfer.plan import OnDuplicate

    sheet = write_csv(
        tmp_path / "people.csv",
        ["Name", "Phone"],
        [["Ann Lee", "212 555 0134"], ["Bea Diaz", "212 555 0187"]],
    )
    run.add("Someone Else", "--kind", "circle")
    db = open_database(database_url(str(run.db_path)))
    plan = transfer.preview_import(db, read_contacts_file(sheet), Kind.CIRCLE, OnDuplicate.SKIP)
    assert plan.summary() == "2 added, 0 merged, 0 skipped, 0 rejected"

    # WHEN Ann is added from the shell before the import is saved
    run.add("Ann Lee", "--kind", "customer", "--phone", "212 555 0134")
    done = transfer.import_contacts(db, plan, TODAY_DATE)
    db.dispose()

    # THEN the import sees her and skips her row: Ann once, Bea added
    assert done.plan.summary() == "1 added, 0 merged, 1 skipped, 0 rejected"
    assert done.replanned
    names = [name for (name,) in run.query("SELECT name FROM contacts WHERE NOT is_me")]
    assert sorted(names) == ["Ann Lee", "Bea Diaz", "Someone Else"]


@pytest.mark.parametrize("key", ["source", "type", "id"])
def test_csv_round_trip_keeps_facts_named_like_a_known_column(
    run: Cli, tmp_path: Path, key: str
) -> None:
    # GIVEN a contact with a fact whose key another program uses as a column name
    run.add("Rita Hale", "--kind", "customer", "--fact", f"{key}=Instagram ad")
    original = snapshot(run)

    # WHEN the book goes out as CSV and into an empty book
    exported = tmp_path / "book.csv"
    run.ok("export", str(exported))
    fresh = run.on(tmp_path / "fresh.db")
    fresh.ok("import", str(exported))

    # THEN the fact comes back as the fact it was
    assert snapshot(fresh) == original


# --- export: bad input -------------------------------------------------------------------

BAD_EXPORTS: dict[str, tuple[list[str], str]] = {
    # id: (arguments; {dir} is a folder under tmp_path; a word the one line must hold)
    "unknown-extension": (["{dir}/out.pdf"], ".csv, .vcf or .ics"),
    "no-extension": (["{dir}/out"], ".csv, .vcf or .ics"),
    "xlsx": (["{dir}/out.xlsx"], ".csv, .vcf or .ics"),
    "a-folder": (["{dir}/folder.csv"], "folder"),
    "missing-folder": (["{dir}/nowhere/out.csv"], "nowhere"),
    "unknown-kind": (["{dir}/out.csv", "--kind", "friendz"], "friendz"),
    "kind-on-calendar": (["{dir}/plan.ics", "--kind", "customer"], "--kind"),
    "no-days": (["{dir}/plan.ics", "--days", "0"], "--days"),
    "too-many-days": (["{dir}/plan.ics", "--days", "400"], "--days"),
    "days-not-a-number": (["{dir}/plan.ics", "--days", "soon"], "soon"),
    # Once "something went wrong (OSError)", exit 1
    "name-too-long": (["{dir}/" + "a" * 300 + ".csv"], "name is too long"),
    "under-a-file": (["{dir}/folder.csv/../../out/nope.txt/x.csv"], "nope.txt"),
}


@pytest.mark.parametrize(("argv", "word"), BAD_EXPORTS.values(), ids=BAD_EXPORTS.keys())
def test_an_export_that_cannot_be_written_is_one_line_and_no_file(
    run: Cli, tmp_path: Path, argv: list[str], word: str
) -> None:
    # GIVEN a book with one contact
    run.add("Ann Lee", "--kind", "customer")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "folder.csv").mkdir()
    before = run.dump()

    # WHEN the export is asked for something it cannot do
    err = run.fails("export", *(a.replace("{dir}", str(folder)) for a in argv))

    # THEN one line says so, and no file is written
    assert word in err
    assert sorted(p.name for p in folder.iterdir()) == ["folder.csv"]
    assert run.dump() == before


def test_an_export_into_a_read_only_folder_is_one_line_and_no_file(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a folder she may not write to (as root any mode is writable, so the refusal
    # the file system would give an ordinary user is given here)
    run.add("Ann Lee", "--kind", "customer")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).parent == locked and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return int(real_open(path, flags, *args, **kwargs))

    monkeypatch.setattr(os, "open", refusing)

    # WHEN she exports there
    err = run.fails("export", str(locked / "book.csv"))

    # THEN one line names the file she gave and why, and nothing is there
    assert f"cannot write {locked / 'book.csv'}: permission denied" in err
    assert list(locked.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_an_export_into_a_folder_made_read_only(run: Cli, tmp_path: Path) -> None:
    run.add("Ann Lee", "--kind", "customer")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        err = run.fails("export", str(locked / "book.csv"))
    finally:
        locked.chmod(0o700)
    assert "permission denied" in err
    assert list(locked.iterdir()) == []


def test_an_export_onto_a_full_disk_is_one_line_and_no_file(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a disk with no room: every byte written to the export goes to /dev/full
    run.add("Ann Lee", "--kind", "customer")
    folder = tmp_path / "out"
    folder.mkdir()
    real_open = os.open

    def full(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = int(real_open(path, flags, *args, **kwargs))
        if Path(path).parent == folder:  # the file is made; its bytes find no room
            dev_full = real_open("/dev/full", os.O_WRONLY)
            os.dup2(dev_full, fd)
            os.close(dev_full)
        return fd

    monkeypatch.setattr(os, "open", full)

    err = run.fails("export", str(folder / "book.vcf"))

    assert f"cannot write {folder / 'book.vcf'}: the disk is full" in err
    assert list(folder.iterdir()) == []


def test_an_export_to_a_name_near_the_limit_is_written_whole(run: Cli, tmp_path: Path) -> None:
    # A name of 250 characters is allowed (255 is the limit): the temporary file beside
    # it once took the name plus ".partial" and failed, exit 1.
    run.add("Ann Lee", "--kind", "customer")
    target = tmp_path / ("b" * 246 + ".csv")

    run.ok("export", str(target))

    assert read_csv(target)[1][0] == "Ann Lee"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


# --- export: the calendar ----------------------------------------------------------------


def expected_events(run: Cli, days: int) -> dict[str, tuple[date, str, str]]:
    """Every pending touch due within `days`, as `show` lists them: (date, name, title)."""
    until = TODAY_DATE + timedelta(days=days)
    found = {}
    for c in run.json("contacts"):
        for p in run.pending(c["id"]):
            due = date.fromisoformat(p["due"])
            if due <= until:
                found[uid(p["id"])] = (max(due, TODAY_DATE), c["name"], p["title"])
    return found


@pytest.fixture
def week(run: Cli) -> dict[str, int]:
    """A prospect whose info is three weeks late, a new customer, a lead due today, a friend."""
    ids = {
        "pat": run.add(
            "Pat Quinn",
            "--kind",
            "prospect",
            "--phone",
            "(212) 555-0187",
            "--email",
            "pat@example.com",
            today="2026-11-01",
        ),
        "dana": run.add("Dana Whitfield", "--kind", "customer", "--phone", "+1 415 555 2671"),
        "lena": run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20"),
        "cora": run.add("Cora Friend", "--kind", "circle"),
    }
    run.order(ids["dana"], "DTX-7", "--on", "2026-11-20")
    return ids


def test_calendar_has_an_event_per_pending_call_in_the_coming_days(
    run: Cli, tmp_path: Path, week: dict[str, int]
) -> None:
    plan = tmp_path / "plan.ics"

    # WHEN the call plan for the next 30 days is exported
    out = run.ok("export", str(plan))

    # THEN there is one event per touch due by then, overdue ones dated today
    expected = expected_events(run, 30)
    assert out == f"Exported {len(expected)} calls (next 30 days) to {plan}\n"
    found = events(plan)
    assert set(found) == set(expected)
    for key, (start, name, title) in expected.items():
        assert found[key]["start"] == start
        assert name in found[key]["summary"] and title in found[key]["summary"]
    # AND the friend's first call, 90 days out, is not in it
    assert not any("Cora Friend" in e["summary"] for e in found.values())
    # AND Pat's three-week-old email is today's, with her phone and email to hand
    [pat] = [e for e in found.values() if "Pat Quinn" in e["summary"]]
    assert pat["start"] == TODAY_DATE
    assert pat["summary"] == "Email Pat Quinn: Send the information they asked for"
    assert pat["description"].splitlines() == [
        "Send the information they asked for",
        "Phone: +12125550187",
        "Email: pat@example.com",
        "Overdue by 22 days on 2026-11-23.",
    ]
    # AND Dana's calls (a welcome call, the detox kit's reorder) show her phone
    dana = [e for e in found.values() if "Dana Whitfield" in e["summary"]]
    assert len(dana) == 2
    assert all("Phone: +14155552671" in e["description"] for e in dana)

    # WHEN the plan is exported for 100 days
    run.ok("export", str(plan), "--days", "100")

    # THEN the friend's first call is in it
    assert set(events(plan)) == set(expected_events(run, 100))
    assert any("Cora Friend" in e["summary"] for e in events(plan).values())


def test_calendar_uids_stay_the_same_from_one_export_to_the_next(
    run: Cli, tmp_path: Path, week: dict[str, int]
) -> None:
    # GIVEN the plan exported once
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    run.ok("export", str(first))

    # WHEN someone new is added and the plan exported again
    run.add("Rex New", "--kind", "referral")
    run.ok("export", str(second))

    # THEN every event of the first file is in the second under the same UID, unchanged
    before, after = events(first), events(second)
    assert set(before) < set(after)
    assert {k: after[k] for k in before} == before
    [new] = set(after) - set(before)
    assert "Rex New" in after[new]["summary"]


def test_calendar_of_the_demo_book_matches_its_pending_calls(run: Cli, tmp_path: Path) -> None:
    # GIVEN the demo book
    run.ok("demo", "--contacts", "40")
    plan = tmp_path / "plan.ics"

    # WHEN its plan for two weeks is exported
    run.ok("export", str(plan), "--days", "14")

    # THEN each pending touch due by then is one event, on its day or today if overdue
    until = (TODAY_DATE + timedelta(days=14)).isoformat()
    pending = run.query(
        "SELECT t.id, t.due_on, c.name, c.phone FROM touches t JOIN contacts c"
        " ON c.id = t.contact_id WHERE t.status = 'pending' AND t.due_on <= ?",
        until,
    )
    found = events(plan)
    assert len(found) == len(pending) > 10
    for touch_id, due, name, phone in pending:
        event = found[uid(touch_id)]
        assert event["start"] == max(date.fromisoformat(due), TODAY_DATE)
        assert name in event["summary"]
        if phone:
            assert f"Phone: {phone}" in event["description"]


def test_calendar_of_a_discreet_contact_says_call_and_names_no_product_or_email(
    run: Cli, tmp_path: Path
) -> None:
    # GIVEN two prospects with an email due today, one of them discreet
    run.add(
        "Pia Open", "--kind", "prospect", "--phone", "(212) 555-0101", "--email", "pia@example.com"
    )
    pat = run.add(
        "Pat Hush", "--kind", "prospect", "--phone", "(212) 555-0102", "--email", "pat@example.com"
    )
    # AND a discreet customer who bought a detox kit and a cleanse tea
    dana = run.add("Dana Hush", "--kind", "customer", "--email", "dana@example.com")
    run.order(dana, "DTX-7", "DTX-TEA", "--on", "2026-11-21")
    make_discreet(run, pat)
    make_discreet(run, dana)
    plan = tmp_path / "plan.ics"

    # WHEN the plan is exported
    run.ok("export", str(plan))

    # THEN the discreet ones are calls, with no email and no product named anywhere
    found = list(events(plan).values())
    hushed = [e for e in found if "Hush" in e["summary"]]
    assert {e["summary"].split(":")[0] for e in hushed} == {"Call Pat Hush", "Call Dana Hush"}
    text = plan.read_text(encoding="utf-8").replace("\r\n ", "")
    everything = text + "".join(e["summary"] + e["description"] for e in found)
    assert "pat@example.com" not in everything
    assert "dana@example.com" not in everything
    for product in run.json("products"):
        assert product["name"] not in everything, product["name"]
    assert all("Discreet: call only" in e["description"] for e in hushed)
    # AND the one not discreet is still an email, with her address
    [open_one] = [e for e in found if "Pia Open" in e["summary"]]
    assert open_one["summary"].startswith("Email Pia Open: ")
    assert "Email: pia@example.com" in open_one["description"]
