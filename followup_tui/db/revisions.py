"""What the app knows of schema revisions, in the standard library alone: the engine, the
backups and the first-frame reader share it without importing SQLAlchemy."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD_REVISION = "0009"
"""The newest migration; a test checks it against Alembic's head, so the fast paths at
start-up (no Alembic import) never disagree with the real history."""


def known_revision(revision: str) -> bool:
    return any(p.name.startswith(f"{revision}_") for p in (MIGRATIONS / "versions").glob("*.py"))


def unknown_revision_words(revision: str) -> str:
    """What a schema revision this version does not know is, without guessing wrong."""
    numbered = revision.isascii() and revision.isdigit()
    if numbered and int(revision) > int(HEAD_REVISION):
        return f"was made by a newer followup-tui (schema {revision})"
    return (
        f"has an unknown schema version {revision}: not a followup database this version can open"
    )
