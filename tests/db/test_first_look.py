"""The first frame's list (db.first_look): plain SQLite, the same calls in the same order
as services.todays_calls; None for any file the normal path must decide about. And the
catalogue sync that open_database skips while data/products.toml has not changed."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from followup_tui import catalogue, cli
from followup_tui.db import revisions
from followup_tui.db.engine import CATALOGUE_SIGNATURE, Database, open_database
from followup_tui.db.first_look import WINDOW, FirstLook, first_look
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said
from followup_tui.domain.today import DueTouch
from followup_tui.paths import database_url, sqlite_file
from followup_tui.resources import data_dir
from followup_tui.services import adding, due, orders
from followup_tui.services import calls as desk
from followup_tui.services import contacts as contact_changes
from followup_tui.services import settings as stored_settings

from .conftest import TODAY, url

FIXTURES = Path(__file__).parent.parent / "fixtures"
CORPORATE_SKU = "SKN-SER-C"
"""A product shipped from corporate when it is backordered (see tests/cli/test_backorders)."""


FEW = settings(
    max_examples=15,
    deadline=None,
    database=None,  # no .hypothesis folder in the project
    suppress_health_check=[HealthCheck.too_slow],
)


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new book at the head schema with the catalogue in it, copied for each example."""
    path = tmp_path_factory.mktemp("first-look") / "empty.db"
    open_database(url(path)).dispose()
    return path


@contextmanager
def fresh_book(template: Path) -> Iterator[tuple[Path, Database]]:
    """A private copy of `template`, opened; hypothesis examples cannot use tmp_path."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.db"
        shutil.copyfile(template, path)
        db = open_database(url(path))
        try:
            yield path, db
        finally:
            db.dispose()


def expected(db: Database, today: date) -> FirstLook:
    """What the first look must say: the normal path's list and counts."""
    calls = due.todays_calls(db, today)
    return FirstLook(
        items=calls[:WINDOW],
        due=len(calls),
        overdue=sum(1 for item in calls if item.overdue_days(today) > 0),
        done=due.day_counts(db, today).done,
    )


def look(path: Path, today: date) -> FirstLook:
    found = first_look(path, today)
    assert found is not None, "a book at the head schema takes the fast path"
    return found


def described(items: list[DueTouch]) -> list[tuple[str, str, str, date, int]]:
    """Enough of each row to read a failure."""
    return [(i.name, i.touch.playbook, i.touch.step, i.touch.due, i.touch.priority) for i in items]


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass(frozen=True)
class Added:
    """One contact added `days_before` today, in one of the ways a touch comes due."""

    how: str
    days_before: int
    priority_twin: bool = False
    """Add a second contact the same way on the same day: equal due dates and priorities."""


GROUPS = ("referral", "corporate-backorder")
HOWS = ("referral", "prospect", "lead", "hostess", "team", "corporate", "backorder")


def add(db: Database, n: int, added: Added, today: date) -> None:
    on = today - timedelta(days=added.days_before)
    name = f"{added.how.title()} {n:03d}"
    if added.how == "lead":
        new = NewContact(name=name, kind=Kind.LEAD, met_on=on - timedelta(days=1))
        adding.add_contact(db, new, on)
    elif added.how in ("corporate", "backorder"):
        contact = adding.add_contact(db, NewContact(name=name, kind=Kind.CUSTOMER), on)
        orders.record_order(
            db,
            contact,
            [CORPORATE_SKU, "DTX-7"],
            on,
            backorders=[CORPORATE_SKU],
            corporate=added.how == "corporate",
        )
    else:
        adding.add_contact(db, NewContact(name=name, kind=Kind(added.how)), on)


added_contacts = st.lists(
    st.builds(
        Added,
        how=st.sampled_from(HOWS),
        days_before=st.integers(min_value=0, max_value=12),
        priority_twin=st.booleans(),
    ),
    min_size=1,
    max_size=14,
)


# --- the same list as the normal path ----------------------------------------------------


