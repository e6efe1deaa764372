"""The preamble of every action that follows the playbooks: one transaction, the playbook
library, and her rules read inside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from sqlalchemy.orm import Session

from followup_tui.config import Settings
from followup_tui.domain.playbooks import Library, default_library
from followup_tui.domain.schedule import Rules
from followup_tui.services.settings import settings_pairs

if TYPE_CHECKING:
    from followup_tui.db.engine import Database


class Unit(NamedTuple):
    session: Session
    library: Library
    rules: Rules


@contextmanager
def write(db: Database, library: Library | None = None) -> Iterator[Unit]:
    """One write transaction (the write lock taken first, on SQLite): all of it lands, or
    none of it does. `library` defaults to the shipped playbooks."""
    with db.begin() as session:
        yield Unit(session, library or default_library(), _rules(session))


@contextmanager
def read(db: Database, library: Library | None = None) -> Iterator[Unit]:
    """A read, with what a write would have: the library and her rules."""
    with db.read() as session:
        yield Unit(session, library or default_library(), _rules(session))


def _rules(session: Session) -> Rules:
    # In the action's own session: one connection, and the rules as the transaction sees them.
    return Settings.from_pairs(settings_pairs(session)).rules


Result = TypeVar("Result")


class _Preview(Exception):
    """Raised to roll a preview's transaction back."""


def rolled_back(db: Database, library: Library | None, action: Callable[[Unit], Result]) -> Result:
    """What `action` would do, done in a write transaction that is then rolled back: a
    confirmation that says exactly what saving will do."""
    results: list[Result] = []
    try:
        with write(db, library) as work:
            results.append(action(work))
            raise _Preview
    except _Preview:
        pass
    return results[0]
