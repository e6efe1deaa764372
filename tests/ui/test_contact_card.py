"""The contact card's History: the calls worked, and the touches skipped or ended beside
them (DOMAIN.md: nothing is ever silently dropped), her own words hidden in discreet mode."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

from rich.console import Console

from followup_tui.domain.model import Contact, Kind, TouchStatus
from followup_tui.screens.contact import ContactScreen
from followup_tui.services.contact_views import ContactDetail, HistoryEntry
from followup_tui.widgets.contact_card import describe
from tests.ui.test_desk import SIZE, make_app, names, settle, text_of
from tests.ui.test_discreet import contact, keys

REASON = "away at her sister's till Friday"


class TestHistory:
    async def test_a_skipped_call_shows_with_its_reason(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            # GIVEN Maria's call, first on the desk, skipped: she is away
            assert names(pilot)[0] == "Maria Lopez"
            await keys(pilot, "s", *REASON, "enter")
            # WHEN her card is opened
            await contact("Maria Lopez")(pilot)
            assert isinstance(pilot.app.screen, ContactScreen)
            # THEN its History has the skip, today, with why
            card = text_of(pilot, "#contact-body")
            history = card[card.index("History") :]
            assert f"{today:%d %b} " in history and f"(skipped: {REASON})" in history, card

    async def test_discreet_mode_hides_the_reason_typed(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            # GIVEN Maria's call skipped, and her card open
            await keys(pilot, "s", *REASON, "enter")
            await contact("Maria Lopez")(pilot)
            # WHEN discreet mode is switched on
            await keys(pilot, "ctrl+d")
            # THEN the skip still shows, but not the words she typed for it
            card = text_of(pilot, "#contact-body")
            assert "(skipped)" in card[card.index("History") :], card
            assert "sister" not in card
            # AND they are back when it is off again
            await keys(pilot, "ctrl+d")
            assert f"(skipped: {REASON})" in text_of(pilot, "#contact-body")


def card_text(detail: ContactDetail, *, discreet: bool) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(describe(detail, discreet=discreet))
    return console.export_text()


def test_an_ended_touch_keeps_its_reason_in_discreet_mode() -> None:
    # GIVEN a card whose history holds an ended touch (the app's words) and a skipped one
    skipped = HistoryEntry(
        date(2026, 11, 24), "Touch base", None, None, None, closed=TouchStatus.SKIPPED
    )
    detail = ContactDetail(
        contact=Contact(1, "Hana Host", Kind.HOSTESS),
        facts={},
        notes=[],
        pending=[],
        history=[
            HistoryEntry(
                date(2026, 11, 28),
                "Tomorrow's the party: calm the jitters",
                None,
                None,
                None,
                closed=TouchStatus.ENDED,
                reason="the day it got ready for has passed",
            ),
            replace(skipped, reason="she is away"),
        ],
        orders=[],
        kind_history=[],
        referred_by=None,
        derived=None,
        touches_had=0,
    )

    # WHEN it is drawn in discreet mode / THEN the end says why, the skip only that it was
    shown = card_text(detail, discreet=True)
    assert (
        "28 Nov Tomorrow's the party: calm the jitters (ended: the day it got ready for has passed)"
        in shown
    )
    assert "24 Nov Touch base (skipped)\n" in shown
    assert "24 Nov Touch base (skipped: she is away)" in card_text(detail, discreet=False)
