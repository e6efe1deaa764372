"""Merging two records of one person, and forgetting a person, called directly (issue 13,
"Duplicates, and a way to clean up"). Today, 2026-11-23, is a Monday."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from followup_tui.db import tables
from followup_tui.db.engine import Database
from followup_tui.domain.model import (
    ContactChanges,
    Kind,
    NewContact,
    Outcome,
    Reach,
    Said,
    TouchStatus,
)
from followup_tui.errors import InputError
from followup_tui.services import (
    adding,
    calls,
    contact_views,
    contacts,
    forget,
    me,
    merge,
    orders,
    parties,
)
from followup_tui.services.undo import SHELL_UNDO, remember

FRIDAY = date(2026, 11, 27)


def rows(db: Database, sql: str, **params: object) -> list[tuple[object, ...]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(text(sql), params)]


def count(db: Database, table: str, where: str = "1", **params: object) -> int:
    [(n,)] = rows(db, f"SELECT count(*) FROM {table} WHERE {where}", **params)
    assert isinstance(n, int)
    return n


def counts(db: Database) -> dict[str, int]:
    """Rows in every table of the schema."""
    return {name: count(db, name) for name in tables.metadata.tables}


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: equal dumps mean nothing was written."""
    return {name: rows(db, f'SELECT * FROM "{name}" ORDER BY 1') for name in tables.metadata.tables}


def pending(db: Database, contact_id: int, today: date) -> list[tuple[str, date]]:
    detail = contact_views.contact_detail(db, contact_id, today)
    return [(p.touch.playbook, p.touch.due) for p in detail.pending]


def first_pending(db: Database, contact_id: int, today: date) -> int:
    return contact_views.contact_detail(db, contact_id, today).pending[0].touch.id


@dataclass(frozen=True)
class Pair:
    keep: int
    other: int
    hostess: int
    rita: int
    party: int


@pytest.fixture
def pair(db: Database, today: date) -> Pair:
    """Dana Brooks, a lead met at the grocery store, and "Dana B.", added again a week
    later from a party: she ordered there, told her job and another perfume, her first
    call was worked, and she referred Rita."""
    week_ago = today - timedelta(days=7)
    keep = adding.add_contact(
        db,
        NewContact(
            "Dana Brooks",
            Kind.LEAD,
            phone="+12025550143",
            met_at="grocery store",
            met_on=week_ago,
            facts=(("perfume", "Chanel No 5"), ("kids", "2")),
            note="likes texts after 6pm",
        ),
        week_ago,
    )
    hostess = adding.add_contact(db, NewContact("Hana Host", Kind.CUSTOMER), week_ago)
    party = parties.new_party(db, hostess, today - timedelta(days=1), week_ago, place="her house")
    other = adding.add_contact(
        db,
        NewContact(
            "Dana B.",
            Kind.LEAD,
            phone="+12025550199",
            email="dana@example.com",
            facts=(("perfume", "Dior"), ("job", "nurse")),
            note="asked about the lip balm",
        ),
        week_ago,
    )
    parties.add_guest(db, party, other, week_ago, wants_to_book=True)
    orders.record_order(db, other, ["DTX-7"], today, ordered_on=today - timedelta(days=1))
    calls.log_outcome(
        db, first_pending(db, other, today), Outcome(Reach.REACHED, Said.ALL_GOOD), today
    )
    rita = adding.add_contact(
        db, NewContact("Rita Referred", Kind.REFERRAL, referred_by=other), today
    )
    return Pair(keep, other, hostess, rita, party)


