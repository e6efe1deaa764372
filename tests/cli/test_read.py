"""`followup show`, `contacts` and `products`: read-only views, as text and JSON."""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import pytest

from followup_tui.db.engine import open_database
from followup_tui.domain.model import Reach, Said
from followup_tui.paths import database_url
from followup_tui.resources import data_dir
from followup_tui.services import calls
from followup_tui.services.contact_views import HistoryEntry
from followup_tui.words import said_words

from .conftest import TODAY, Cli


def catalogue() -> list[dict[str, Any]]:
    products: list[dict[str, Any]] = tomllib.loads(
        (data_dir() / "products.toml").read_text(encoding="utf-8")
    )["products"]
    return products


class TestShow:
    def test_json_has_the_contact_facts_notes_pending_history_orders(self, run: Cli) -> None:
        contact = run.add(
            "Dana Whitfield",
            "--kind",
            "customer",
            "--phone",
            "(212) 555-0147",
            "--email",
            "dana@example.com",
            "--fact",
            "perfume=Chanel",
            "--note",
            "Met at Holly's party",
        )
        run.order(contact, "DTX-7", "--on", "2026-11-22")
        run.log(run.only_pending(contact)["id"], "reached", "--note", "loves it")

        detail = run.show(contact)

        assert {"contact", "facts", "notes", "pending", "history", "orders", "deadlines"} <= set(
            detail
        )
        assert detail["contact"]["id"] == contact
        assert detail["facts"] == {"perfume": "Chanel"}
        assert [n["body"] for n in detail["notes"]] == ["Met at Holly's party"]
        assert [(p["step"], p["due"]) for p in detail["pending"]] == [
            ("verification", "2026-11-25"),
            ("reorder", "2026-12-06"),
        ]
        assert [(h["reach"], h["note"]) for h in detail["history"] if h["reach"]] == [
            ("reached", "loves it")
        ]
        assert [o["ordered_on"] for o in detail["orders"]] == ["2026-11-22"]

    def test_text(self, run: Cli) -> None:
        contact = run.add(
            "Dana Whitfield", "--kind", "customer", "--phone", "(212) 555-0147", "--fact", "kids=2"
        )
        run.order(contact, "DTX-7")

        text = run.ok("show", str(contact))

        assert text.startswith(f"#{contact} Dana Whitfield: customer\n")
        # the number as she dials it in her region (US); the JSON keeps it as stored
        assert "  phone: (212) 555-0147\n" in text
        assert run.json("show", str(contact))["contact"]["phone"] == "+12125550147"
        assert "Facts:\n  kids: 2\n" in text
        assert f"  #1 {TODAY}  7-Day Detox Kit\n" in text
        assert "Next:\n" in text and "2026-11-24 call: Touch base" in text

    def test_lead_counts_touches_towards_seven(self, run: Cli) -> None:
        lead = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")
        run.log(run.only_pending(lead)["id"], "voicemail")

        assert run.show(lead)["touches_had"] == 1
        assert "touches: 1 of the 7 it takes" in run.ok("show", str(lead))

    def test_json_history_carries_the_date_said(self, run: Cli) -> None:
        # GIVEN a Day 1 call: not started yet, she starts Saturday December 5th
        contact = run.add("Dana Whitfield", "--kind", "customer")
        run.order(contact, "DTX-7", "--on", "2026-11-22")
        touch = run.only_pending(contact)["id"]
        run.log(touch, "reached", "--said", "not-started", "--date", "2026-12-05")
        # WHEN / THEN the history has the date beside what was said
        [entry] = run.outcomes(contact)
        assert (entry["said"], entry["said_date"]) == ("not-started", "2026-12-05")

    def test_history_shows_the_touches_skipped_and_ended_with_why(self, run: Cli) -> None:
        # GIVEN Lena, a lead: her Day 3 call unanswered, its retry skipped (she is away),
        # then her first order, which ends the lead calls still waiting
        lena = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20")
        run.log(run.only_pending(lena)["id"], "no-answer")
        db = open_database(database_url(str(run.db_path)))
        calls.skip_touch(db, run.only_pending(lena)["id"], "she is away", date(2026, 12, 7))
        db.dispose()
        run.order(lena, "NUT-MV30", today="2026-12-10")

        # WHEN she is shown
        text = run.ok("show", str(lena), today="2026-12-10")
        detail = run.show(lena, today="2026-12-10")

        # THEN her history has both, with the day and the reason, beside the call she had
        assert text.endswith(
            "History:\n"
            "  2026-12-10 Keep in touch: something new to share (ended: ordered)\n"
            "  2026-12-07 Did they look at the web shop? Any questions? (skipped: she is away)\n"
            "  2026-11-23 Did they look at the web shop? Any questions? (no-answer)\n"
        ), text
        assert [
            (h["occurred_on"], h["title"], h["reach"], h["closed"], h["reason"])
            for h in detail["history"]
        ] == [
            ("2026-12-10", "Keep in touch: something new to share", None, "ended", "ordered"),
            (
                "2026-12-07",
                "Did they look at the web shop? Any questions?",
                None,
                "skipped",
                "she is away",
            ),
            (
                "2026-11-23",
                "Did they look at the web shop? Any questions?",
                "no-answer",
                None,
                None,
            ),
        ]
        # AND a touch closed unworked is not a touch had
        assert detail["touches_had"] == 0