class TestSameAsTodaysCalls:
    def test_demo_book(self, demo_path: Path, today: date) -> None:
        # GIVEN the demo book, with a couple of calls worked this morning
        db = open_database(url(demo_path))
        calls = due.todays_calls(db, today)
        desk.log_outcome(db, calls[0].touch.id, Outcome(Reach.REACHED, Said.ALL_GOOD), today)
        desk.log_outcome(db, calls[3].touch.id, Outcome(Reach.NO_ANSWER), today)
        want = expected(db, today)
        db.dispose()

        # WHEN the first frame reads it
        found = look(demo_path, today)

        # THEN it shows the same calls, in the same order, with the same counts
        assert described(found.items) == described(want.items)
        assert found == want
        assert found.done == 2
        assert found.overdue > 0, "the demo has overdue calls: the count is exercised"

    @pytest.mark.parametrize("later", [1, 9], ids=["tomorrow", "nine-days-on"])
    def test_demo_book_on_a_later_day(self, demo_path: Path, today: date, later: int) -> None:
        # GIVEN the demo book left alone for a while: today's calls are now overdue
        day = today + timedelta(days=later)
        db = open_database(url(demo_path))
        want = expected(db, day)
        db.dispose()

        # THEN the first look still agrees with the normal path
        assert look(demo_path, day) == want
        assert want.overdue > 0

    @FEW
    @given(contacts=added_contacts, look_after=st.integers(0, 4), worked=st.integers(0, 3))
    def test_generated_books(
        self, empty_template: Path, contacts: list[Added], look_after: int, worked: int
    ) -> None:
        today = TODAY + timedelta(days=look_after)
        with fresh_book(empty_template) as (path, db):
            # GIVEN referrals, corporate backorders, overdue and due-today touches, some
            # with equal due dates and priorities
            n = 0
            for added in contacts:
                for _ in range(2 if added.priority_twin else 1):
                    add(db, n, added, TODAY)
                    n += 1
            # ... one call worked on an earlier day (it does not count as done today)
            earlier = due.todays_calls(db, today - timedelta(days=1))
            if earlier:
                desk.log_outcome(
                    db, earlier[-1].touch.id, Outcome(Reach.VOICEMAIL), today - timedelta(days=1)
                )
            # ... and a few worked today
            for _ in range(worked):
                calls = due.todays_calls(db, today)
                if calls:
                    desk.log_outcome(db, calls[0].touch.id, Outcome(Reach.NO_ANSWER), today)
            want = expected(db, today)
            for item in want.items:
                event(item.touch.playbook if item.touch.playbook in GROUPS else "other")
                event("overdue" if item.overdue_days(today) else "due today")

            # WHEN the first frame reads it
            found = look(path, today)

        # THEN it is what the normal path would show
        assert described(found.items) == described(want.items)
        assert found == want

    def test_more_than_a_window_due(self, tmp_path: Path) -> None:
        # GIVEN about 300 due calls: referrals and corporate backorders of several days, overdue
        # prospects, today's prospects and leads (many on the same day and priority)
        path = tmp_path / "big.db"
        db = open_database(url(path))
        plan = (
            [Added("referral", d % 4) for d in range(80)]
            + [Added("corporate", d % 3) for d in range(12)]
            + [Added("prospect", d % 7) for d in range(150)]
            + [Added("lead", 3) for _ in range(30)]
            + [Added("hostess", 1) for _ in range(28)]
        )
        for n, added in enumerate(plan):
            add(db, n, added, TODAY)
        full = due.todays_calls(db, TODAY)
        done = due.day_counts(db, TODAY).done
        db.dispose()
        assert len(full) > WINDOW + 50

        # WHEN the first frame reads it
        found = look(path, TODAY)

        # THEN it has exactly the first window of the full order, and counts them all
        assert len(found.items) == WINDOW
        assert described(found.items) == described(full[:WINDOW])
        assert found.items == full[:WINDOW]
        assert (found.due, found.done) == (len(full), done)
        assert found.overdue == sum(1 for item in full if item.overdue_days(TODAY))

    def test_a_path_with_uri_characters(self, demo_path: Path, tmp_path: Path) -> None:
        # GIVEN the book in a folder whose name means something in a URI
        folder = tmp_path / "100% mine #2"
        folder.mkdir()
        path = folder / "my book.db"
        shutil.copyfile(demo_path, path)
        db = open_database(database_url(str(path)))
        want = expected(db, TODAY)
        db.dispose()

        # THEN it is still read, from that very file
        assert look(path, TODAY) == want
        assert want.due > 0

    @pytest.mark.parametrize("name", ["book?.db", "50%20off.db"])
    def test_a_path_sqlalchemy_reads_as_a_url(
        self, demo_path: Path, tmp_path: Path, name: str
    ) -> None:
        # GIVEN the book at a path with "?" or "%20" in it, given as `--db` would give it
        path = tmp_path / name
        shutil.copyfile(demo_path, path)
        given_url = database_url(str(path))

        # WHEN the desk looks first, then opens the book behind it
        found = first_look(sqlite_file(given_url) or path, TODAY)
        db = open_database(given_url)
        want = expected(db, TODAY)
        db.dispose()

        # THEN both read the same book
        assert found == want

    def test_nothing_due(self, empty_template: Path, tmp_path: Path) -> None:
        path = tmp_path / "empty.db"
        shutil.copyfile(empty_template, path)
        assert look(path, TODAY) == FirstLook(items=[], due=0, overdue=0, done=0)


