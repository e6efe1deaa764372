"""A program run in a real terminal (a pty), its output read as it arrives, timed.

The clock stops when the bytes that show a marker text reach us, as they would reach
her terminal. The raw stream is scanned with its escape sequences taken out, rather
than fed through a terminal emulator (pyte): an emulator in pure Python costs several
ms a frame in the measuring process, and its screen says when we looked, not when the
bytes came. Markers are chosen to be one styled run of text (a name in a cell, a
title), which Textual writes contiguously; the scan keeps a tail of the earlier output
so a marker or an escape sequence cut across two reads is still found.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS, LINES = 120, 40
KEYS: dict[str, bytes] = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "end": b"\x1b[F",
    "home": b"\x1b[H",
    "enter": b"\r",
    "ctrl+u": b"\x15",
    # A lone ESC is read as the escape key once the parser's short wait runs out.
    "escape": b"\x1b",
}
# CSI/OSC/DCS and two-byte escapes; what is left is the text she reads.
ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: title, clipboard
    rb"|\x1b[P^_][^\x1b]*\x1b\\"  # DCS, PM, APC
    rb"|\x1b[@-Z\\-_]"  # two-byte escapes
    rb"|[\x00-\x08\x0e-\x1f]"  # other controls; CR and LF stay
)
TAIL = 4096  # bytes of earlier output kept in each scan: one cut sequence or marker


class NotShown(Exception):
    """The marker never showed: the screen did not come, or the marker is wrong."""


@dataclass
class Chunk:
    at: float
    data: bytes


@dataclass
class PtyRun:
    """A process on a pty of COLUMNS x LINES; a thread reads its output into chunks."""

    argv: list[str]
    cwd: Path | None = None
    chunks: list[Chunk] = field(default_factory=list)
    started: float = 0.0
    last_key_at: float = 0.0
    last_key_mark: int = 0

    def __post_init__(self) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        env.pop("TEXTUAL", None)  # no devtools, no headless
        self.master = master
        self._lock = threading.Lock()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=self.cwd,
            env=env,
            start_new_session=True,  # the pty becomes its controlling terminal
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the child is gone and the pty closed
                return
            if not data:
                return
            at = time.perf_counter()
            with self._lock:
                self.chunks.append(Chunk(at, data))

    @property
    def mark(self) -> int:
        """Where the output stands now: later waits look only after it."""
        with self._lock:
            return len(self.chunks)

    def press(self, key: str) -> tuple[int, float]:
        """Write one key; the mark before it and the moment it was written."""
        mark = self.mark
        os.write(self.master, KEYS.get(key, key.encode()))
        self.last_key_mark, self.last_key_at = mark, time.perf_counter()
        return mark, self.last_key_at

    def wait_for(
        self, marker: str | re.Pattern[bytes], after: int = 0, timeout: float = 60.0
    ) -> float:
        """The arrival time of the output, after chunk `after`, that first shows `marker`
        (a text, or a pattern over the text with the escape sequences taken out)."""
        wanted = re.compile(re.escape(marker.encode())) if isinstance(marker, str) else marker
        deadline = time.perf_counter() + timeout
        scanned = after
        tail = b""
        while True:
            with self._lock:
                fresh = self.chunks[scanned:]
            for chunk in fresh:
                text = ESCAPES.sub(b"", tail + chunk.data)
                if wanted.search(text):
                    return chunk.at
                tail = (tail + chunk.data)[-TAIL:]
            scanned += len(fresh)
            if time.perf_counter() > deadline or self.process.poll() is not None:
                shown = marker if isinstance(marker, str) else marker.pattern
                raise NotShown(f"{shown!r} not shown; last output: {self.text(after)[-300:]!r}")
            select.select([], [], [], 0.001)

    def settle(self, after: int, quiet: float = 0.1, timeout: float = 30.0) -> float:
        """The arrival time of the last output after `after`, once none came for `quiet`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                last = self.chunks[-1].at if len(self.chunks) > after else None
            now = time.perf_counter()
            if last is not None and now - last >= quiet:
                return last
            time.sleep(0.005)
        raise NotShown("the output never settled")

    def idle(self, quiet: float = 0.2, timeout: float = 30.0) -> None:
        """Wait, untimed, until the program has drawn what it was drawing."""
        called = time.perf_counter()
        deadline = called + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                last = max(self.chunks[-1].at if self.chunks else called, called)
            if time.perf_counter() - last >= quiet:
                return
            time.sleep(0.01)

    def text(self, after: int = 0) -> str:
        with self._lock:
            data = b"".join(chunk.data for chunk in self.chunks[after:])
        return ESCAPES.sub(b"", data).decode(errors="replace")

    def rss_kb(self) -> tuple[int, int]:
        """Peak and current resident memory of the process (VmHWM, VmRSS), in kB."""
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            fields[name] = value.split()[0] if value.split() else "0"
        return int(fields["VmHWM"]), int(fields["VmRSS"])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self.master)
        self._reader.join(2)

    def __enter__(self) -> PtyRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
