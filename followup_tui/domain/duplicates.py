"""Someone added who is already there: what folding the new details into her does.

The values are decided as a merge of two contacts decides them (domain.merging): hers
stay, the new ones fill her gaps, and each new value that differs is kept in a note, so
nothing typed is lost. Plain values in and out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from followup_tui.domain.merging import Record, combine


@dataclass(frozen=True)
class Fold:
    """Her record after the new details are folded in, and what is written for them."""

    phone: str | None
    email: str | None
    met_at: str | None
    met_on: date | None
    filled: tuple[str, ...]
    """Her fields that were empty and are filled now, in words ("phone", "where met")."""
    facts: tuple[tuple[str, str], ...]
    """New facts under keys she had none for."""
    note: str | None
    """The note typed with the new details, when it is not already hers."""
    kept_note: str | None
    """The new values that differ from hers, in one note; None when none differ."""
    kept: tuple[str, ...]
    """What those differing values are ("name", "phone", "job")."""


def fold_new(
    hers: Record, given: Record, note: str | None = None, notes: Collection[str] = ()
) -> Fold:
    """`given` (typed as a new contact) folded into `hers`; `notes` are hers already."""
    combined = combine(hers, given)
    filled = tuple(
        what
        for what, before, after in (
            ("phone", hers.phone, combined.phone),
            ("email", hers.email, combined.email),
            ("where met", hers.met_at, combined.met_at),
        )
        if after and not before
    )
    lines = [clash.line() for clash in combined.clashes]
    typed = note if note and note.strip() and note not in notes else None
    return Fold(
        phone=combined.phone,
        email=combined.email,
        met_at=combined.met_at,
        met_on=combined.met_on,
        filled=filled,
        facts=tuple((key, given.facts[key]) for key in combined.facts_taken),
        note=typed,
        kept_note=("Added again with: " + "; ".join(lines)) if lines else None,
        kept=tuple(clash.what for clash in combined.clashes),
    )


def fold_words(label: str, why: str, fold: Fold) -> str:
    """`merged into #202 Dana Kim (same phone): added phone, 2 facts (job, kids), the
    note; kept in a note: name` -- what a merge of new details did, on one line."""
    added = list(fold.filled)
    if fold.facts:
        keys = ", ".join(key for key, _ in fold.facts)
        count = len(fold.facts)
        added.append(f"{count} fact{'' if count == 1 else 's'} ({keys})")
    if fold.note:
        added.append("the note")
    said = [f"added {', '.join(added)}"] if added else []
    if fold.kept:
        said.append(f"kept in a note: {', '.join(fold.kept)}")
    return f"merged into {label} ({why}): {'; '.join(said) or 'nothing new'}"
