"""Background imports give way to her keys (followup_tui/pacing.py): a thread's import
waits while keys come, the event loop's own imports never do."""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_tui.pacing import KeyQuiet


@pytest.fixture
def fresh_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = f"paced_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_a_thread_imports_only_once_the_keys_stop(fresh_module: str) -> None:
    quiet = KeyQuiet(quiet_seconds=60)
    quiet.key_pressed()
    try:
        thread = threading.Thread(target=importlib.import_module, args=(fresh_module,))
        thread.start()
        thread.join(0.3)
        assert thread.is_alive()
        assert fresh_module not in sys.modules
        quiet.quiet_seconds = 0  # she stopped typing
        thread.join(10)
        assert fresh_module in sys.modules
    finally:
        quiet.close()


def test_the_event_loops_own_imports_never_wait(fresh_module: str) -> None:
    quiet = KeyQuiet(quiet_seconds=60)
    quiet.key_pressed()  # from this thread: the loop's
    try:
        assert importlib.import_module(fresh_module).VALUE == 1
    finally:
        quiet.close()


def test_nothing_waits_before_the_first_key_or_after_closing(fresh_module: str) -> None:
    quiet = KeyQuiet(quiet_seconds=60)
    before = list(sys.meta_path)
    quiet.wait()  # no key yet: at once
    quiet.key_pressed()
    assert len(sys.meta_path) == len(before) + 1
    quiet.close()
    assert sys.meta_path == before
    thread = threading.Thread(target=importlib.import_module, args=(fresh_module,))
    thread.start()
    thread.join(10)
    assert fresh_module in sys.modules


def test_textuals_own_threads_never_wait(fresh_module: str) -> None:
    # The thread reading her keys must never stop for them.
    quiet = KeyQuiet(quiet_seconds=60)
    quiet.key_pressed()
    try:
        thread = threading.Thread(
            target=importlib.import_module, args=(fresh_module,), name="textual-input"
        )
        thread.start()
        thread.join(10)
        assert fresh_module in sys.modules
    finally:
        quiet.close()
