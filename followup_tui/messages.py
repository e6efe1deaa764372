"""Words the screens and the command line share: counts and deadlines as a person says them."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """The noun for a count: "guest" for 1, "guests" for 0 or 3."""
    return one if count == 1 else many or one + "s"


def counted(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun: "1 guest", "3 guests", "0 rows"."""
    return f"{count} {plural(count, one, many)}"


def days_left_words(left: int) -> str:
    """3 days left, 1 day left, due today, 1 day late, 4 days late."""
    if left == 0:
        return "due today"
    days = counted(abs(left), "day")
    return f"{days} left" if left > 0 else f"{days} late"