@pytest.mark.parametrize(
    ("said", "on", "words"),
    [
        (Said.NOT_STARTED, date(2026, 12, 5), "not-started, starts 2026-12-05"),
        (Said.CALL_ON, date(2026, 12, 5), "call-on, call 2026-12-05"),
        (Said.MEETING, date(2026, 12, 5), "meeting, meets 2026-12-05"),
        (Said.ALL_GOOD, None, "all-good"),
        (None, None, None),
    ],
)
def test_history_words_for_what_was_said(
    said: Said | None, on: date | None, words: str | None
) -> None:
    # GIVEN a history entry / WHEN shown / THEN what was said reads with its date
    entry = HistoryEntry(date(2026, 11, 23), "Touch base", Reach.REACHED, said, None, on)
    assert said_words(entry.said, entry.said_date) == words


class TestContacts:
    @pytest.fixture
    def book(self, run: Cli) -> dict[str, int]:
        return {
            "dana": run.add("Dana Whitfield", "--kind", "customer", "--phone", "212-555-0147"),
            "ann": run.add("Ann Archer", "--kind", "lead", "--email", "ann@archer.example"),
            "rita": run.add("Rita Moreno", "--kind", "referral", "--met-at", "Yoga Studio"),
            "carl": run.add("Carl Dana", "--kind", "circle"),
        }

    def test_json_fields_sorted_by_name(self, run: Cli, book: dict[str, int]) -> None:
        found = run.json("contacts")

        assert [c["name"] for c in found] == [
            "Ann Archer",
            "Carl Dana",
            "Dana Whitfield",
            "Rita Moreno",
        ]
        for c in found:
            assert {"id", "name", "kind", "phone", "email"} <= c.keys()
        dana = next(c for c in found if c["id"] == book["dana"])
        assert (dana["kind"], dana["phone"], dana["email"]) == ("customer", "+12125550147", None)

    def test_by_kind(self, run: Cli, book: dict[str, int]) -> None:
        assert [c["id"] for c in run.json("contacts", "--kind", "lead")] == [book["ann"]]
        assert run.json("contacts", "--kind", "team") == []

    @pytest.mark.parametrize(
        ("search", "who"),
        [
            ("dana", ["carl", "dana"]),
            ("ARCHER.example", ["ann"]),
            ("2125550147", ["dana"]),
            ("yoga", ["rita"]),
            ("nobody", []),
            ("212-555-0147", ["dana"]),
            ("(212) 555 0147", ["dana"]),
            ("+1 212.555.0147", ["dana"]),
            ("555-0147", ["dana"]),
            ("202-555-0147", []),
            ("Dana Whitfeld", ["dana"]),
            ("whitfield dana", ["dana"]),
            ("Rita Moreni", ["rita"]),
        ],
    )
    def test_search(self, run: Cli, book: dict[str, int], search: str, who: list[str]) -> None:
        found = run.json("contacts", "--search", search)

        assert [c["id"] for c in found] == [book[name] for name in who]

    def test_near_misses_only_when_nothing_holds_the_text_closest_first(self, run: Cli) -> None:
        # GIVEN an Ann Archer, and an Anna Archer one letter away
        ann = run.add("Ann Archer", "--kind", "lead")
        anna = run.add("Anna Archer", "--kind", "lead", "--on-duplicate", "add")
        # WHEN "Anna Archer" is searched / THEN she alone: no near misses beside her
        assert [c["id"] for c in run.json("contacts", "--search", "Anna Archer")] == [anna]
        # WHEN "Anna Archr" is searched / THEN both, the closer first
        assert [c["id"] for c in run.json("contacts", "--search", "Anna Archr")] == [anna, ann]

    def test_a_number_is_never_matched_loosely_by_name(self, run: Cli) -> None:
        run.add("Mo 2125", "--kind", "circle")
        assert run.json("contacts", "--search", "2126") == []

    def test_search_and_kind_together(self, run: Cli, book: dict[str, int]) -> None:
        found = run.json("contacts", "--search", "dana", "--kind", "circle")

        assert [c["id"] for c in found] == [book["carl"]]

    def test_text(self, run: Cli, book: dict[str, int]) -> None:
        lines = run.ok("contacts").splitlines()

        assert len(lines) == 4
        assert lines[2].startswith(f"#{book['dana']}")
        assert "Dana Whitfield" in lines[2] and "(212) 555-0147" in lines[2]
        # AND a number from another country reads as dialled from abroad
        run.add("Olive Hart", "--kind", "lead", "--phone", "+44 20 7946 0958")
        assert "+44 20 7946 0958" in run.ok("contacts", "--search", "Olive")
        assert run.json("contacts", "--search", "Olive")[0]["phone"] == "+442079460958"


