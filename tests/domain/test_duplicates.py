"""Someone added who is already there: her details folded in, nothing typed lost."""

from __future__ import annotations

from datetime import date

from followup_tui.domain.duplicates import Fold, fold_new, fold_words
from followup_tui.domain.merging import Record
from followup_tui.domain.model import Kind

HERS = Record(
    "Dana Kim",
    Kind.CUSTOMER,
    phone="+12025550143",
    met_on=date(2026, 10, 2),
    facts={"job": "nurse"},
)


def test_her_gaps_are_filled_and_what_differs_is_kept_in_a_note() -> None:
    # GIVEN Dana, and "Dana Kimm" typed again with her phone, an email, two facts and a note
    given = Record(
        "Dana Kimm",
        Kind.LEAD,
        phone="+12025550143",
        email="dana@example.com",
        met_at="the gym",
        facts={"job": "teacher", "kids": "2"},
    )
    # WHEN folded in
    fold = fold_new(HERS, given, "asked about the balm", notes=["met at the fair"])
    # THEN her values stay, the new fill her gaps, and the differing ones make one note
    assert fold == Fold(
        phone="+12025550143",
        email="dana@example.com",
        met_at="the gym",
        met_on=date(2026, 10, 2),
        filled=("email", "where met"),
        facts=(("kids", "2"),),
        note="asked about the balm",
        kept_note="Added again with: name: Dana Kimm (kept: Dana Kim); job: teacher (kept: nurse)",
        kept=("name", "job"),
    )
    assert fold_words("#6 Dana Kim", "same phone", fold) == (
        "merged into #6 Dana Kim (same phone): added email, where met, 1 fact (kids), the note;"
        " kept in a note: name, job"
    )


def test_the_same_details_again_add_nothing() -> None:
    given = Record("dana  kim", Kind.LEAD, phone="+12025550143", facts={"JOB": "Nurse"})
    fold = fold_new(HERS, given, "met at the fair", notes=["met at the fair"])
    assert (fold.filled, fold.facts, fold.note, fold.kept_note) == ((), (), None, None)
    assert fold_words("#6 Dana Kim", "same name", fold) == (
        "merged into #6 Dana Kim (same name): nothing new"
    )


def test_a_blank_note_is_no_note() -> None:
    fold = fold_new(HERS, Record("Dana Kim", Kind.LEAD), "  \n ")
    assert fold.note is None
