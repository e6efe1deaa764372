"""The repository on real SQLite: the today query's index, and rows in, domain values out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import Connection

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, TouchRow
from followup_tui.domain.model import Contact, Kind, Touch, TouchStatus
from followup_tui.services import orders as order_service
from followup_tui.services import settings

from .conftest import TODAY

INDEX = "ix_touches_pending_order"


def query_plan(db: Database, sql: str, parameters: Any = ()) -> str:
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def captured_sql(db: Database, today: date) -> tuple[str, Any]:
    """The SQL (and parameters) repository.due_touches sends to SQLite."""
    seen: list[tuple[str, Any]] = []

    def capture(
        conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.read() as session:
            repo.due_touches(session, today)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    [(statement, parameters)] = [s for s in seen if "FROM touches" in s[0]]
    return statement, parameters


class TestTodayQueryPlan:
    def test_due_touches_uses_the_partial_index(self, db: Database, filled: dict[str, int]) -> None:
        statement, parameters = captured_sql(db, TODAY)

        plan = query_plan(db, statement, parameters)

        assert f"USING INDEX {INDEX}" in plan, plan

    def test_plain_today_query_uses_the_partial_index(
        self, db: Database, filled: dict[str, int]
    ) -> None:
        sql = "SELECT id FROM touches WHERE status = 'pending' AND due_on <= ?"

        assert f"USING INDEX {INDEX}" in query_plan(db, sql, (TODAY.isoformat(),))

    def test_the_check_notices_a_query_that_skips_it(
        self, db: Database, filled: dict[str, int]
    ) -> None:
        # `IS` instead of `=` (what .is_() writes) is not implied by the index's WHERE.
        sql = "SELECT id FROM touches WHERE status IS 'pending' AND due_on <= ?"

        assert INDEX not in query_plan(db, sql, (TODAY.isoformat(),))


class TestDueTouches:
    def test_only_pending_touches_due_by_today(self, db: Database, filled: dict[str, int]) -> None:
        with db.read() as session:
            found = repo.due_touches(session, TODAY)
            every = session.scalars(select(TouchRow)).all()
            expected = {
                t.id for t in every if t.status == TouchStatus.PENDING and t.due_on <= TODAY
            }
            assert {t.id for t, _, _, _ in found} == expected
            names = {c.id: c.name for c in session.scalars(select(ContactRow))}
            assert all(names[t.contact_id] == name for t, name, _, _ in found)
            assert any(t.status != TouchStatus.PENDING for t in every)
            assert any(t.due_on > TODAY for t in every)

    def test_pending_touches_come_soonest_first(self, db: Database, filled: dict[str, int]) -> None:
        with db.read() as session:
            pending = repo.pending_touches(session, filled["dana"])
        assert pending
        assert all(isinstance(t, Touch) and t.status is TouchStatus.PENDING for t in pending)
        keys = [(t.due, t.priority, t.id) for t in pending]
        assert keys == sorted(keys)

    def test_has_pending_touch(self, db: Database, filled: dict[str, int]) -> None:
        with db.read() as session:
            assert repo.has_pending_touch(session, filled["dana"])
            assert not repo.has_pending_touch(session, 999)


class TestContactsAndFacts:
    def test_contact_is_a_frozen_value(self, db: Database, filled: dict[str, int]) -> None:
        with db.read() as session:
            contact = repo.contact(session, filled["rita"])
            assert repo.contact(session, 999) is None
        assert isinstance(contact, Contact)
        # Reached on her referral call (the fill logs it), she is a lead now.
        assert (contact.name, contact.kind, contact.referred_by_id) == (
            "Rita Moreno",
            Kind.LEAD,
            filled["dana"],
        )
        with pytest.raises(AttributeError):
            contact.name = "Someone else"  # type: ignore[misc]

    def test_facts_in_the_order_noted(self, db: Database, filled: dict[str, int]) -> None:
        with db.read() as session:
            assert repo.facts(session, filled["dana"]) == {"perfume": "Chanel", "kids": "2"}

    def test_set_fact_replaces_a_value(self, db: Database, filled: dict[str, int]) -> None:
        later = TODAY + timedelta(days=1)
        with db.begin() as session:
            repo.set_fact(session, filled["dana"], "perfume", "Daisy", later)
            repo.set_fact(session, filled["dana"], "pets", "a cat", later)
        with db.read() as session:
            assert repo.facts(session, filled["dana"]) == {
                "perfume": "Daisy",
                "kids": "2",
                "pets": "a cat",
            }

    def test_the_repository_never_commits(self, db: Database, filled: dict[str, int]) -> None:
        with db.read() as session:
            repo.set_fact(session, filled["dana"], "perfume", "Daisy", TODAY)
            repo.put_setting(session, "webshop", "example.com")
            session.flush()
            session.rollback()
        with db.read() as session:
            assert repo.facts(session, filled["dana"])["perfume"] == "Chanel"
            assert "webshop" not in settings.settings_pairs(session)


class TestOrdersAndActivity:
    def test_orders_newest_first_with_products(self, db: Database, filled: dict[str, int]) -> None:
        order_service.record_order(db, filled["dana"], ["NUT-OM3"], TODAY)
        with db.read() as session:
            orders = repo.orders(session, filled["dana"])
        assert [o.ordered_on for o in orders] == [TODAY, date(2026, 11, 2)]
        lines = {line.sku: line for line in orders[1].lines}
        assert lines["HOM-CND"].backordered and not lines["DTX-7"].backordered
        assert lines["DTX-7"].product_name == "7-Day Detox Kit"

    def test_products_by_sku(self, db: Database) -> None:
        with db.read() as session:
            found = repo.products(session, ["DTX-7", "NOPE"])
        assert list(found) == ["DTX-7"]
        assert found["DTX-7"].reorder_day == 14

    def test_last_activity(self, db: Database, filled: dict[str, int]) -> None:
        with db.read() as session:
            holly = repo.contact(session, filled["holly"])
            assert holly is not None
            # Added on the 9th; nothing reached or ordered since.
            assert repo.last_activity(session, holly) == date(2026, 11, 9)
        order_service.record_order(db, filled["holly"], ["DTX-7"], TODAY)
        with db.read() as session:
            assert repo.last_activity(session, holly) == TODAY


class TestSettings:
    def test_put_and_read(self, db: Database) -> None:
        with db.begin() as session:
            repo.put_setting(session, "webshop", "shop.example.com/alex")
            repo.put_setting(session, "webshop", "shop.example.com/dana")
        with db.read() as session:
            assert settings.settings_pairs(session) == {"webshop": "shop.example.com/dana"}
        with db.engine.connect() as connection:
            count = connection.execute(
                text("SELECT count(*) FROM settings WHERE key = 'webshop'")
            ).scalar()
        assert count == 1
