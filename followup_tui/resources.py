"""Where the shipped data (playbooks, scripts, catalogue) lives."""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    # A wheel carries data/ inside the package; a source checkout keeps it at the top.
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"
