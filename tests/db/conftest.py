"""Real SQLite files under tmp_path: opened, migrated and filled through the services."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from followup_tui.db.engine import Database, open_database
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said
from followup_tui.services import adding, calls, contacts, due, orders, parties

TODAY = date(2026, 11, 23)
"""A Monday."""


def url(path: Path) -> str:
    return f"sqlite:///{path}"


FIXTURE = Path(__file__).parent.parent / "fixtures" / "followup-0001.db"


def first_release_at(tmp_path: Path, revision: str) -> Path:
    """The first release's demo book, upgraded as far as `revision` (and no further):
    the book a migration after it starts from."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from followup_tui.db.revisions import MIGRATIONS

    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    engine = create_engine(url(path))
    with engine.connect() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()
    engine.dispose()
    return path


def row_counts(path: Path) -> dict[str, int]:
    """Rows in every table of the file, read with plain sqlite3 (no app code involved)."""
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in tables
        }


def dump(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return "\n".join(connection.iterdump())


def fill(db: Database) -> dict[str, int]:
    """A small book of business touching every table: returns a few ids."""
    dana = adding.add_contact(
        db,
        NewContact(
            name="Dana Whitfield",
            kind=Kind.CUSTOMER,
            phone="+12125550147",
            facts=(("perfume", "Chanel"), ("kids", "2")),
            note="Met at Holly's party",
        ),
        date(2026, 11, 2),
    )
    orders.record_order(db, dana, ["DTX-7", "HOM-CND"], date(2026, 11, 2), backorders=["HOM-CND"])
    rita = adding.add_contact(
        db,
        NewContact(name="Rita Moreno", kind=Kind.REFERRAL, referred_by=dana),
        date(2026, 11, 16),
    )
    lena = adding.add_contact(
        db,
        NewContact(
            name="Lena Ford", kind=Kind.LEAD, met_on=date(2026, 11, 20), facts=(("job", "nurse"),)
        ),
        TODAY,
    )
    holly = adding.add_contact(
        db, NewContact(name="Holly Rossi", kind=Kind.HOSTESS), date(2026, 11, 9)
    )
    party = parties.new_party(db, holly, date(2026, 11, 21), date(2026, 11, 9))
    parties.add_guest(db, party, lena, date(2026, 11, 9), wants_to_book=True)
    for touch in due.todays_calls(db, TODAY)[:3]:
        calls.log_outcome(db, touch.touch.id, Outcome(Reach.REACHED, Said.ALL_GOOD), TODAY)
    contacts.add_note(db, rita, "Call after 6pm", TODAY)
    return {"dana": dana, "rita": rita, "lena": lena, "holly": holly, "party": party}


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def db(db_file: Path) -> Iterator[Database]:
    database = open_database(url(db_file))
    yield database
    database.dispose()


@pytest.fixture
def filled(db: Database) -> dict[str, int]:
    return fill(db)
