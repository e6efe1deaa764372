"""The header's day count follows a log as it lands, not the list's reload after it
(at 100,000 contacts the reload took half a second; issue 17)."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from followup_tui.services import due
from tests.ui.test_desk import make_app, settle, text_of

SIZE = (120, 36)


def counts(pilot: Pilot[None]) -> tuple[int, int, int]:
    """due, done, left, as the header says them."""
    found = re.search(r"(\d+) due · (\d+) done · (\d+) left", pilot.app.sub_title)
    assert found, pilot.app.sub_title
    return int(found[1]), int(found[2]), int(found[3])


async def until_logged(pilot: Pilot[None]) -> str:
    for _ in range(200):
        said = text_of(pilot, "#outcome")
        if "Logged:" in said:
            return said
        await pilot.pause(0.01)
    raise AssertionError("the log never landed")


@pytest.mark.parametrize(
    ("keys", "new_today"),
    [
        (("o", "n", "enter"), 0),  # no answer: her next try is another day
        # Maria, a referral, reached and glad: Sally, who sent her, is thanked today.
        (("o", "r", "g", "enter"), 1),
    ],
)
async def test_header_counts_the_log_before_the_reload(
    demo_path: Path,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
    keys: tuple[str, ...],
    new_today: int,
) -> None:
    async with make_app(demo_path, today).run_test(size=SIZE) as pilot:
        await settle(pilot)
        due_before, done_before, left_before = counts(pilot)
        assert done_before == 0
        # GIVEN the list's reload after a save is slow (a big book): held until let go
        let_go = threading.Event()
        read_counts = due.day_counts

        def slow_counts(*args: object, **kwargs: object) -> object:
            let_go.wait(10)
            return read_counts(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(due, "day_counts", slow_counts)
        # WHEN she logs the first call
        await pilot.press(*keys)
        await until_logged(pilot)
        await pilot.pause()
        # THEN the header says it is done as the save lands, the reload still held
        held = counts(pilot)
        let_go.set()
        await settle(pilot)
        reloaded = counts(pilot)
    assert held == (due_before + new_today, 1, left_before - 1 + new_today)
    # AND the reload, once it lands, agrees
    assert reloaded == held