class TestMerge:
    def test_nothing_is_lost(self, db: Database, pair: Pair, today: date) -> None:
        # GIVEN both records, every table counted, and what each holds
        before = counts(db)
        hers = {
            table: count(db, table, "contact_id IN (:k, :o)", k=pair.keep, o=pair.other)
            for table in ("notes", "orders", "outcomes", "touches", "runs", "kind_changes")
        }
        guest_places = count(db, "party_guests", "contact_id = :o", o=pair.other)

        # WHEN Dana B. is merged into Dana Brooks
        merged = merge.merge(db, pair.keep, pair.other, today)

        # THEN one contact less; the clashing perfume became a note line, nothing else went
        after = counts(db)
        assert after["contacts"] == before["contacts"] - 1
        assert after["facts"] == before["facts"] - 1  # Dior, kept in the note below
        assert after["notes"] == before["notes"] + 1
        for table in before.keys() - {"contacts", "facts", "notes"}:
            assert after[table] >= before[table], table
        # every row of either record is the kept one's now
        for table, n in hers.items():
            extra = 1 if table in ("notes", "kind_changes") else 0  # the note; became customer
            assert count(db, table, "contact_id = :k", k=pair.keep) >= n + extra, table
            assert count(db, table, "contact_id = :o", o=pair.other) == 0, table
        assert count(db, "party_guests", "contact_id = :k", k=pair.keep) == guest_places
        assert rows(db, "SELECT referred_by_id FROM contacts WHERE id = :r", r=pair.rita) == [
            (pair.keep,)
        ]
        detail = contact_views.contact_detail(db, pair.keep, today)
        assert detail.facts == {"perfume": "Chanel No 5", "kids": "2", "job": "nurse"}
        assert (detail.contact.phone, detail.contact.email) == ("+12025550143", "dana@example.com")
        assert detail.contact.kind is Kind.CUSTOMER  # Dana B. had ordered
        assert any(
            "perfume: Dior (kept: Chanel No 5)" in note.body
            and "name: Dana B. (kept: Dana Brooks)" in note.body
            and "phone: +12025550199 (kept: +12025550143)" in note.body
            for note in detail.notes
        )
        # and the summary says what it combined
        assert (merged.facts, merged.notes, merged.orders, merged.party_places) == (1, 1, 1, 1)
        assert merged.referrals == 1
        assert merged.history >= 1 and merged.pending >= 1
        with pytest.raises(InputError, match=f"no contact with id {pair.other}"):
            contact_views.contact_detail(db, pair.other, today)

    def test_one_next_call_per_playbook_the_earlier_kept(self, db: Database, today: date) -> None:
        # GIVEN two lead records of one person, the newer one met earlier: her call is first
        keep = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=today), today)
        other = adding.add_contact(
            db, NewContact("Lena Ford", Kind.LEAD, met_on=today - timedelta(days=2)), today
        )
        [(_, keep_due)] = pending(db, keep, today)
        [(_, other_due)] = pending(db, other, today)
        assert other_due < keep_due

        # WHEN merged
        merged = merge.merge(db, keep, other, today)

        # THEN one lead call, the earlier; the later one closed, and her history says why
        assert pending(db, keep, today) == [("lead", other_due)]
        assert merged.closed == ((f"merged into #{keep}", 1),)
        history = contact_views.contact_detail(db, keep, today).history
        assert [(h.closed, h.reason) for h in history] == [
            (TouchStatus.ENDED, f"merged into #{keep}")
        ]

    def test_a_no_carries_over_and_ends_the_other_records_selling_calls(
        self, db: Database, today: date
    ) -> None:
        # GIVEN Lena said "not interested" today; her second record is on the lead ladder
        keep = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=today), today)
        calls.log_outcome(
            db, first_pending(db, keep, today), Outcome(Reach.REACHED, Said.NOT_INTERESTED), today
        )
        other = adding.add_contact(db, NewContact("Lena F.", Kind.LEAD, met_on=today), today)

        # WHEN merged
        merge.merge(db, keep, other, today)

        # THEN no lead call is left: only the gentle reconnect
        assert [playbook for playbook, _ in pending(db, keep, today)] == ["reconnect"]
        assert contact_views.contact_detail(db, keep, today).contact.said_no_on == today

    def test_do_not_contact_carries_over(self, db: Database, today: date) -> None:
        keep = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=today), today)
        other = adding.add_contact(db, NewContact("Lena F.", Kind.CIRCLE), today)
        contacts.update_contact(
            db,
            other,
            ContactChanges("Lena F.", Kind.CIRCLE, None, None, None, None, None, False, True),
            today,
        )
        merge.merge(db, keep, other, today)
        detail = contact_views.contact_detail(db, keep, today)
        assert detail.contact.do_not_contact and detail.pending == []

    def test_the_preview_says_what_the_merge_does_and_writes_nothing(
        self, db: Database, pair: Pair, today: date
    ) -> None:
        before = dump(db)
        preview = merge.merge_preview(db, pair.keep, pair.other, today)
        assert dump(db) == before
        merged = merge.merge(db, pair.keep, pair.other, today)
        assert preview.lines() == merged.lines()

    def test_discreet_the_values_kept_in_a_note_are_not_shown(
        self, db: Database, pair: Pair, today: date
    ) -> None:
        merged = merge.merge_preview(db, pair.keep, pair.other, today)
        shown = merged.lines(discreet=True)
        assert ("kept in a note", "3 values") in shown
        assert not any("Dior" in value for _, value in shown)
        assert ("kept in a note", "perfume: Dior (kept: Chanel No 5)") in merged.lines()

    def test_the_shell_undo_of_either_record_is_dropped(self, db: Database, today: date) -> None:
        keep = adding.add_contact(db, NewContact("Lena Ford", Kind.LEAD, met_on=today), today)
        other = adding.add_contact(db, NewContact("Lena F.", Kind.LEAD, met_on=today), today)
        logged = calls.log_outcome(
            db, first_pending(db, keep, today), Outcome(Reach.NO_ANSWER), today
        )
        assert logged.undo is not None
        remember(db, logged.undo)
        merge.merge(db, keep, other, today)
        assert rows(db, "SELECT value FROM settings WHERE key = :k", k=SHELL_UNDO) == [("",)]

    @pytest.mark.parametrize("case", ["herself", "unknown-keep", "unknown-other", "me", "into-me"])
    def test_refused_and_nothing_written(
        self, db: Database, pair: Pair, today: date, case: str
    ) -> None:
        mine = me.set_me(db, "Alex Rivera", today)
        keep, other, why = {
            "herself": (pair.keep, pair.keep, "cannot be merged into herself"),
            "unknown-keep": (99, pair.other, "no contact with id 99"),
            "unknown-other": (pair.keep, 99, "no contact with id 99"),
            "me": (pair.keep, mine, f"#{mine} is you"),
            "into-me": (mine, pair.other, f"#{mine} is you"),
        }[case]
        before = dump(db)
        for action in (merge.merge_preview, merge.merge):
            with pytest.raises(InputError, match=why):
                action(db, keep, other, today)
        assert dump(db) == before


