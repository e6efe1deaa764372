"""The desk's keys as she feels them: the real app in a pty (120x40), a key written to
it, the clock stopped at the frame that answers it (issue 17).

    python -m benchmarks.desk_pty BOOK [--runs N] [--python PY] [--tree DIR]

BOOK is written to (calls are logged): hand it a copy. Each figure is key -> the end of
the first burst of output after it (the frame), and key -> the last output (settled).
Timing is wall clock on a shared machine: compare runs made side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

DOWN, UP, END, HOME = b"\x1b[B", b"\x1b[A", b"\x1b[F", b"\x1b[H"
GAP = 0.004
"""Writes closer than this belong to one frame."""


class Desk:
    def __init__(self, book: Path, python: str, tree: Path, size: tuple[int, int]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(tree), COLUMNS="")
        env.pop("COLUMNS")
        argv = [python, "-m", "followup_tui", "--db", str(book), "--today", "2026-12-07"]
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.fd = master
        self.seen = b""

    def read(self, timeout: float) -> list[tuple[float, bytes]]:
        """Chunks written until `timeout` seconds pass with nothing written."""
        chunks: list[tuple[float, bytes]] = []
        while True:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return chunks
            data = os.read(self.fd, 65536)
            chunks.append((time.perf_counter(), data))
            self.seen += data

    def wait_for(self, text: bytes, timeout: float = 30.0) -> float:
        end = time.perf_counter() + timeout
        while text not in self.seen:
            if time.perf_counter() > end:
                raise TimeoutError(text)
            self.read(0.05)
        return time.perf_counter()

    def key(self, key: bytes, quiet: float = 0.25) -> tuple[float, float]:
        """Key -> end of the first frame, key -> last output (seconds)."""
        self.read(0.0)
        start = time.perf_counter()
        os.write(self.fd, key)
        chunks = self.read(quiet)
        if not chunks:
            return float("nan"), float("nan")
        frame = chunks[0][0]
        for at, _ in chunks[1:]:
            if at - frame > GAP:
                break
            frame = at
        return frame - start, chunks[-1][0] - start

    def cpu(self) -> float:
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        os.write(self.fd, b"\x11")  # ctrl+q
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self.fd)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def figures(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values if v == v]
    if not ms:
        return f"{name}: none"
    return (
        f"{name}: median {statistics.median(ms):.1f} p95 {p95(ms):.1f} "
        f"max {max(ms):.1f} ms (n={len(ms)})"
    )


def one_run(desk: Desk, seen: dict[str, list[float]]) -> None:
    desk.wait_for(b"Today")
    desk.read(4.0)  # the whole list and the first card
    # End, the first time, then back home.
    frame, settled = desk.key(END, quiet=2.0)
    seen["End first: frame"].append(frame)
    seen["End first: settled"].append(settled)
    desk.key(HOME, quiet=0.4)
    # Single down-arrows, apart.
    for _ in range(15):
        frame, settled = desk.key(DOWN, quiet=0.2)
        seen["down: frame"].append(frame)
        seen["down: settled"].append(settled)
    # 30 down-arrows at 25 a second: how long after the last the screen settles.
    desk.read(0.3)
    cpu = desk.cpu()
    last = 0.0
    frames: list[float] = []
    for _ in range(30):
        last = time.perf_counter()
        os.write(desk.fd, DOWN)
        chunks = desk.read(0.0)
        deadline = last + 0.04
        while (left := deadline - time.perf_counter()) > 0:
            chunks += desk.read(left)
        if chunks:
            frames.append(chunks[0][0] - last)
    chunks = desk.read(0.4)
    seen["30 downs at 25/s: settled after last"].append((chunks[-1][0] - last) if chunks else 0.0)
    seen["30 downs: first output after each key"].extend(frames)
    seen["30 downs: cpu s"].append((desk.cpu() - cpu) / 1000)  # shown as "ms" = s/1000
    # A log: o, n (no answer), enter; then a down right after.
    for _ in range(3):
        desk.read(0.3)
        frame, _ = desk.key(b"o", quiet=0.15)
        seen["log o: frame"].append(frame)
        frame, _ = desk.key(b"n", quiet=0.15)
        seen["log n: frame"].append(frame)
        desk.seen = b""
        start = time.perf_counter()
        os.write(desk.fd, b"\r")
        chunks = desk.read(0.0)
        while time.perf_counter() - start < 0.03:
            chunks += desk.read(0.005)
        desk.read(0.0)
        seen["log enter: first output"].append(chunks[0][0] - start if chunks else float("nan"))
        frame, settled = desk.key(DOWN, quiet=0.05)
        seen["down 30 ms after enter: frame"].append(frame)
        frame, settled = desk.key(UP, quiet=0.05)
        seen["up after that: frame"].append(frame)
        with contextlib.suppress(TimeoutError):
            seen["log enter: 'Logged:' shown"].append(desk.wait_for(b"Logged:", 3) - start)
        desk.read(0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--tree", type=Path, default=Path.cwd())
    args = parser.parse_args()
    seen: dict[str, list[float]] = {}
    from collections import defaultdict

    seen = defaultdict(list)
    for _ in range(args.runs):
        desk = Desk(args.book, args.python, args.tree, (120, 40))
        try:
            one_run(desk, seen)
        finally:
            desk.close()
    for name, values in seen.items():
        print(figures(name, values))


if __name__ == "__main__":
    main()