# --- anything else is left to the normal path --------------------------------------------


def missing(folder: Path) -> Path:
    return folder / "nothing-here.db"


def not_sqlite(folder: Path) -> Path:
    path = folder / "notes.db"
    path.write_text("Dana: call after 6pm\n" * 200, encoding="utf-8")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.db"
    path.touch()
    return path


def another_program(folder: Path) -> Path:
    """Another program's SQLite file: a rollback journal, no alembic_version."""
    path = folder / "other.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE touches (id INTEGER PRIMARY KEY, status TEXT)")
        connection.execute("INSERT INTO touches VALUES (1, 'pending')")
        connection.commit()
    return path


def another_program_wal(folder: Path) -> Path:
    """Another program's SQLite file in WAL mode (browsers, most apps of today)."""
    path = folder / "other-wal.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO places VALUES (1, 'https://example.org')")
        connection.commit()
    return path


def same_revision_other_tables(folder: Path) -> Path:
    """Another program that also uses Alembic, and is at a revision called 0003."""
    path = folder / "alembic-too.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('0003')")
        connection.commit()
    return path


def schema_0001(folder: Path) -> Path:
    path = folder / "followup-0001.db"
    shutil.copyfile(FIXTURES / "followup-0001.db", path)
    return path


def a_folder(folder: Path) -> Path:
    path = folder / "a-folder.db"
    path.mkdir()
    return path


