"""`followup merge KEEP_ID OTHER_ID` and `followup forget CONTACT_ID` (issue 13, "Duplicates,
and a way to clean up"): what the database then holds, and what she is told."""

from __future__ import annotations

import io
import sys

import pytest

from followup_tui.cli import EXIT_BAD_INPUT
from followup_tui.cli.parser import build_parser
from followup_tui.db.backup import DAILY_KEPT

from .conftest import Cli


@pytest.fixture
def dana(run: Cli) -> tuple[int, int]:
    """Dana Brooks, a customer with a perfume; "Dana B.", added again with another perfume,
    her job, an email and a note, who ordered too."""
    keep = run.add(
        "Dana Brooks",
        "--kind",
        "customer",
        "--phone",
        "202-555-0143",
        "--fact",
        "perfume=Chanel No 5",
    )
    run.order(keep, "DTX-7", "--on", "2026-11-20")
    other = run.add(
        "Dana B.",
        "--kind",
        "lead",
        "--email",
        "dana@example.com",
        "--fact",
        "perfume=Dior",
        "--fact",
        "job=nurse",
        "--note",
        "asked about the lip balm",
    )
    run.order(other, "SKN-SER-C", "--on", "2026-11-22")
    return keep, other


def every_row(run: Cli, contact_id: int) -> int:
    """Rows holding this contact's id, in every table with a contact column."""
    columns = {
        "contacts": "id",
        "facts": "contact_id",
        "notes": "contact_id",
        "orders": "contact_id",
        "runs": "contact_id",
        "touches": "contact_id",
        "outcomes": "contact_id",
        "kind_changes": "contact_id",
        "party_guests": "contact_id",
        "parties": "hostess_id",
    }
    total = 0
    for table, column in columns.items():
        [(n,)] = run.query(f"SELECT count(*) FROM {table} WHERE {column} = ?", contact_id)
        total += int(n)
    [(n,)] = run.query("SELECT count(*) FROM contacts WHERE referred_by_id = ?", contact_id)
    return total + int(n)


