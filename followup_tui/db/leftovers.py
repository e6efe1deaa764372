"""Temporary copies a killed run leaves behind, removed by the next run and only then.

A backup, a restore and the demo each write a whole copy of the book under a hidden
temporary name (`.NAME.partial`) and rename or copy it into place when it is complete.
Killed halfway, the copy stays: each run uses a new name, so nothing would ever remove
it. Each run holds a shared lock on the folder while it writes there (flock on the
folder itself: the kernel drops it when the process dies, whatever its pid becomes); a
run that can take the lock exclusively knows no other run is writing, so every leftover
matching the pattern is stale and goes. When another run holds the lock, cleaning waits
for the next run: never a copy that is still being written.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

if sys.platform != "win32":
    import fcntl


@contextmanager
def working_in(folder: Path, stale: str | None = None) -> Iterator[None]:
    """Hold `folder` while writing a temporary copy in it; first, if no other run is
    writing there, remove what matches the glob `stale` (files and folders)."""
    if sys.platform == "win32":  # no flock: nothing is cleaned, nothing is at risk
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder it cannot open: the write below says why, in words
        yield
        return
    try:
        if stale is not None:
            _clean(fd, folder, stale)
        with suppress(OSError):  # a file system without locks: work on, clean nothing
            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # drops the lock


def _clean(fd: int, folder: Path, stale: str) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another run is writing here (or no locks): its copy is not stale
        return
    for leftover in folder.glob(stale):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
