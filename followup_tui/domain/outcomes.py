"""Whether a logged outcome makes sense on its own, before the database is asked."""

from __future__ import annotations

import re
from datetime import date

from followup_tui.domain.model import Outcome, Reach, Said
from followup_tui.domain.when import FORMS
from followup_tui.errors import InputError

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
REFUND = "refund"
SUBSTITUTE = "substitute"
BACKORDER_CHOICES = ("wait", SUBSTITUTE, REFUND)
"""What a customer may choose on a corporate backorder's call."""
CLOSED_CHOICES = ("substitute", "refund")
"""The choices that close the backorder: nothing is left to arrive."""


def check_outcome(outcome: Outcome, worked_on: date) -> None:
    """InputError, with the first reason, for an outcome that cannot be logged."""
    if outcome.said is not None and outcome.reach is not Reach.REACHED:
        raise InputError(f"what was said ({outcome.said}) needs the reach 'reached'")
    if outcome.said is not None and outcome.said.needs_date:
        if outcome.on is None:
            raise InputError(f"{outcome.said} needs --date: {FORMS}")
        if outcome.on < worked_on:
            raise InputError(f"{outcome.said} needs a date from {worked_on.isoformat()} on")
    elif outcome.on is not None or outcome.at is not None:
        # Taken and ignored, it would look stored: say which outcomes carry a date.
        dated = ", ".join(s.value for s in Said if s.needs_date)
        what = outcome.said.value if outcome.said else outcome.reach.value
        raise InputError(f"{what} takes no --date: only {dated} do")
    if outcome.at is not None and not TIME.match(outcome.at):
        raise InputError(f"{outcome.at!r} is not a time: HH:MM")
    if outcome.said is Said.REFERRAL and not (outcome.referral_name or "").strip():
        raise InputError("a referral needs the person's name (--name)")
    referral_details = (outcome.referral_phone, outcome.referral_email, outcome.referral_about)
    if outcome.said is not Said.REFERRAL and any(referral_details):
        raise InputError("--phone, --email and --about are for a referral (--said referral)")
    if outcome.choice is not None:
        if outcome.choice not in BACKORDER_CHOICES:
            raise InputError(f"the choice is one of {', '.join(BACKORDER_CHOICES)}")
        if outcome.reach is not Reach.REACHED:
            raise InputError("a backorder choice needs the reach 'reached'")
    substitute = outcome.choice == SUBSTITUTE
    if substitute and len(outcome.skus) != 1:
        raise InputError("a substitute needs the one replacement product (--sku SKU)")
    if outcome.skus and not substitute and outcome.said is not Said.REORDER:
        raise InputError("--sku is for a reorder (--said reorder) or a substitute")


def note_with_choice(outcome: Outcome) -> str | None:
    """The note stored with the outcome; a backorder choice is said first in it."""
    if outcome.choice is None:
        return outcome.note
    what = f"{outcome.choice}: {', '.join(outcome.skus)}" if outcome.skus else outcome.choice
    chose = f"Chose to {what}."
    return f"{chose} {outcome.note}" if outcome.note else chose
