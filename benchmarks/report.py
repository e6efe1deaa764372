"""Figures gathered over runs, and the tables printed from them."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable

Samples = dict[str, list[float]]
"""A figure's name and every value seen for it (seconds, or kB for memory)."""


class Figures:
    """Values by name, appended as runs go; a run that failed a figure adds nothing."""

    def __init__(self) -> None:
        self.seen: Samples = defaultdict(list)
        self.missed: dict[str, int] = defaultdict(int)

    def add(self, name: str, value: float | None) -> None:
        if value is None:
            self.missed[name] += 1
        else:
            self.seen[name].append(value)

    def p50(self, name: str) -> float | None:
        values = self.seen.get(name)
        return statistics.median(values) if values else None

    def p95(self, name: str) -> float | None:
        values = sorted(self.seen.get(name) or [])
        if not values:
            return None
        return values[round(0.95 * (len(values) - 1))]


def interleaved(runs: int, measures: list[Callable[[Figures], None]]) -> Figures:
    """Each measure in turn, `runs` times, so a noisy moment hits them all."""
    figures = Figures()
    for _ in range(runs):
        for measure in measures:
            measure(figures)
    return figures


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f}"


def secs(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f} s"


def markdown(head: list[str], rows: list[list[str]]) -> str:
    """A table the README can take as it is."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
