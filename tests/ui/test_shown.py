"""What people typed is drawn, never obeyed: control characters as their pictures, and
a very long note cut on the card (kept whole in the database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from followup_tui.db.engine import open_database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.services import adding, contact_views, contacts
from followup_tui.widgets.shown import shown
from tests.ui.test_desk import SIZE, make_app, settle, text_of


def test_control_characters_are_drawn_as_pictures() -> None:
    assert shown("a\x1b[2Jb\x07\x00\x7f\x9b") == "a␛[2Jb␇␀␡\ufffd"


def test_line_breaks_tabs_and_other_scripts_stay() -> None:
    # The direction marks (LRM, RLM, ALM) stay: real Hebrew and Arabic text holds them
    text = "line one\nline\ttwo שלום\u200f 🎉 \u200eمريم\u061c"
    assert shown(text) == text


def test_bidi_overrides_and_isolates_are_drawn_not_obeyed() -> None:
    # "exe.txt" reversed by U+202E would read "txt.exe" on a terminal that reorders
    text = "\u202eevil\u202c \u2066x\u2069 \u202a\u202b\u202d\u2067\u2068"
    assert shown(text) == "\ufffdevil\ufffd \ufffdx\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd"


def test_a_long_text_is_cut_with_the_count_of_the_rest() -> None:
    assert shown("x" * 10, limit=4) == "xxxx… (+6 characters)"
    assert shown("x" * 4, limit=4) == "xxxx"


async def test_the_card_draws_an_escape_and_cuts_a_huge_note(tmp_path: Path, today: date) -> None:
    path = tmp_path / "book.db"
    db = open_database(f"sqlite:///{path}")
    huge = "word " * 20_000  # 100 KB
    contact_id = adding.add_contact(
        db,
        NewContact(name="Nora Quinn", kind=Kind.REFERRAL, note="paste\x1b[2J\x1b[Hhere"),
        today,
    )
    contacts.add_note(db, contact_id, huge, today)
    db.dispose()
    async with make_app(path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = text_of(pilot, "#contact-body")
    assert "paste␛[2J␛[Hhere" in card
    assert "\x1b" not in card
    assert f"… (+{len(huge) - 2_000:,} characters)" in card
    # the database keeps the whole note
    db = open_database(f"sqlite:///{path}")
    notes = [n.body for n in contact_views.contact_detail(db, contact_id, today).notes]
    db.dispose()
    assert huge in notes
