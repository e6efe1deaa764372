"""The desk's process asks glibc for few malloc arenas before its first thread."""

from __future__ import annotations

import ctypes
import sys

import pytest

from followup_tui.cli import launch


class FakeLibc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1


@pytest.fixture
def libc(monkeypatch: pytest.MonkeyPatch) -> FakeLibc:
    fake = FakeLibc()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: fake)
    monkeypatch.setattr(sys, "platform", "linux")
    return fake


def test_two_arenas_asked_for(libc: FakeLibc, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    launch.few_malloc_arenas()
    assert libc.calls == [(launch.M_ARENA_MAX, 2)]


def test_her_own_setting_is_left_alone(libc: FakeLibc, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    launch.few_malloc_arenas()
    assert libc.calls == []


def test_no_glibc_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")

    def missing(name: str) -> object:
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    launch.few_malloc_arenas()  # the desk opens all the same


def test_the_real_call_on_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    launch.few_malloc_arenas()  # glibc here, or refused quietly elsewhere
