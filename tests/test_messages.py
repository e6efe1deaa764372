"""Counts and deadlines in words, shared by the screens and the command line."""

from __future__ import annotations

import pytest

from followup_tui.messages import counted, days_left_words


@pytest.mark.parametrize(
    ("count", "one", "many", "words"),
    [
        (1, "guest", None, "1 guest"),
        (3, "guest", None, "3 guests"),
        (0, "row", None, "0 rows"),
        (2, "party", "parties", "2 parties"),
        (1, "party", "parties", "1 party"),
    ],
)
def test_counted(count: int, one: str, many: str | None, words: str) -> None:
    assert counted(count, one, many) == words


def test_days_left_words() -> None:
    assert [days_left_words(n) for n in (3, 1, 0, -1, -4)] == [
        "3 days left",
        "1 day left",
        "due today",
        "1 day late",
        "4 days late",
    ]
