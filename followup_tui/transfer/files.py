"""Files in and out: which reader a file needs, where an export may go, and writing it
whole and private. A file the system refuses is said in words (InputError)."""

from __future__ import annotations

import os
from pathlib import Path

from followup_tui.errors import InputError
from followup_tui.transfer.records import Found
from followup_tui.words import file_words

EXPORT_FORMATS = (".csv", ".vcf", ".ics")
IMPORT_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".vcf": "vcard", ".vcard": "vcard"}


def read_contacts_file(path: Path) -> list[Found]:
    """What a CSV or vCard file holds, row by row; InputError for a file we cannot read."""
    from followup_tui.transfer.read_csv import read_csv
    from followup_tui.transfer.read_vcard import read_vcard

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no file {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path} cannot be read (permission denied)") from None
    except OSError as exc:  # a name too long, a file where a folder should be
        raise InputError(file_words("read", path, exc)) from None
    kind = IMPORT_FORMATS.get(path.suffix.lower())
    if kind is None:
        kind = "vcard" if b"BEGIN:VCARD" in data[:4096].upper() else "csv"
    return read_vcard(data, path.name) if kind == "vcard" else read_csv(data, path.name)


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
    """Written whole (temp file, then rename) and readable by the owner only.

    InputError in words when the file system refuses: a read-only folder, a full disk.
    """
    # Short enough for the file system even when the name itself is near its limit.
    partial = path.with_name(f".{path.name[:200]}.partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
                file.write(text)
            os.chmod(partial, 0o600)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(file_words("write", path, exc)) from None
