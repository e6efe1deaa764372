"""Fixtures shared by every test folder: a fixed today, a demo database, the app."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pytest
from textual.app import App
from textual.pilot import Pilot

TODAY = date(2026, 11, 23)  # a Monday


class SnapCompare(Protocol):
    def __call__(
        self,
        app: str | Path | App[Any],
        *,
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


@pytest.fixture(autouse=True)
def steady_text_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in tests: on a loaded machine a screenshot taken half a
    second after the last key would catch the cursor off, and the snapshot would differ."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test session."""
    from followup_tui import demo
    from followup_tui.db.engine import open_database

    path = tmp_path_factory.mktemp("template") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    demo.fill(db, demo.DEFAULT_CONTACTS, TODAY)
    db.dispose()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test (SQLite's backup API, not a file copy)."""
    path = tmp_path / "followup.db"
    source, target = sqlite3.connect(demo_template), sqlite3.connect(path)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return path