@dataclass(frozen=True)
class Holly:
    holly: int
    sally: int
    gina: int
    maria: int
    party: int
    gina_order: int


@pytest.fixture
def holly(db: Database, today: date) -> Holly:
    """Holly, referred by Sally and reached (Sally has a thank-you call naming her), hosts
    a party where Gina ordered, ordered herself, has a note and a fact, and referred Maria."""
    sally = adding.add_contact(db, NewContact("Sally Jensen", Kind.CUSTOMER), today)
    holly = adding.add_contact(
        db,
        NewContact("Holly Rossi", Kind.REFERRAL, facts=(("perfume", "Dior"),), referred_by=sally),
        today,
    )
    calls.log_outcome(
        db, first_pending(db, holly, today), Outcome(Reach.REACHED, Said.ALL_GOOD), today
    )
    party = parties.new_party(db, holly, FRIDAY, today, place="her house")
    gina = adding.add_contact(db, NewContact("Gina Guest", Kind.CIRCLE), today)
    parties.add_guest(db, party, gina, today, wants_info=True)
    gina_order = orders.record_order(db, gina, ["DTX-7"], today, party_id=party)
    orders.record_order(db, holly, ["SKN-SER-C"], today)
    contacts.add_note(db, holly, "her mother is unwell", today)
    calls.log_outcome(
        db,
        first_pending(db, holly, today),
        Outcome(Reach.REACHED, Said.REFERRAL, referral_name="Maria Lopez"),
        today,
    )
    [maria] = [c.id for c in contact_views.find_contacts(db, search="Maria Lopez")]
    return Holly(holly, sally, gina, maria, party, gina_order)


