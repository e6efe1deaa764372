"""Finding someone already there reads only the rows that could match, and finds exactly
whom the import's matcher finds in the whole book."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from followup_tui.db.engine import Database, open_database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.errors import InputError
from followup_tui.services import adding, transfer
from followup_tui.transfer.plan import Match, OnDuplicate, find_match


@pytest.fixture
def demo(demo_path: Path) -> Database:
    return open_database(f"sqlite:///{demo_path}")


def variants(name: str) -> list[str]:
    first, _, last = name.partition(" ")
    return [name, name.upper(), f"{first} {last}e", f"{last} {first}", f"{first[0]}. {last}"]


def who(match: Match | None) -> tuple[int | None, str, str] | None:
    return (match.contact_id, match.name, match.why) if match else None


def test_the_narrowed_search_agrees_with_the_whole_book(demo: Database) -> None:
    # GIVEN every contact of the demo, and for each a few spellings of her name, with
    # and without her phone and email
    book = transfer.known_contacts(demo)
    with demo.read() as session:
        for known in book:
            for name in variants(known.name):
                for phone, email in ((None, None), (known.phone, None), (None, known.email)):
                    new = NewContact(name=name, kind=Kind.LEAD, phone=phone, email=email)
                    # THEN the rows read are enough: the same match as the whole book gives
                    found = adding.find_duplicate(session, new)
                    whole = find_match(book, name, phone, email)
                    assert who(found) == who(whole), (name, phone, email)
    demo.dispose()


def test_a_refusal_writes_nothing(demo: Database, today: date) -> None:
    new = NewContact(name="Dana Kim", kind=Kind.LEAD, facts=(("job", "nurse"),), note="hi")
    with demo.read() as session:
        before = session.connection().exec_driver_sql("SELECT count(*) FROM facts").scalar()
    with pytest.raises(adding.AlreadyThere) as refused:
        adding.save_contact(demo, new, today)
    assert isinstance(refused.value, InputError)
    assert str(refused.value) == "already there: #6 Dana Kim (same name)"
    assert refused.value.match.contact_id == 6
    with demo.read() as session:
        after = session.connection().exec_driver_sql("SELECT count(*) FROM facts").scalar()
    assert after == before
    demo.dispose()


def test_a_merge_is_one_transaction_with_its_words(demo: Database, today: date) -> None:
    new = NewContact(name="Dana Kim", kind=Kind.LEAD, facts=(("pets", "a cat"),))
    saved = adding.save_contact(demo, new, today, OnDuplicate.MERGE)
    assert saved == adding.Saved(6, "merged into #6 Dana Kim (same name): added 1 fact (pets)")
    with demo.read() as session:
        facts = session.connection().exec_driver_sql(
            "SELECT key, value, noted_on FROM facts WHERE contact_id = 6 AND key = 'pets'"
        )
        assert list(facts) == [("pets", "a cat", today.isoformat())]
    demo.dispose()


@pytest.mark.parametrize("typed", ["ZOË OKAFOR", "Zoe Okafor", "zoë okafor-smith"])
def test_names_beyond_ascii_are_found_whatever_their_case(
    db: Database, today: date, typed: str
) -> None:
    # SQLite's LIKE folds ASCII case only: the search must not miss Zoë as ZOË
    zoe = adding.add_contact(db, NewContact(name="Zoë Okafor", kind=Kind.CIRCLE), today)
    with db.read() as session:
        found = adding.find_duplicate(session, NewContact(name=typed, kind=Kind.LEAD))
    whole = find_match(transfer.known_contacts(db), typed)
    assert who(found) == who(whole)
    if typed != "zoë okafor-smith":
        assert found is not None and found.contact_id == zoe