class TestProducts:
    @pytest.fixture(autouse=True)
    def book(self, run: Cli) -> None:
        run.make_book()

    def test_json_is_the_shipped_catalogue(self, run: Cli) -> None:
        products = run.json("products")

        for p in products:
            assert set(p) >= {"sku", "name", "category", "reorder_day"}
        expected = {p["sku"]: (p["name"], p["category"], p.get("reorder_day")) for p in catalogue()}
        assert {p["sku"]: (p["name"], p["category"], p["reorder_day"]) for p in products} == (
            expected
        )

    @pytest.mark.parametrize("category", ["detox", "nutrition", "skincare", "home", "other"])
    def test_by_category(self, run: Cli, category: str) -> None:
        products = run.json("products", "--category", category)

        assert products
        assert {p["category"] for p in products} == {category}
        assert {p["sku"] for p in products} == {
            p["sku"] for p in catalogue() if p["category"] == category
        }

    def test_text(self, run: Cli) -> None:
        lines = run.ok("products", "--category", "detox").splitlines()

        assert any(line.startswith("DTX-7 ") and "reorder day 14" in line for line in lines)


def test_show_never_sends_terminal_escapes(run: Cli) -> None:
    # GIVEN a note holding an escape sequence (it could clear or retitle the terminal)
    contact = run.add("Sally Jensen", "--kind", "customer")
    run.ok("note", str(contact), "hello \x1b[2J\x1b]0;owned\x07 there")
    # WHEN she is shown in plain text
    out = run.ok("show", str(contact))
    # THEN the escape is drawn as the app draws it (safe_text.shown), and what was
    # stored is untouched
    assert "\x1b" not in out and "\x07" not in out
    assert "hello ␛[2J␛]0;owned␇ there" in out
    assert run.show(contact)["notes"][0]["body"] == "hello \x1b[2J\x1b]0;owned\x07 there"
