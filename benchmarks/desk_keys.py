"""The desk's keys in process (headless, 120x40), wall and CPU time (issue 17).

    python -m benchmarks.desk_keys BOOK [--runs N]

BOOK is written to (calls are logged): hand it a copy. Keys go to the driver; a frame is
counted when the app writes one (App._display). Process CPU time is beside the wall
clock: on a shared, loaded machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 12, 7)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def one_run(book: Path, seen: dict[str, list[float]]) -> None:
    from textual import events

    from followup_tui.app import FollowupApp
    from followup_tui.widgets.outcome_panel import OutcomePanel
    from followup_tui.widgets.touch_table import TouchTable

    frames: list[float] = []
    app = FollowupApp(f"sqlite:///{book}", TODAY)
    display = app._display

    def counted(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        frames.append(time.perf_counter())

    app._display = counted  # type: ignore[method-assign]

    def send(key: str) -> float:
        assert app._driver is not None
        char = key if len(key) == 1 else ("\r" if key == "enter" else None)
        start = time.perf_counter()
        app._driver.send_message(events.Key(key, char))
        return start

    async def frame_when(shown: Callable[[], bool], start: float, limit: float = 5) -> float:
        while time.perf_counter() - start < limit:
            if shown() and frames and frames[-1] > start:
                return frames[-1] - start
            await asyncio.sleep(0)
        return float("nan")

    async def quiet(gap: float = 0.3) -> float:
        """Seconds until no frame for `gap`; answers when the last frame was drawn."""
        while True:
            last = frames[-1] if frames else 0.0
            await asyncio.sleep(gap)
            if not frames or frames[-1] == last:
                return last

    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(40):
            await pilot.pause(0.1)
        await quiet(0.5)
        table = app.screen.query_one(TouchTable)
        panel = app.screen.query_one(OutcomePanel)
        # End, the first time.
        cpu = time.process_time()
        start = send("end")
        seen["End first: first frame"].append(await frame_when(lambda: True, start))
        row = len(table.items) - 1
        seen["End first: frame"].append(await frame_when(lambda: table.chosen_index == row, start))
        seen["End first: settled"].append(await quiet() - start)
        seen["End first: cpu"].append(time.process_time() - cpu)
        send("home")
        await quiet()
        # Single downs, apart.
        for _ in range(15):
            before = table.cursor_row
            start = send("down")
            seen["down: frame"].append(
                await frame_when(lambda b=before: table.cursor_row != b, start)  # type: ignore[misc]
            )
            await quiet(0.15)
        # 30 downs at 25 a second.
        cpu = time.process_time()
        last = 0.0
        for _ in range(30):
            before = table.cursor_row
            last = send("down")
            seen["30 downs: each key's frame"].append(
                await frame_when(lambda b=before: table.cursor_row != b, last, 0.04)  # type: ignore[misc]
            )
            await asyncio.sleep(max(0.0, 0.04 - (time.perf_counter() - last)))
        final = table.cursor_row
        seen["30 downs: list settled after last"].append(
            await frame_when(lambda: table.cursor_row == final, last)
        )
        seen["30 downs: all settled (card too)"].append(await quiet() - last)
        seen["30 downs: cpu"].append(time.process_time() - cpu)
        # Logs: o n enter, a down 30 ms after enter.
        for _ in range(3):
            send("o")
            await quiet(0.2)
            send("n")
            await quiet(0.2)
            cpu = time.process_time()
            start = send("enter")
            seen["log enter: frame"].append(await frame_when(lambda: not panel.active, start))
            await asyncio.sleep(max(0.0, 0.03 - (time.perf_counter() - start)))
            before = table.cursor_row
            down = send("down")
            seen["down 30 ms after enter: frame"].append(
                await frame_when(lambda b=before: table.cursor_row != b, down)  # type: ignore[misc]
            )

            def logged() -> bool:
                return "Logged" in str(panel.query_one("#outcome").render())

            seen["log enter: 'Logged:' on screen"].append(await frame_when(logged, start))
            await quiet()
            seen["log enter .. settled: cpu"].append(time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    seen: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.runs):
        asyncio.run(one_run(args.book, seen))
    for name, values in seen.items():
        ms = [v * 1000 for v in values if v == v]
        if ms:
            print(
                f"{name}: median {statistics.median(ms):.1f} p95 {p95(ms):.1f} "
                f"max {max(ms):.1f} ms (n={len(ms)})"
            )


if __name__ == "__main__":
    main()
