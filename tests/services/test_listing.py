"""The reads without the ORM (services.listing) give what the mapped reads gave: the
same contacts in the same order, the same calls, the same answer to "anything to fold?"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from followup_tui.db.engine import Database, open_database
from followup_tui.domain.model import Kind
from followup_tui.domain.playbooks import default_library
from followup_tui.services import _runs, contact_views, listing, orders

from .test_reorder_track import new_customer

TODAY = date(2026, 11, 23)


@pytest.fixture
def book(demo_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{demo_path}")
    yield database
    database.dispose()


@pytest.mark.parametrize("kind", [None, *Kind])
def test_listed_contacts_are_the_mapped_ones_in_the_same_order(
    book: Database, kind: Kind | None
) -> None:
    mapped = contact_views.find_contacts(book, kind=kind)
    listed = listing.listed_contacts(book, kind)
    assert [
        (c.id, c.name, c.kind.value, c.level.value if c.level else None)
        + (c.phone, c.email, c.do_not_contact, c.is_me)
        for c in mapped
    ] == [tuple(c) for c in listed]


@pytest.mark.parametrize("days", [-30, 0, 1, 7, 60])
def test_calls_due_are_the_mapped_read_s(book: Database, days: int) -> None:
    until = TODAY + timedelta(days=days)
    library = default_library()
    assert listing.calls_due(book, until, library) == _runs.due_calls(book, until, None, library)


def test_welcome_calls_to_fold_says_what_the_fold_would_find(db: Database) -> None:
    # GIVEN a detox kit (reorder day 14) ordered on Nov 9, no welcome call worked
    new_customer(db, "DTX-7", date(2026, 11, 9))
    # THEN the read sees something to fold on the reorder day and after, not before
    for day in (date(2026, 11, 10), date(2026, 11, 22), TODAY, TODAY + timedelta(days=3)):
        with db.read() as session:
            expected = bool(orders._welcome_to_fold(session, day))
        assert listing.welcome_calls_to_fold(db, day) is expected
    assert listing.welcome_calls_to_fold(db, TODAY)
    # AND once folded, nothing is left to fold
    orders.fold_welcome_calls(db, TODAY)
    assert not listing.welcome_calls_to_fold(db, TODAY)


def test_the_demo_book_folds_as_the_mapped_read_says(book: Database) -> None:
    for offset in range(0, 90, 3):
        day = TODAY + timedelta(days=offset)
        with book.read() as session:
            expected = bool(orders._welcome_to_fold(session, day))
        assert listing.welcome_calls_to_fold(book, day) is expected
