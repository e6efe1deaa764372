"""Second-round attacks on import and export: two imports of one file at once, files that
are not files, and links planted where an export writes.

    .venv/bin/python -m pytest tests/reliability/test_import_attacks.py -q -o addopts="" -s

The children that could hang or eat memory on a broken build (a FIFO, /dev/zero, a 2 GB
file) run as processes with a time limit and 1 GB of address space: a regression fails
the test instead of stalling or swapping the machine.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from followup_tui import cli

TODAY = "2026-11-23"
ROWS = 2000


def followup(db: Path, *argv: str) -> tuple[int, str, str]:
    """`followup ARGV --db DB --today TODAY` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    real_err = sys.stderr
    sys.stderr = err
    try:
        code = cli.main([*argv, "--db", str(db), "--today", TODAY], out=out)
    finally:
        sys.stderr = real_err
    return code, out.getvalue(), err.getvalue()


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def people_csv(path: Path, rows: int) -> Path:
    """`rows` different people, each with her own phone and email."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["First Name", "Last Name", "Mobile", "E-mail", "Notes"])
        for i in range(rows):
            writer.writerow(
                [f"Guest{i}", "Okafor", f"+1 212 555 {i:04d}", f"guest.{i}@example.com", "fair"]
            )
    return path


# --- two imports of one file at once -----------------------------------------------------

# An import through cli.main that stops once its plan is made (outside the write lock, as
# `followup import` makes it) until told to go on: both children hold a plan before either
# writes, the widest the race can be.
IMPORTER = r"""
import io, json, sys

from followup_tui import cli
from followup_tui.services import transfer

DB, TODAY, FILE = sys.argv[1:4]
real_preview = transfer.preview_import


def preview_then_wait(*args, **kwargs):
    plan = real_preview(*args, **kwargs)
    print("planned", flush=True)
    sys.stdin.readline()
    return plan


