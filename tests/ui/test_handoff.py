"""The desk hands the call to her phone: `y` copies the number or the message, `Q` shows
the link as a QR code, drawn so that it reads back as exactly that link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import segno
from textual.pilot import Pilot

from followup_tui.db.engine import open_database
from followup_tui.domain.handoff import QrLink
from followup_tui.screens.desk import DeskScreen
from followup_tui.screens.qr import QrScreen, draw, fit
from followup_tui.services.scripts import message_for_touch
from followup_tui.widgets.contact_card import reach_line
from followup_tui.widgets.outcome_panel import OutcomePanel
from followup_tui.widgets.touch_table import TouchTable
from tests.conftest import SnapCompare
from tests.ui.test_desk import SIZE, make_app, names, settle, text_of

MARIA = "+12025550102"  # the referral, first on the desk: a call
DANA = "+12025550106"  # a new leader: Monday's text with the task of the week


async def on_row(pilot: Pilot[None], name: str) -> None:
    """The cursor on `name`'s call."""
    for _ in range(names(pilot).index(name)):
        await pilot.press("down")
    await settle(pilot)


def touch_of(pilot: Pilot[None], name: str) -> int:
    table = pilot.app.screen.query_one(TouchTable)
    return next(item.touch.id for item in table.items if item.name == name)


class TestCopy:
    async def test_y_copies_the_number_or_the_message(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            # WHEN y is pressed on Maria's call
            await pilot.press("y")
            await settle(pilot)
            # THEN her number is on the clipboard, E.164, and the line says it as dialled
            assert pilot.app.clipboard == MARIA
            assert "Copied Maria's number (202) 555-0102." in text_of(pilot, "#outcome")
            # WHEN y is pressed on Dana's text
            await on_row(pilot, "Dana Kim")
            await pilot.press("y")
            await settle(pilot)
            # THEN the filled message is on the clipboard
            db = open_database(f"sqlite:///{demo_path}")
            message = message_for_touch(db, touch_of(pilot, "Dana Kim"), today)
            db.dispose()
            assert message and "Dana" in message
            assert pilot.app.clipboard == message
            assert "Copied the text for Dana." in text_of(pilot, "#outcome")
            # WHEN discreet mode is on, and y pressed on Maria's call again
            await pilot.press("ctrl+d", "home")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            # THEN it still copies, and the line names nothing
            assert pilot.app.clipboard == MARIA
            assert text_of(pilot, "#outcome").strip() == "Copied."


class TestQr:
    async def test_q_shows_the_link_and_any_key_closes(self, demo_path: Path, today: date) -> None:
        async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
            await settle(pilot)
            # WHEN Q is pressed on Maria's call
            await pilot.press("Q")
            await settle(pilot)
            # THEN a code for dialling her is on screen, and says who
            screen = pilot.app.screen
            assert isinstance(screen, QrScreen)
            assert screen.link == f"tel:{MARIA}"
            # ... drawn on screen as the drawing whose modules are the code's (see below)
            assert screen.drawing is not None
            drawn = [line.rstrip() for line in text_of(pilot, "#qr-code").splitlines()]
            assert drawn[: len(screen.drawing.lines)] == [
                line.rstrip() for line in screen.drawing.lines
            ]
            assert "Call Maria Lopez · (202) 555-0102 · any key closes" in text_of(
                pilot, "#qr-caption"
            )
            # WHEN a key is pressed (one the desk would act on)
            await pilot.press("o")
            await settle(pilot)
            # THEN the code is gone, and the key did nothing else
            assert isinstance(pilot.app.screen, DeskScreen)
            assert not pilot.app.screen.query_one(OutcomePanel).active
            # WHEN Q is pressed on Dana's text
            await on_row(pilot, "Dana Kim")
            await pilot.press("Q")
            await settle(pilot)
            # THEN the code opens a text to her with the message filled in
            text_code = pilot.app.screen
            assert isinstance(text_code, QrScreen) and text_code.link is not None
            assert text_code.link.startswith(f"sms:{DANA}?&body=Happy%20Monday%20Dana")
            await pilot.press("escape")
            assert isinstance(pilot.app.screen, DeskScreen)
            # AND the palette offers it by its words
            await pilot.press("ctrl+p", *"qr code")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, QrScreen)

    def test_the_drawing_is_the_code_exactly(self) -> None:
        # GIVEN the code segno makes for a link, and its drawing in half blocks
        link = "sms:+12025550106?&body=Hi%20Dana"
        drawing = fit([QrLink(link)], 80, 23)
        assert drawing is not None and drawing.link.uri == link
        # THEN reading the characters back module by module gives the matrix, quiet zone
        # and all: a dark module is drawn dark, a light one light, none lost or added
        top = {"█": 1, "▀": 1, "▄": 0, " ": 0}
        bottom = {"█": 1, "▀": 0, "▄": 1, " ": 0}
        read = [
            r for line in drawing.lines for r in ([top[c] for c in line], [bottom[c] for c in line])
        ]
        for error, border in (("m", 4), ("l", 4), ("l", 2)):
            code = segno.make_qr(link, error=error)
            matrix = [list(row) for row in code.matrix_iter(border=border)]
            if len(matrix[0]) == len(read[0]):
                break
        assert read[: len(matrix)] == [[int(bool(m)) for m in row] for row in matrix]
        assert all(not any(row) for row in read[len(matrix) :])  # the padding is white
        # AND twice as big, each module is two full cells side by side
        assert draw([[1, 0]], scale=2) == ["██  "]

    def test_a_code_never_drawn_cut(self) -> None:
        # GIVEN a message too long for a code at 80x24, with the number as the fallback
        long = QrLink("sms:+12025550106?&body=" + "x" * 400)
        short = QrLink("sms:+12025550106", "message too long: y copies it")
        # THEN the number's code is drawn whole within 80x23, and at 160x47 the message's
        drawing = fit([long, short], 80, 23)
        assert drawing is not None and drawing.link == short
        assert len(drawing.lines) <= 23 and max(map(len, drawing.lines)) <= 80
        assert (big := fit([long, short], 160, 47)) is not None and big.link == long
        # AND in a window too small for any, none at all
        assert fit([short], 20, 8) is None


class TestQrSnapshots:
    async def _qr_for_dana(self, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await on_row(pilot, "Dana Kim")
        await pilot.press("Q")
        await settle(pilot)

    def test_qr_80x24(self, snap_compare: SnapCompare, demo_path: Path, today: date) -> None:
        # The message does not fit at 80x24: the number's code, and a line saying so
        assert snap_compare(
            make_app(demo_path, today), terminal_size=(80, 24), run_before=self._qr_for_dana
        )

    def test_qr_160x48(self, snap_compare: SnapCompare, demo_path: Path, today: date) -> None:
        assert snap_compare(
            make_app(demo_path, today), terminal_size=(160, 48), run_before=self._qr_for_dana
        )


def test_the_card_shows_her_number_as_dialled_and_as_a_tel_link() -> None:
    line = reach_line("+12025550102", "maria@example.com", "US")
    assert line is not None and line.plain == "(202) 555-0102  maria@example.com"
    # the number (only) is a link a click in a terminal that shows links hands to the phone app
    linked = [(line.plain[s.start : s.end], s.style) for s in line.spans]
    assert [(text, getattr(style, "link", None)) for text, style in linked] == [
        ("(202) 555-0102", "tel:+12025550102")
    ]
    assert reach_line(None, None, "US") is None