class TestLeftToTheNormalPath:
    @pytest.mark.parametrize(
        "make",
        [
            missing,
            not_sqlite,
            empty_file,
            another_program,
            same_revision_other_tables,
            schema_0001,
            a_folder,
            pytest.param(
                another_program_wal,
            ),
        ],
    )
    def test_none_and_nothing_written(self, tmp_path: Path, make: Callable[[Path], Path]) -> None:
        # GIVEN a file that is not a followup book at the current schema
        path = make(tmp_path)
        before = folder_state(tmp_path)

        # WHEN the first frame tries it
        found = first_look(path, TODAY)

        # THEN it says nothing, creates no file and changes no byte
        assert found is None
        assert folder_state(tmp_path) == before

    def test_a_newer_schema(self, demo_path: Path) -> None:
        with closing(sqlite3.connect(demo_path)) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '9001'")
            connection.commit()
        assert first_look(demo_path, TODAY) is None

    def test_a_book_at_head_without_the_new_index(self, demo_path: Path) -> None:
        # A file claiming 0003 but without its index (hand-edited, half-restored): the
        # normal path decides; no error reaches the first frame.
        with closing(sqlite3.connect(demo_path)) as connection:
            connection.execute("DROP INDEX ix_touches_pending_order")
            connection.commit()
        assert first_look(demo_path, TODAY) is None

    def test_another_programs_wal_left_by_a_killed_writer(self, tmp_path: Path) -> None:
        # GIVEN another program's WAL file whose writer died: its rows only in the -wal
        path = tmp_path / "other.db"
        script = (
            "import os, sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "c.execute('PRAGMA journal_mode=WAL')\n"
            "c.execute('PRAGMA wal_autocheckpoint=0')\n"
            "c.execute('CREATE TABLE visits (id INTEGER PRIMARY KEY, url TEXT)')\n"
            "c.executemany('INSERT INTO visits (url) VALUES (?)', [('u',)] * 100)\n"
            "c.commit()\n"
            "os._exit(0)\n"
        )
        subprocess.run([sys.executable, "-c", script, str(path)], check=True)
        before = {k: v for k, v in folder_state(tmp_path).items() if not k.endswith("-shm")}
        assert "other.db-wal" in before

        # WHEN the first frame tries it, THEN it says nothing and the -wal is not merged in
        assert first_look(path, TODAY) is None
        after = {k: v for k, v in folder_state(tmp_path).items() if not k.endswith("-shm")}
        assert after == before

    def test_our_book_open_in_another_window(self, demo_path: Path) -> None:
        # GIVEN the book open elsewhere, a change still in its -wal
        with closing(sqlite3.connect(demo_path)) as window:
            window.execute("PRAGMA wal_autocheckpoint=0")
            window.execute("UPDATE contacts SET name = 'Changed Elsewhere'")
            window.commit()
            wal = demo_path.with_name(demo_path.name + "-wal").read_bytes()
            # WHEN the first frame reads it, THEN it reads the change and leaves the -wal
            found = look(demo_path, TODAY)
            assert {item.name for item in found.items} == {"Changed Elsewhere"}
            assert demo_path.with_name(demo_path.name + "-wal").read_bytes() == wal


