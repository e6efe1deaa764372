"""Regenerate screenshots/ (SVG, and PNG for the README) from fixed demo states.

    .venv/bin/python screenshots/regenerate.py     (or: make screenshots)

The same states as the snapshot tests: a demo database on Monday 23 Nov 2026.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import cairosvg

from followup_tui import demo
from followup_tui.app import FollowupApp
from followup_tui.db.engine import open_database

HERE = Path(__file__).parent
TODAY = date(2026, 11, 23)
# name: (size, keys pressed after the desk has loaded)
STATES: dict[str, tuple[tuple[int, int], Sequence[str]]] = {
    "desk": ((160, 48), ()),
    "desk-80x24": ((80, 24), ()),
    "log-outcome": ((160, 48), ("o", "r")),
    "logged": ((160, 48), ("down",) * 7 + ("o", "r", "g", "enter")),
    "quick-add": ((160, 48), ("a", *"Dana Whitfield", "enter", *"call me", "enter")),
    "contacts": ((160, 48), ("c", *"chanel")),
    "qr": ((80, 24), ("down", "down", "down", "Q")),
    "help": ((80, 24), ("question_mark",)),
    "discreet": ((160, 48), ("down", "down", "down", "ctrl+d")),
    "glance": ((160, 48), ("g",)),
    # A phone's vCard export, previewed before anything is written (path from the repo).
    "import": ((160, 48), ("i", *"tests/fixtures/import/iphone.vcf", "enter")),
}


async def settle(app: FollowupApp) -> None:
    # A worker replaced by a newer one (the cursor moved on) ends cancelled: fine here.
    for _ in range(2):
        await asyncio.gather(*(w.wait() for w in list(app.workers)), return_exceptions=True)
        await asyncio.sleep(0.2)


async def shoot(database: Path, name: str, size: tuple[int, int], keys: Sequence[str]) -> Path:
    app = FollowupApp(f"sqlite:///{database}", TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app)
        for key in keys:
            await pilot.press(key)
            await settle(app)
        return Path(app.save_screenshot(f"{name}.svg", str(HERE)))


def main() -> None:
    os.chdir(HERE.parent)  # the import state types a path relative to the repository
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "demo.db"
        db = open_database(f"sqlite:///{template}")
        demo.fill(db, demo.DEFAULT_CONTACTS, TODAY)
        db.dispose()
        for name, (size, keys) in STATES.items():
            # Each state starts from the same untouched demo data.
            database = Path(folder) / f"{name}.db"
            database.write_bytes(template.read_bytes())
            svg = asyncio.run(shoot(database, name, size, keys))
            cairosvg.svg2png(url=str(svg), write_to=str(svg.with_suffix(".png")))
            print(svg.relative_to(HERE.parent), "and .png")


if __name__ == "__main__":
    main()
