"""One search for the app and the command line, over the demo book: every field, the
words that matched, and the command line finding exactly what the contacts screen does."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from followup_tui import cli
from followup_tui.db.engine import open_database
from followup_tui.domain.finding import Searchable, text_of
from followup_tui.services import contact_views
from tests.conftest import TODAY

SHOWN = 200  # as many as the contacts screen shows


@pytest.fixture(scope="module")
def book(demo_template: Path) -> contact_views.SearchBook:
    db = open_database(f"sqlite:///{demo_template}")
    try:
        return contact_views.searchable(db)
    finally:
        db.dispose()


def test_the_text_made_in_sql_is_the_domains(
    demo_template: Path, book: contact_views.SearchBook
) -> None:
    # GIVEN the demo book read as plain rows (facts by key, notes newest first, then the
    # notes logged with outcomes)
    with closing(sqlite3.connect(demo_template)) as connection:
        run = connection.execute
        people = {
            cid: Searchable(
                name,
                kind,
                level,
                phone,
                email,
                met_at,
                run(
                    "SELECT key, value FROM facts WHERE contact_id = ? ORDER BY key", (cid,)
                ).fetchall(),
                [
                    body
                    for (body,) in run(
                        "SELECT body FROM notes WHERE contact_id = ?"
                        " ORDER BY written_on DESC, id DESC",
                        (cid,),
                    )
                ]
                + [
                    note
                    for (note,) in run(
                        "SELECT note FROM outcomes WHERE contact_id = ? AND note != ''"
                        " ORDER BY occurred_on DESC, id DESC",
                        (cid,),
                    )
                ],
            )
            for cid, name, kind, level, phone, email, met_at in run(
                "SELECT id, name, kind, team_level, phone, email, met_at FROM contacts"
            )
        }
    # THEN the service's text of each is the domain's
    assert any(p.notes for p in people.values()) and any(p.facts for p in people.values())
    texts = book.index.texts_of(range(len(book.index)))
    for contact_id, text in zip(book.ids, texts, strict=True):
        assert text == text_of(people[contact_id]), contact_id
    # AND the index holds those texts folded (the words shown are read again by id)
    assert book.index.lowered == [text.casefold() for text in texts]


@pytest.mark.parametrize(
    ("query", "who", "words"),
    [
        ("jena broks", "Jenna Brooks", None),  # the name, a letter or two off
        ("0102", "Maria Lopez", "phone (202) 555-0102"),
        ("priya.shah@", "Priya Shah", "email priya.shah@example.com"),
        ("grocery", "Jenna Brooks", "met at the grocery store checkout"),
        ("chanel", "Jenna Brooks", "perfume: Chanel No 5"),
        ("trainer", "Tom Reilly", "job: personal trainer"),
        ("sister-in-law", "Maria Lopez", "note: Sally's sister-in-law; just moved here."),
        ("bloating", "Keisha Washington", "note: bloating in the mornings"),  # with an outcome
    ],
)
def test_each_field_finds_her_with_the_words(
    demo_template: Path, query: str, who: str, words: str | None
) -> None:
    db = open_database(f"sqlite:///{demo_template}")
    try:
        found = contact_views.search_contacts(db, query)
    finally:
        db.dispose()
    assert (who, words) in [(f.contact.name, f.matched) for f in found]


@pytest.mark.parametrize("query", ["nurse", "chanel", "target", "0199", "jen", "sally", "lead"])
def test_the_command_line_finds_what_the_contacts_screen_shows(
    demo_template: Path, book: contact_views.SearchBook, query: str
) -> None:
    # GIVEN the screen's index (as its worker builds it) and `followup contacts --search`
    rows = book.index.rank(query, SHOWN)
    screen = [
        (book.ids[row], m.words if (m := book.index.matched(row, query)) else None) for row in rows
    ]
    out = io.StringIO()
    argv = ["contacts", "--search", query, "--json", "--db", str(demo_template)]
    assert cli.main([*argv, "--today", TODAY.isoformat()], out=out) == 0
    said = [(c["id"], c["matched"]) for c in json.loads(out.getvalue())]
    # THEN the same contacts, in the same order, with the same words
    assert said[:SHOWN] == screen