class TestKeptInStep:
    def test_head_revision_is_the_newest_migration(self) -> None:
        newest = max(p.name[:4] for p in (revisions.MIGRATIONS / "versions").glob("[0-9]*.py"))
        assert newest == revisions.HEAD_REVISION

    def test_importing_it_does_not_import_sqlalchemy(self) -> None:
        probe = (
            "import sys, followup_tui.db.first_look; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "[]"


# --- the catalogue sync --------------------------------------------------------------------


def products(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT sku, name, category, reorder_day, price_cents FROM products ORDER BY sku"
        ).fetchall()


def stored_signature(path: Path) -> str | None:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute(
            "SELECT value FROM settings WHERE key = ?", (CATALOGUE_SIGNATURE,)
        ).fetchone()
    return None if row is None else str(row[0])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


NEW_PRODUCT = """
[[products]]
sku = "TST-NEW"
name = "Test Travel Kit"
category = "other"
price = 12.50
"""


@pytest.fixture
def edited_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The consultant's own catalogue: DTX-7 now 41.50, and one product more."""
    shipped = catalogue.catalogue_path()
    text = shipped.read_text(encoding="utf-8")
    old = 'sku = "DTX-7"\nname = "7-Day Detox Kit"\ncategory = "detox"\nreorder_day = 14\n'
    assert old + "price = 39.00\n" in text
    edited = tmp_path / "products.toml"
    edited.write_text(
        text.replace(old + "price = 39.00\n", old + "price = 41.50\n") + NEW_PRODUCT,
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogue, "catalogue_path", lambda: edited)
    return edited


class TestCatalogueSync:
    def test_first_open_stores_the_catalogue_and_its_signature(self, db_file: Path) -> None:
        open_database(url(db_file)).dispose()
        assert {row[0] for row in products(db_file)} == {p.sku for p in catalogue.load_catalogue()}
        assert stored_signature(db_file) == sha256(catalogue.catalogue_path())

    def test_second_open_writes_nothing(self, db_file: Path) -> None:
        open_database(url(db_file)).dispose()
        before = products(db_file)
        with closing(sqlite3.connect(db_file)) as watcher:

            def version() -> int:
                return int(watcher.execute("PRAGMA data_version").fetchone()[0])

            start = version()
            # WHEN the book is opened again with the same catalogue
            open_database(url(db_file)).dispose()
            # THEN no other connection committed anything
            assert version() == start
            # (and the watch does see a write when there is one)
            db = open_database(url(db_file))
            contact_changes.add_note(
                db, adding.add_contact(db, NewContact("Ada", Kind.PROSPECT), TODAY), "hi", TODAY
            )
            db.dispose()
            assert version() != start
        assert products(db_file) == before

    def test_a_changed_catalogue_is_synced_on_open(
        self, db_file: Path, edited_catalogue: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # GIVEN a book made with the shipped catalogue
        shipped = data_dir() / "products.toml"
        monkeypatch.setattr(catalogue, "catalogue_path", lambda: shipped)
        open_database(url(db_file)).dispose()
        assert ("DTX-7", 3900) in {(row[0], row[4]) for row in products(db_file)}

        # WHEN she edits her catalogue and opens the book
        monkeypatch.setattr(catalogue, "catalogue_path", lambda: edited_catalogue)
        db = open_database(url(db_file))
        listed = {p.sku: p for p in orders.catalogue(db)}
        db.dispose()

        # THEN the price and the new product are there, and the new file's signature
        assert listed["DTX-7"].price_cents == 4150
        assert listed["TST-NEW"].name == "Test Travel Kit"
        assert listed["TST-NEW"].price_cents == 1250
        assert len(listed) == len(catalogue.load_catalogue(shipped)) + 1
        rows = {row[0]: row for row in products(db_file)}
        assert rows["DTX-7"][4] == 4150
        assert rows["TST-NEW"] == ("TST-NEW", "Test Travel Kit", "other", None, 1250)
        assert stored_signature(db_file) == sha256(edited_catalogue)

    def test_an_upgraded_book_gets_the_catalogue(self, tmp_path: Path) -> None:
        path = schema_0001(tmp_path)
        open_database(url(path)).dispose()
        assert stored_signature(path) == sha256(catalogue.catalogue_path())
        assert {row[0] for row in products(path)} >= {p.sku for p in catalogue.load_catalogue()}


class TestBookkeepingIsNotASetting:
    def test_settings_do_not_show_the_signature(self, db: Database, db_file: Path) -> None:
        # GIVEN a book with her own setting and the catalogue's signature row
        stored_settings.save_settings(
            db, replace(stored_settings.load_settings(db), phone_region="GB")
        )
        assert stored_signature(db_file) is not None

        # THEN neither the settings read back nor the raw pairs show the bookkeeping row
        with db.read() as session:
            pairs = stored_settings.settings_pairs(session)
        assert CATALOGUE_SIGNATURE not in pairs
        assert not any(key.startswith("_") for key in pairs)
        assert pairs["phone_region"] == "GB", "a key with '_' inside is still hers"
        assert CATALOGUE_SIGNATURE not in stored_settings.load_settings(db).as_pairs()

    def test_followup_settings_does_not_list_it(self, db_file: Path) -> None:
        open_database(url(db_file)).dispose()
        out = io.StringIO()
        assert cli.main(["settings", "--db", str(db_file)], out=out) == 0
        shown = out.getvalue()
        assert "phone_region" in shown
        assert "catalogue" not in shown

        out = io.StringIO()
        assert cli.main(["settings", "--json", "--db", str(db_file)], out=out) == 0
        assert "catalogue" not in out.getvalue()


def test_a_look_begun_ahead_is_the_look_taken(demo_path: Path, today: date) -> None:
    # cli/launch.py begins the look while Textual imports; the desk's first_look takes it.
    from followup_tui.db import first_look as module

    open_database(url(demo_path)).dispose()  # at the current schema, as on every start
    direct = first_look(demo_path, today)
    assert direct is not None and direct.items
    module.look_ahead(demo_path, today)
    module.look_ahead(demo_path, today + timedelta(days=1))
    assert first_look(demo_path, today) == direct
    assert (demo_path, today) not in module._ahead  # taken once
    assert first_look(demo_path, today) == direct  # and asked again after
    assert first_look(demo_path, today + timedelta(days=1)) is not None
    assert not module._ahead
