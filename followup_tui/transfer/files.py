"""Which reader a file needs, and the words for a file that cannot be read at all."""

from __future__ import annotations

from pathlib import Path

from followup_tui.errors import InputError
from followup_tui.transfer.records import Found

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
    kind = IMPORT_FORMATS.get(path.suffix.lower())
    if kind is None:
        kind = "vcard" if b"BEGIN:VCARD" in data[:4096].upper() else "csv"
    return read_vcard(data, path.name) if kind == "vcard" else read_csv(data, path.name)