class TestMerge:
    def test_folds_the_other_in_and_says_what_it_combined(
        self, run: Cli, dana: tuple[int, int]
    ) -> None:
        keep, other = dana
        # WHEN Dana B. is merged into Dana Brooks
        out = run.ok("merge", str(keep), str(other))

        # THEN she is told who went into whom, and what came with her
        assert out.startswith(f"Merged #{other} Dana B. into #{keep} Dana Brooks; #{other} is")
        assert "  facts: 1 added\n" in out
        assert "  kept in a note: perfume: Dior (kept: Chanel No 5)\n" in out
        assert "  orders: 1\n" in out
        assert "  email: dana@example.com\n" in out
        # and Dana Brooks holds it all: both orders, the job, the note, the other perfume
        shown = run.show(keep)
        assert shown["facts"] == {"perfume": "Chanel No 5", "job": "nurse"}
        assert len(shown["orders"]) == 2
        assert shown["contact"]["email"] == "dana@example.com"
        bodies = [note["body"] for note in shown["notes"]]
        assert "asked about the lip balm" in bodies
        assert any("perfume: Dior (kept: Chanel No 5)" in body for body in bodies)
        # and Dana B. is gone, with nothing left pointing at her
        assert "no contact with id" in run.fails("show", str(other))
        assert every_row(run, other) == 0

    def test_one_next_call_per_playbook(self, run: Cli) -> None:
        # GIVEN two leads, one met earlier: both on the lead ladder
        keep = run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-23")
        other = run.add(
            "Lena Ford", "--kind", "lead", "--met-on", "2026-11-21", "--on-duplicate", "add"
        )
        earlier = run.only_pending(other)

        # WHEN merged
        out = run.ok("merge", str(keep), str(other))

        # THEN the earlier call stays; the other is closed and her history says why
        assert [p["id"] for p in run.pending(keep)] == [earlier["id"]]
        assert f"closed (merged into #{keep})" in out
        closed = [h for h in run.show(keep)["history"] if h["closed"]]
        assert [h["reason"] for h in closed] == [f"merged into #{keep}"]

    @pytest.mark.parametrize(
        ("case", "word"),
        [
            ("herself", "herself"),
            ("unknown-keep", "99"),
            ("unknown-other", "99"),
            ("other-is-me", "you"),
            ("keep-is-me", "you"),
            ("not-a-number", "dana"),
            ("one-id", "OTHER_ID"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_written(
        self, run: Cli, dana: tuple[int, int], case: str, word: str
    ) -> None:
        keep, other = dana
        me = run.ok("me", "Alex Rivera").strip()
        argv = {
            "herself": [str(keep), str(keep)],
            "unknown-keep": ["99", str(other)],
            "unknown-other": [str(keep), "99"],
            "other-is-me": [str(keep), me],
            "keep-is-me": [me, str(other)],
            "not-a-number": [str(keep), "dana"],
            "one-id": [str(keep)],
        }[case]
        before = run.dump()
        assert word in run.fails("merge", *argv)
        assert run.dump() == before


class FakeTerminal(io.StringIO):
    """Her keyboard: what she answers, from a terminal."""

    def isatty(self) -> bool:
        return True


class TestForget:
    def test_deletes_her_and_everything_about_her(self, run: Cli, dana: tuple[int, int]) -> None:
        keep, other = dana
        referred = run.add("Rita Referred", "--kind", "referral", "--referred-by", str(keep))
        party = run.ok("party", "new", str(keep), "--on", "2026-11-27").strip()
        run.ok("party", "guest", party, str(referred))

        # WHEN Dana Brooks asks to be forgotten
        out = run.ok("forget", str(keep), "--yes")

        # THEN nothing of hers is left; Rita stays, without the link to her
        assert out.startswith(f"Forgot #{keep} Dana Brooks and everything about her: ")
        assert "1 contact she referred stays, without the link to her." in out
        assert every_row(run, keep) == 0
        assert run.show(referred)["contact"]["referred_by_id"] is None
        assert run.query("SELECT count(*) FROM parties") == [(0,)]
        assert run.query("SELECT count(*) FROM order_lines") == [(1,)]  # Dana B.'s alone
        # and she is told the truth about the backups
        assert f"The app's last {DAILY_KEPT} daily backups" in out
        assert f"up to {DAILY_KEPT} days" in out

    def test_without_a_terminal_needs_yes(self, run: Cli, dana: tuple[int, int]) -> None:
        keep, _ = dana
        before = run.dump()
        assert "add --yes" in run.fails("forget", str(keep))
        assert run.dump() == before

    @pytest.mark.parametrize("answer", ["y\n", "yes\n"])
    def test_on_a_terminal_asks_first(
        self, run: Cli, dana: tuple[int, int], monkeypatch: pytest.MonkeyPatch, answer: str
    ) -> None:
        keep, _ = dana
        monkeypatch.setattr(sys, "stdin", FakeTerminal(answer))
        result = run("forget", str(keep))
        assert result.code == 0, result
        assert result.err.startswith(f"Forget #{keep} Dana Brooks and everything about her (")
        assert result.err.endswith("? [y/N] ")
        assert result.out.startswith(f"Forgot #{keep} Dana Brooks")
        assert every_row(run, keep) == 0

    @pytest.mark.parametrize("answer", ["n\n", "\n", ""])
    def test_on_a_terminal_anything_but_yes_keeps_her(
        self, run: Cli, dana: tuple[int, int], monkeypatch: pytest.MonkeyPatch, answer: str
    ) -> None:
        keep, _ = dana
        before = run.dump()
        monkeypatch.setattr(sys, "stdin", FakeTerminal(answer))
        result = run("forget", str(keep))
        assert (result.code, result.out) == (EXIT_BAD_INPUT, "")
        assert result.err.endswith(f"followup: nothing deleted: #{keep} Dana Brooks is kept\n")
        assert run.dump() == before

    @pytest.mark.parametrize(
        ("case", "word"),
        [("me", "you"), ("unknown", "99"), ("not-a-number", "dana"), ("zero", "0")],
    )
    def test_bad_input_is_refused_and_nothing_written(
        self, run: Cli, dana: tuple[int, int], case: str, word: str
    ) -> None:
        me = run.ok("me", "Alex Rivera").strip()
        contact = {"me": me, "unknown": "99", "not-a-number": "dana", "zero": "0"}[case]
        before = run.dump()
        assert word in run.fails("forget", contact, "--yes")
        assert word in run.fails("forget", contact)
        assert run.dump() == before


def test_each_has_a_help_line() -> None:
    listing = " ".join(build_parser().format_help().split())
    assert "merge fold a duplicate contact into another: nothing lost, it is deleted" in listing
    assert "forget delete a contact and everything about her, as she asked" in listing
