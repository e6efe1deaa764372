"""An outcome that cannot be logged is refused before the database is asked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_tui.domain.model import Outcome, Reach, Said
from followup_tui.domain.outcomes import check_outcome, note_with_choice
from followup_tui.errors import InputError

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "outcome",
    [
        Outcome(Reach.NO_ANSWER),
        Outcome(Reach.REACHED, Said.ALL_GOOD, note="loves it"),
        Outcome(Reach.REACHED, Said.CALL_ON, on=TODAY + timedelta(days=3)),
        Outcome(Reach.REACHED, Said.REFERRAL, referral_name="Maria Lopez"),
        Outcome(Reach.REACHED, choice="wait"),
    ],
)
def test_a_sound_outcome_passes(outcome: Outcome) -> None:
    check_outcome(outcome, TODAY)


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (Outcome(Reach.VOICEMAIL, Said.ALL_GOOD), "needs the reach 'reached'"),
        (Outcome(Reach.REACHED, Said.CALL_ON), "call-on needs --date: try tue, next friday"),
        (
            Outcome(Reach.REACHED, Said.NOT_STARTED, on=TODAY - timedelta(days=1)),
            "not-started needs a date from 2026-11-23 on",
        ),
        (
            Outcome(Reach.REACHED, Said.ALL_GOOD, on=TODAY),
            "all-good takes no --date: only not-started, call-on, meeting do",
        ),
        (Outcome(Reach.REACHED, Said.REFERRAL, referral_name=" "), "needs the person's name"),
        (Outcome(Reach.REACHED, choice="later"), "the choice is one of wait, substitute, refund"),
        (Outcome(Reach.NO_ANSWER, choice="wait"), "a backorder choice needs the reach 'reached'"),
    ],
)
def test_an_outcome_that_cannot_be_logged_says_why(outcome: Outcome, reason: str) -> None:
    with pytest.raises(InputError) as refused:
        check_outcome(outcome, TODAY)
    assert reason in str(refused.value)


def test_a_backorder_choice_is_said_first_in_the_note() -> None:
    assert note_with_choice(Outcome(Reach.REACHED, choice="wait", note="fine")) == (
        "Chose to wait. fine"
    )
    assert note_with_choice(Outcome(Reach.REACHED, choice="refund")) == "Chose to refund."
    assert note_with_choice(Outcome(Reach.REACHED, Said.ALL_GOOD, note="ok")) == "ok"
