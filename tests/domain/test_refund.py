"""A refunded item is not followed as if she had it (issue 14): the pure rule of what of
an order is still followed once some of it is refunded."""

from __future__ import annotations

import pytest

from followup_tui.domain.orders import Followed, followed_after_refund


@pytest.mark.parametrize(
    ("lines", "followed"),
    [
        # (reorder day, refunded?) per line -> still followed, reorder days kept
        ([(40, True)], Followed(False, frozenset())),
        ([(40, True), (14, True)], Followed(False, frozenset())),
        ([(40, True), (14, False)], Followed(True, frozenset({14}))),
        ([(40, True), (40, False)], Followed(True, frozenset({40}))),
        ([(40, True), (None, False)], Followed(True, frozenset())),
        ([(40, False), (14, False)], Followed(True, frozenset({14, 40}))),
    ],
    ids=[
        "the only line refunded",
        "every line refunded",
        "the serum refunded, the kit kept",
        "a second serum kept: its day stays",
        "the rest has no reorder day",
        "nothing refunded",
    ],
)
def test_what_is_still_followed(lines: list[tuple[int | None, bool]], followed: Followed) -> None:
    assert followed_after_refund(lines) == followed