transfer.preview_import = preview_then_wait
print("ready", flush=True)
sys.stdin.readline()
out = io.StringIO()
code = cli.main(["import", FILE, "--db", DB, "--today", TODAY], out=out)
print(json.dumps({"code": code, "out": out.getvalue()}), flush=True)
"""


def expect_line(child: subprocess.Popen[str], word: str) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != word:
        child.kill()
        _, err = child.communicate(timeout=10)
        raise AssertionError(f"expected {word!r}, got {line!r}\n{err}")


def tell(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.write("go\n")
    child.stdin.flush()


def test_two_imports_of_one_file_at_once_add_everyone_once(tmp_path: Path) -> None:
    # GIVEN a book with one contact, and a spreadsheet of 2,000 other people
    db = tmp_path / "followup.db"
    code, _, err = followup(db, "add", "Dana Whitfield", "--kind", "customer")
    assert code == 0, err
    sheet = people_csv(tmp_path / "guests.csv", ROWS)

    # WHEN two shells import it at the same moment, both planning before either writes
    children = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(db), TODAY, str(sheet)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for _ in range(2)
    ]
    try:
        for child in children:
            expect_line(child, "ready")
        for child in children:
            tell(child)
        for child in children:
            expect_line(child, "planned")
        started = time.monotonic()
        for child in children:
            tell(child)
        results = [child.communicate(timeout=240) for child in children]
    finally:
        for child in children:
            child.kill()
    seconds = time.monotonic() - started

    replies = []
    for out, err in results:
        assert "Traceback" not in err, err
        replies.append(json.loads(out.strip().splitlines()[-1]))
    # THEN both succeed; one adds everyone, the other finds them all there already
    assert [r["code"] for r in replies] == [0, 0], replies
    summaries = sorted(r["out"].strip().splitlines()[-1] for r in replies)
    assert summaries == [
        "Imported guests.csv: 2000 added, 0 merged, 0 skipped, 0 rejected",
        "Nothing imported from guests.csv: 0 added, 0 merged, 2000 skipped, 0 rejected",
    ]
    # AND the book holds 2,000 + the one that was there, each guest once
    assert query(db, "SELECT count(*) FROM contacts WHERE NOT is_me") == [(ROWS + 1,)]
    assert query(db, "SELECT count(DISTINCT phone) FROM contacts WHERE phone IS NOT NULL") == [
        (ROWS,)
    ]
    print(f"\ntwo imports of {ROWS} rows at once: {ROWS + 1} contacts, {seconds:.1f} s")


# --- files that are not files ------------------------------------------------------------

# `followup import` in a child with 1 GB of address space: a read that runs on ends in
# MemoryError instead of swapping, a read that hangs is killed by the timeout.
CHILD_LIMIT = 1 << 30


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_LIMIT, CHILD_LIMIT))


def import_in_child(db: Path, file: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    argv = ["import", str(file), "--db", str(db), "--today", TODAY]
    code = "import sys; from followup_tui import cli; sys.exit(cli.main(sys.argv[1:]))"
    try:
        return subprocess.run(
            [sys.executable, "-c", code, *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            preexec_fn=limited,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"import of {file} still running after {timeout} s")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    db = tmp_path / "followup.db"
    code, _, err = followup(db, "add", "Dana Whitfield", "--kind", "customer")
    assert code == 0, err
    return db


def assert_refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert (done.returncode, done.stdout) == (2, ""), done
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert words in done.stderr, done.stderr


def test_importing_a_fifo_is_refused_at_once(tmp_path: Path, book: Path) -> None:
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)

    done = import_in_child(book, fifo)

    assert_refused(done, f"cannot import {fifo}: it is a named pipe (FIFO), not a regular file")
    assert query(book, "SELECT count(*) FROM contacts WHERE NOT is_me") == [(1,)]


def test_importing_a_link_to_dev_zero_is_refused_without_reading(
    tmp_path: Path, book: Path
) -> None:
    link = tmp_path / "contacts.csv"
    link.symlink_to("/dev/zero")

    done = import_in_child(book, link)

    assert_refused(done, f"cannot import {link}: it is a device, not a regular file")


def test_importing_a_socket_or_a_folder_is_refused(tmp_path: Path, book: Path) -> None:
    sock_path = tmp_path / "s.csv"
    with closing(socket.socket(socket.AF_UNIX)) as sock:
        sock.bind(str(sock_path))
        done = import_in_child(book, sock_path)
    assert_refused(done, f"cannot import {sock_path}: it is a socket, not a regular file")

    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert_refused(import_in_child(book, folder), f"{folder} is a folder, not a file")


def test_a_file_past_the_limit_is_refused_by_its_size(tmp_path: Path, book: Path) -> None:
    # GIVEN a 2.1 GB file (sparse: nothing is written to the disk)
    big = tmp_path / "everyone.csv"
    with big.open("wb") as file:
        file.write(b"Name\n")
        file.truncate(2_100_000_000)

    done = import_in_child(book, big)

    assert_refused(done, f"cannot import {big}: 2.1 GB is more than the 200 MB an import takes")


def test_a_file_that_grows_past_the_limit_after_the_check_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a small file that grows past the limit once it is open (another program still
    # writing it); the limit is 1 MB here so the test reads little
    from followup_tui.transfer import files

    path = tmp_path / "growing.csv"
    path.write_bytes(b"Name\nAnn Lee\n")
    monkeypatch.setattr(files, "MAX_IMPORT_BYTES", 1_000_000)
    real_fstat = os.fstat

    def grow_after_looking(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        os.truncate(path, 3_000_000)
        return found

    monkeypatch.setattr(os, "fstat", grow_after_looking)

    code, out, err = followup(tmp_path / "book.db", "import", str(path))

    # THEN it is refused by what was read, not read to its end
    assert (code, out) == (2, "")
    assert err == f"followup: cannot import {path}: it is larger than the 1 MB an import takes\n"
    assert not (tmp_path / "book.db").exists()


def test_a_fifo_swapped_in_after_the_check_neither_blocks_nor_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a regular file that becomes a FIFO between the look and the open (an attacker
    # racing the import in a shared folder)
    path = tmp_path / "contacts.csv"
    path.write_text("Name\nAnn Lee\n", encoding="utf-8")
    real_stat = os.stat
    swapped: list[Path] = []

    def swap_after_looking(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        found = real_stat(target, *args, **kwargs)
        if target == path and not swapped:
            swapped.append(path)
            path.unlink()
            os.mkfifo(path)
        return found

    monkeypatch.setattr(os, "stat", swap_after_looking)
    # A blocking open would wait for a writer forever: one comes after 5 s, so a
    # regression fails on the clock instead of hanging the run.
    unblock = threading.Timer(5, lambda: os.close(os.open(path, os.O_WRONLY)))
    unblock.daemon = True
    unblock.start()
    started = time.monotonic()
    try:
        code, out, err = followup(tmp_path / "book.db", "import", str(path))
    finally:
        took = time.monotonic() - started
        if unblock.is_alive():
            unblock.cancel()

    assert took < 3, f"the open waited {took:.1f} s for a writer"
    assert swapped == [path], "the file was never looked at"
    assert (code, out) == (2, ""), err
    assert err == f"followup: cannot import {path}: it is a named pipe (FIFO), not a regular file\n"


# --- links planted where an export writes --------------------------------------------------

VICTIM = b"her tax return, not to be touched\n"


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    """(book, a shared folder, a victim file outside it that she can write)."""
    db = tmp_path / "followup.db"
    code, _, err = followup(db, "add", "Ann Lee", "--kind", "customer", "--phone", "2125550134")
    assert code == 0, err
    folder = tmp_path / "shared"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(VICTIM)
    yield db, folder, victim


def exported_names(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [row[0] for row in list(csv.reader(file))[1:]]


def test_an_export_does_not_write_through_a_link_at_the_old_temporary_name(
    shared: tuple[Path, Path, Path],
) -> None:
    db, folder, victim = shared
    target = folder / "book.csv"
    # GIVEN someone planted a link at the name the export once used for its temporary file
    (folder / ".book.csv.partial").symlink_to(victim)

    code, out, err = followup(db, "export", str(target))

    assert (code, err) == (0, ""), err
    # THEN the victim is byte-identical, and the export is a file of its own, whole
    assert victim.read_bytes() == VICTIM
    assert not target.is_symlink() and exported_names(target) == ["Ann Lee"]
    assert (target.stat().st_mode & 0o777) == 0o600


def test_an_export_does_not_write_through_a_link_at_any_name_it_tries(
    shared: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, folder, victim = shared
    target = folder / "book.vcf"
    # GIVEN an attacker who can predict the temporary names (the random ones made
    # predictable here) and plants a link at the first two
    names = iter(["guess1", "guess2", "guess3"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    for guess in ("guess1", "guess2"):
        (folder / f".book.vcf.{guess}.partial").symlink_to(victim)

    code, _, err = followup(db, "export", str(target))

    # THEN the export steps past the links (an exclusive create refuses a name that is
    # taken, even by a link) and writes its own file
    assert (code, err) == (0, ""), err
    assert victim.read_bytes() == VICTIM
    assert "FN:Ann Lee" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".book.vcf.guess1.partial",
        ".book.vcf.guess2.partial",
        "book.vcf",
    ]


def test_an_export_over_a_link_replaces_the_link_not_what_it_points_at(
    shared: tuple[Path, Path, Path],
) -> None:
    # The export's name itself is a link (planted, or hers): the export takes its place,
    # as a new private file; the file it pointed at is left alone.
    db, folder, victim = shared
    target = folder / "book.csv"
    target.symlink_to(victim)

    code, _, err = followup(db, "export", str(target))

    assert (code, err) == (0, ""), err
    assert victim.read_bytes() == VICTIM
    assert not target.is_symlink() and exported_names(target) == ["Ann Lee"]
    assert (target.stat().st_mode & 0o777) == 0o600


def test_an_export_is_on_disk_before_it_takes_the_name(
    shared: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is synced before the rename, and the folder after it: a power cut leaves
    # the old export or the new one, never an empty file under the name.
    db, folder, _ = shared
    target = folder / "book.csv"
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("sync folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "sync file")
        real_fsync(fd)

    def replace(source: Any, destination: Any) -> None:
        steps.append("rename")
        real_replace(source, destination)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)

    code, _, err = followup(db, "export", str(target))

    assert (code, err) == (0, ""), err
    assert steps == ["sync file", "rename", "sync folder"]
    assert exported_names(target) == ["Ann Lee"]


def test_an_export_removes_the_temporary_files_a_killed_one_left(
    shared: tuple[Path, Path, Path],
) -> None:
    db, folder, victim = shared
    target = folder / "book.csv"
    hour_ago = time.time() - 3600

    def left(name: str, age: float = hour_ago) -> Path:
        path = folder / name
        path.write_text("Ann Lee,2125550134\n")
        os.utime(path, (age, age))
        return path

    # GIVEN what killed exports of book.csv left (her contacts, 0600, never reused names)
    stale = [left(".book.csv.k3_9zq0a.partial"), left(".book.csv.a1b2c3d4.partial")]
    # AND what is not ours to remove: a copy still being written, another export's,
    # a name mkstemp never makes, a link to her file, a folder
    kept = [
        left(".book.csv.x7y8z9w0.partial", age=time.time() - 30),
        left(".other.csv.a1b2c3d4.partial"),
        left(".book.csv.old.partial"),
    ]
    link = folder / ".book.csv.linkto00.partial"
    link.symlink_to(victim)
    os.utime(link, (hour_ago, hour_ago), follow_symlinks=False)
    (folder / ".book.csv.afolder0.partial").mkdir()

    # WHEN she exports to book.csv again
    code, out, err = followup(db, "export", str(target))

    # THEN the leftovers are gone, and nothing else was touched
    assert (code, err) == (0, ""), err
    assert not any(path.exists() for path in stale)
    assert all(path.is_file() for path in kept)
    assert link.is_symlink() and victim.read_bytes() == VICTIM
    assert (folder / ".book.csv.afolder0.partial").is_dir()
    assert exported_names(target) == ["Ann Lee"]