def hers(db: Database, contact_id: int) -> dict[str, set[object]]:
    """Her rows, by table: her contact row and, following every cascading foreign key,
    the rows that belong to it (a touch's outcomes, an order's lines, her party's guests)."""
    found: dict[str, set[object]] = {"contacts": {contact_id}}
    grown = True
    while grown:
        grown = False
        for table in tables.metadata.sorted_tables:
            [key] = table.primary_key.columns
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if fk.ondelete != "CASCADE" or not found.get(target):
                    continue
                ids = ", ".join(str(i) for i in found[target])
                sql = f"SELECT {key.name} FROM {table.name} WHERE {fk.parent.name} IN ({ids})"
                new = {row[0] for row in rows(db, sql)} - found.setdefault(table.name, set())
                if new:
                    found[table.name] |= new
                    grown = True
    return found


class TestForget:
    def test_nothing_of_her_is_left_in_any_table(
        self, db: Database, holly: Holly, today: date
    ) -> None:
        # GIVEN every row of hers, and the outcomes she logged
        mine = hers(db, holly.holly)
        assert {"touches", "runs", "outcomes", "notes", "facts", "orders", "order_lines"} <= {
            table for table, ids in mine.items() if ids
        }
        assert mine["parties"] and mine["party_guests"] and mine["kind_changes"]
        assert count(db, "touches", "title LIKE '%Holly%'") == 1  # Sally's thank-you call
        her_outcomes = mine["outcomes"]

        # WHEN she is forgotten
        gone = forget.forget(db, holly.holly)

        # THEN no table holds a row of hers, and no column of any table points at one
        for name, ids in mine.items():
            [key] = tables.metadata.tables[name].primary_key.columns
            for i in ids:
                assert count(db, name, f"{key.name} = :i", i=i) == 0, (name, i)
        for table in tables.metadata.sorted_tables:
            for fk in table.foreign_keys:
                for i in mine.get(fk.column.table.name, ()):
                    where = f"{fk.parent.name} = :i"
                    assert count(db, table.name, where, i=i) == 0, (table.name, fk.parent.name)
        for i in her_outcomes:
            assert count(db, "touches", "from_outcome_id = :i", i=i) == 0
        assert count(db, "touches", "title LIKE '%Holly%'") == 0
        assert gone.name == "Holly Rossi"
        assert (gone.notes, gone.facts, gone.orders, gone.hosted, gone.guests) == (1, 1, 1, 1, 1)
        assert gone.referrals == 1

    def test_what_others_keep_stays_without_the_link(
        self, db: Database, holly: Holly, today: date
    ) -> None:
        gina_calls = count(db, "touches", "contact_id = :g AND status = 'pending'", g=holly.gina)
        forget.forget(db, holly.holly)
        # Maria, whom she referred, stays, referred by no one
        assert rows(db, "SELECT referred_by_id FROM contacts WHERE id = :m", m=holly.maria) == [
            (None,)
        ]
        # Gina keeps her order (off the party that is gone) and her calls
        assert rows(db, "SELECT party_id FROM orders WHERE id = :o", o=holly.gina_order) == [
            (None,)
        ]
        assert count(db, "touches", "contact_id = :g AND status = 'pending'", g=holly.gina) == (
            gina_calls
        )
        # Sally's thank-you call stays, in the playbook's words
        sally = contact_views.contact_detail(db, holly.sally, today)
        assert "Thank them for the referral: say how it went" in [p.title for p in sally.pending]

    def test_the_preview_writes_nothing(self, db: Database, holly: Holly) -> None:
        before = dump(db)
        preview = forget.forget_preview(db, holly.holly)
        assert dump(db) == before
        assert preview == forget.forget(db, holly.holly)

    def test_says_how_long_the_backups_keep_her(self, db: Database, holly: Holly) -> None:
        from followup_tui.db.backup import DAILY_KEPT

        lines = forget.forget(db, holly.holly).lines()
        assert f"last {DAILY_KEPT} daily backups" in lines[-1]
        assert f"up to {DAILY_KEPT} days" in lines[-1]

    @pytest.mark.parametrize("case", ["me", "unknown"])
    def test_refused_and_nothing_written(
        self, db: Database, holly: Holly, today: date, case: str
    ) -> None:
        mine = me.set_me(db, "Alex Rivera", today)
        contact_id, why = {
            "me": (mine, f"#{mine} is you"),
            "unknown": (99, "no contact with id 99"),
        }[case]
        before = dump(db)
        for action in (forget.forget_preview, forget.forget):
            with pytest.raises(InputError, match=why):
                action(db, contact_id)
        assert dump(db) == before
