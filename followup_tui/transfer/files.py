"""Files in and out: which reader a file needs, where an export may go, and writing it
whole and private. A file the system refuses is said in words (InputError)."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

from followup_tui.errors import InputError
from followup_tui.transfer.records import Found
from followup_tui.words import file_words

EXPORT_FORMATS = (".csv", ".vcf", ".ics")
IMPORT_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".vcf": "vcard", ".vcard": "vcard"}
MAX_IMPORT_BYTES = 200_000_000
"""The largest file an import reads. Our own export of the 10,000-contact demo book is
1.1 MB as CSV and 2.6 MB as vCard (so about 11 and 26 MB for 100,000); 200 MB holds
100,000 contacts with 2 KB of notes and facts each, and is small enough to read whole."""
READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check opens without waiting
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def read_contacts_file(path: Path) -> list[Found]:
    """What a CSV or vCard file holds, row by row; InputError for a file we cannot read."""
    from followup_tui.transfer.read_csv import read_csv
    from followup_tui.transfer.read_vcard import read_vcard

    data = read_import_file(path)
    kind = IMPORT_FORMATS.get(path.suffix.lower())
    if kind is None:
        kind = "vcard" if b"BEGIN:VCARD" in data[:4096].upper() else "csv"
    return read_vcard(data, path.name) if kind == "vcard" else read_csv(data, path.name)


def read_import_file(path: Path) -> bytes:
    """The bytes of a regular file (links followed) of at most MAX_IMPORT_BYTES.

    A FIFO, a device, a socket or a folder is refused before it is opened, and again by
    what was opened (it may have been swapped in between): a read never waits or runs on.
    """
    try:
        _check_regular(path, os.stat(path))
        fd = os.open(path, READ_FLAGS)
    except OSError as exc:
        raise InputError(_read_words(path, exc)) from None
    try:
        with os.fdopen(fd, "rb") as file:
            _check_regular(path, os.fstat(fd))
            # One byte past the limit tells a file that grew since its size was checked.
            data = file.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise InputError(_read_words(path, exc)) from None
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(_too_big(path, None))
    return data


def _check_regular(path: Path, found: os.stat_result) -> None:
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(f"cannot import {path}: it is {_special(mode)}, not a regular file")
    if found.st_size > MAX_IMPORT_BYTES:
        raise InputError(_too_big(path, found.st_size))


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _too_big(path: Path, size: int | None) -> str:
    limit = f"{MAX_IMPORT_BYTES // 1_000_000} MB"
    if size is None:
        return f"cannot import {path}: it is larger than the {limit} an import takes"
    shown = f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"
    return f"cannot import {path}: {shown} is more than the {limit} an import takes"


def _read_words(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"no file {path}"
    if isinstance(exc, IsADirectoryError):
        return f"{path} is a folder, not a file"
    if isinstance(exc, PermissionError):
        return f"{path} cannot be read (permission denied)"
    return file_words("read", path, exc)  # a name too long, a file where a folder should be


def check_export_path(path: Path) -> str:
    """The format an export to `path` writes (its suffix), or InputError saying why no
    file can be written there."""
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise InputError(f"{path.name}: export writes .csv, .vcf or .ics files")
    try:
        if path.is_dir():
            raise InputError(f"{path} is a folder: name a file")
        if not path.parent.is_dir():
            raise InputError(f"no folder {path.parent}")
    except OSError as exc:  # a name too long, a file where a folder should be
        raise InputError(file_words("write", path, exc)) from None
    return suffix


def write_private(path: Path, text: str) -> None:
    """Written whole and readable by the owner only: a new file under a name nobody can
    guess (so a link planted in a shared folder is never written through), synced, then
    renamed over `path`. A link at `path` itself is replaced, not followed.

    InputError in words when the file system refuses: a read-only folder, a full disk.
    """
    folder = path.parent
    prefix = f".{path.name[:100]}."
    _remove_stale(folder, prefix)
    try:
        # mkstemp: O_CREAT|O_EXCL (never an existing file or link), 0600, a random name.
        fd, temp = tempfile.mkstemp(prefix=prefix, suffix=PARTIAL, dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
                os.fchmod(fd, 0o600)  # under a umask like 0277 it would be read-only
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(file_words("write", path, exc)) from None
    _sync_folder(folder)


PARTIAL = ".partial"
STALE_AFTER = 10 * 60
"""Seconds untouched after which a temporary export is a killed one's: a live export
writes its file in well under a minute, and a file being written is touched as it grows."""
RANDOM = re.compile(r"[a-z0-9_]{8}")
"""mkstemp's eight random characters between our prefix and suffix."""


def _remove_stale(folder: Path, prefix: str) -> None:
    """Remove the temporary files a killed export to this name left in `folder` (0600,
    her contacts, under names no later run would reuse): only regular files of hers,
    named exactly as mkstemp named ours, untouched for STALE_AFTER; never a link, never
    followed. Another export still writing its file is left alone."""
    too_old = time.time() - STALE_AFTER
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if not (name.startswith(prefix) and name.endswith(PARTIAL)):
                    continue
                if not RANDOM.fullmatch(name[len(prefix) : -len(PARTIAL)]):
                    continue
                found = entry.stat(follow_symlinks=False)
                if (
                    stat.S_ISREG(found.st_mode)
                    and found.st_uid == os.getuid()
                    and found.st_mtime < too_old
                ):
                    os.unlink(entry.path)
    except OSError:
        pass  # a folder it cannot list or a file it cannot remove: the export goes on


def _sync_folder(folder: Path) -> None:
    """The rename itself on disk, so a power cut cannot bring the old file back."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # some systems cannot open a folder; the file itself is synced
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse to sync a folder: nothing more we can do
    finally:
        os.close(fd)
