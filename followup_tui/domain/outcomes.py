"""Whether a logged outcome makes sense on its own, before the database is asked."""

from __future__ import annotations

from datetime import date

from followup_tui.domain.model import Outcome, Reach, Said
from followup_tui.errors import InputError

REFUND = "refund"
BACKORDER_CHOICES = ("wait", "substitute", REFUND)
"""What a customer may choose on a corporate backorder's call."""
CLOSED_CHOICES = ("substitute", "refund")
"""The choices that close the backorder: nothing is left to arrive."""


def check_outcome(outcome: Outcome, worked_on: date) -> None:
    """InputError, with the first reason, for an outcome that cannot be logged."""
    if outcome.said is not None and outcome.reach is not Reach.REACHED:
        raise InputError(f"what was said ({outcome.said}) needs the reach 'reached'")
    if outcome.said is not None and outcome.said.needs_date:
        if outcome.on is None:
            raise InputError(f"{outcome.said} needs --date YYYY-MM-DD")
        if outcome.on < worked_on:
            raise InputError(f"{outcome.said} needs a date from {worked_on.isoformat()} on")
    elif outcome.on is not None:
        # Taken and ignored, it would look stored: say which outcomes carry a date.
        dated = ", ".join(s.value for s in Said if s.needs_date)
        what = outcome.said.value if outcome.said else outcome.reach.value
        raise InputError(f"{what} takes no --date: only {dated} do")
    if outcome.said is Said.REFERRAL and not (outcome.referral_name or "").strip():
        raise InputError("a referral needs the person's name (--name)")
    if outcome.choice is not None:
        if outcome.choice not in BACKORDER_CHOICES:
            raise InputError(f"the choice is one of {', '.join(BACKORDER_CHOICES)}")
        if outcome.reach is not Reach.REACHED:
            raise InputError("a backorder choice needs the reach 'reached'")


def note_with_choice(outcome: Outcome) -> str | None:
    """The note stored with the outcome; a backorder choice is said first in it."""
    if outcome.choice is None:
        return outcome.note
    chose = f"Chose to {outcome.choice}."
    return f"{chose} {outcome.note}" if outcome.note else chose
