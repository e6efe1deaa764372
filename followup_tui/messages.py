"""Words the screens and the command line share: counts and deadlines as a person says them."""

from __future__ import annotations


def counted(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun: "1 guest", "3 guests", "0 rows"."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def days_left_words(left: int) -> str:
    """3 days left, 1 day left, due today, 1 day late, 4 days late."""
    if left == 0:
        return "due today"
    days = counted(abs(left), "day")
    return f"{days} left" if left > 0 else f"{days} late"
