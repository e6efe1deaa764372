"""Export from the palette: a progress bar while the whole book is written, then a
notice saying where the file is."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar

from followup_tui.screens.export import ExportScreen
from followup_tui.screens.prompt import PromptScreen
from followup_tui.services import keeping
from tests.conftest import SnapCompare
from tests.ui.test_desk import make_app, settle
from tests.ui.test_palette import found_by

TODAY = date(2026, 11, 23)
SIZE = (100, 30)


def contacts_in(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as connection:
        [(count,)] = connection.execute("SELECT count(*) FROM contacts WHERE NOT is_me")
    return int(count)


@dataclass
class HeldExport:
    """An export held once, halfway, until `go_on` is set or the app exits."""

    halfway: threading.Event = field(default_factory=threading.Event)
    go_on: threading.Event = field(default_factory=threading.Event)
    app: App[None] | None = None
    """Its exit ends the hold too: a snapshot exits the app without saying go on."""

    def wait(self) -> None:
        self.halfway.set()
        for _ in range(500):
            if self.go_on.wait(0.02) or (self.app is not None and self.app._exit):
                return


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldExport]:
    # Held once: holding at every step kept the worker, and the app's exit, waiting
    # 10 s a step (190 s a run).
    export = HeldExport()
    write = keeping.export_file

    def slowed_export(*args: Any, progress: Callable[[int, int], None], **kw: Any) -> str:
        def slowed(done: int, total: int) -> None:
            progress(done, total)
            if 0 < done < total and not export.halfway.is_set():
                export.wait()

        return write(*args, progress=slowed, **kw)

    monkeypatch.setattr(keeping, "export_file", slowed_export)
    monkeypatch.setattr(keeping, "PROGRESS_EVERY", 10)
    yield export
    export.go_on.set()  # a test that failed leaves no worker waiting


async def test_the_bar_shows_while_the_book_is_written_then_a_notice_says_where(
    demo_path: Path, tmp_path: Path, held: HeldExport
) -> None:
    # GIVEN an export held halfway, so the bar can be looked at while it writes
    said: list[tuple[str, str]] = []
    target = tmp_path / "book.csv"
    total = contacts_in(demo_path)
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.notify = lambda message, severity="information", **_: said.append(  # type: ignore[method-assign]
            (str(message), severity)
        )
        # WHEN she chooses Export contacts and gives a file
        pilot.app.call_later((await found_by(pilot, "export"))["Export contacts"].command)
        await settle(pilot)
        assert isinstance(pilot.app.screen, PromptScreen)
        pilot.app.screen.query_one("#prompt-input", Input).value = str(target)
        await pilot.press("enter")
        assert await asyncio.to_thread(held.halfway.wait, 10)
        await pilot.pause(0.1)
        # THEN a bar shows how far the writing is, and nothing is said yet
        assert isinstance(pilot.app.screen, ExportScreen)
        bar = pilot.app.screen.query_one("#export-progress", ProgressBar)
        assert bar.total == total
        assert 0 < (bar.progress or 0) < total
        assert not target.exists() and said == []
        # AND once it is written, the bar goes and a notice says where the file is
        held.go_on.set()
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ExportScreen)
    assert said == [(f"Exported {total} contacts to {target}", "information")]
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == total + 1  # and a header


async def test_a_file_that_cannot_be_written_is_one_warning_and_the_bar_goes(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a disk that fills up while the file is written
    from followup_tui.errors import InputError

    def full(*_: Any, **__: Any) -> str:
        raise InputError("could not write book.vcf: the disk is full")

    monkeypatch.setattr(keeping, "export_file", full)
    said: list[tuple[str, str]] = []
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.notify = lambda message, severity="information", **_: said.append(  # type: ignore[method-assign]
            (str(message), severity)
        )
        pilot.app.call_later((await found_by(pilot, "export"))["Export contacts"].command)
        await settle(pilot)
        pilot.app.screen.query_one("#prompt-input", Input).value = str(tmp_path / "book.vcf")
        # WHEN she answers
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        # THEN one warning says why, and she is back where she was
        assert not isinstance(pilot.app.screen, ExportScreen | PromptScreen)
    assert said == [("could not write book.vcf: the disk is full", "warning")]
    assert not (tmp_path / "book.vcf").exists()


def test_the_bar_as_she_sees_it(
    snap_compare: SnapCompare,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    held: HeldExport,
) -> None:
    # The export held halfway, as above; a file named relative to a fixed folder, so the
    # picture does not change with pytest's temporary path.
    monkeypatch.chdir(tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        held.app = pilot.app
        await settle(pilot)
        pilot.app.call_later((await found_by(pilot, "export"))["Export contacts"].command)
        await settle(pilot)
        pilot.app.screen.query_one("#prompt-input", Input).value = "book.csv"
        await pilot.press("enter")
        assert await asyncio.to_thread(held.halfway.wait, 10)
        await pilot.pause(0.1)

    assert snap_compare(make_app(demo_path, TODAY), terminal_size=SIZE, run_before=run_before)
