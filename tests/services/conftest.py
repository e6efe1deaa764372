"""The service layer on real SQLite files under tmp_path: each action called directly,
the database read back to see what it holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from followup_tui.db.engine import Database, open_database

TODAY = date(2026, 11, 23)
"""A Monday."""


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'book.db'}")
    yield database
    database.dispose()
