"""Background imports give way to her keys (followup_tui/pacing.py): a thread's import
waits while keys come, the event loop's own imports never do; warming runs its steps
only in quiet moments."""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_tui.pacing import KeyQuiet, Warming


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


def test_warming_waits_for_a_quiet_moment_before_each_step() -> None:
    # GIVEN she is typing
    quiet = KeyQuiet(quiet_seconds=60)
    quiet.key_pressed()
    ran: list[str] = []
    warming = Warming(quiet, [lambda: ran.append("one"), lambda: ran.append("two")], pause=0)
    try:
        # WHEN warming starts: THEN nothing runs while the keys come
        warming.start()
        assert not warming.done.wait(0.3)
        assert ran == []
        quiet.quiet_seconds = 0  # she stopped typing
        assert warming.done.wait(10)
        assert ran == ["one", "two"]
    finally:
        warming.stop()
        quiet.close()


def test_warming_begins_only_once_the_start_is_done() -> None:
    quiet = KeyQuiet()
    started = threading.Event()
    ran: list[int] = []
    warming = Warming(quiet, [lambda: ran.append(1)], begin_when=started.is_set, pause=0)
    warming.start()
    try:
        assert not warming.done.wait(0.3)
        assert ran == []
        started.set()
        assert warming.done.wait(10)
        assert ran == [1]
    finally:
        warming.stop()


def test_a_step_that_fails_leaves_the_rest_to_run() -> None:
    def fails() -> None:
        raise ImportError("no such module")

    ran: list[int] = []
    warming = Warming(KeyQuiet(), [fails, lambda: ran.append(1)], pause=0)
    warming.start()
    assert warming.done.wait(10)
    assert ran == [1]


def test_a_step_begun_is_not_held_by_a_key_pressed_meanwhile(fresh_module: str) -> None:
    # A step held halfway would hold its module's lock, and the event loop, opening the
    # screen that needs the module, would wait for it: a key pressed mid-step must not
    # hold the warming's own imports.
    quiet = KeyQuiet(quiet_seconds=60)
    quiet.key_pressed()  # from this thread, the loop's: the import gate is in place
    quiet.last_key = float("-inf")  # ... and quiet since: the step begins

    def step() -> None:
        quiet.last_key = time.monotonic()  # a key now, mid-step
        importlib.import_module(fresh_module)

    warming = Warming(quiet, [step], pause=0)
    try:
        warming.start()
        assert warming.done.wait(10)
        assert fresh_module in sys.modules
    finally:
        warming.stop()
        quiet.close()


def test_stopped_warming_runs_no_further_step() -> None:
    quiet = KeyQuiet(quiet_seconds=60)
    quiet.key_pressed()
    ran: list[int] = []
    warming = Warming(quiet, [lambda: ran.append(1)], pause=0)
    try:
        warming.start()
        warming.stop()  # the app closing
        quiet.quiet_seconds = 0
        assert warming.done.wait(10)
        assert ran == []
    finally:
        quiet.close()
