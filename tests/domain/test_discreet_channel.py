"""A discreet contact is "call only, no texts or voicemail details" (DOMAIN.md,
Discretion): every touch planned for her is a call, titled as a call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from followup_tui.domain.channels import call_title, channel_for, for_contact
from followup_tui.domain.model import Channel, Run
from followup_tui.domain.playbooks import default_library
from followup_tui.domain.schedule import PlannedTouch, Rules, plan_outcome, start_run

from ._support import ALL_GOOD, as_touch

FRIDAY = date(2026, 11, 20)
RULES = Rules()


def planned(title: str, channel: Channel) -> PlannedTouch:
    return PlannedTouch(
        playbook="party-guest",
        step="thank-you",
        title=title,
        due=FRIDAY,
        channel=channel,
        priority=6,
    )


@pytest.mark.parametrize("channel", list(Channel))
def test_a_discreet_contact_is_only_called(channel: Channel) -> None:
    # GIVEN a touch meant to go by any channel / WHEN it goes to her / THEN it is a call
    assert channel_for(channel, discreet=True) is Channel.CALL
    # AND to anyone else it goes as planned
    assert channel_for(channel, discreet=False) is channel


@pytest.mark.parametrize(
    ("title", "as_call"),
    [
        ("Thank-you text for their order", "Thank-you call for their order"),
        ("Birthday card", "Birthday call"),
        ("Email: the information they asked for", "Call: the information they asked for"),
        ("E-mail the tracking link", "Call the tracking link"),
        ("Texts and cards for the season", "Calls and calls for the season"),
        ("THANK-YOU TEXT", "THANK-YOU CALL"),
        # No channel named: the words stand as a call's
        ("Monday: the task of the week", "Monday: the task of the week"),
        ("Tomorrow: still good for the appointment?", "Tomorrow: still good for the appointment?"),
        # Only whole words: a context is not a "concall"
        ("Context for the textbook", "Context for the textbook"),
    ],
)
def test_call_title(title: str, as_call: str) -> None:
    assert call_title(title) == as_call


def test_a_text_to_her_is_a_call_titled_as_one() -> None:
    # GIVEN a thank-you text planned
    text = planned("Thank-you text for their order", Channel.TEXT)
    # WHEN it is for a discreet contact / THEN a call, titled as a call, all else the same
    assert for_contact(text, discreet=True) == replace(
        text, channel=Channel.CALL, title="Thank-you call for their order"
    )
    # AND for anyone else it is the text, untouched
    assert for_contact(text, discreet=False) is text


def test_a_call_to_her_is_untouched() -> None:
    call = planned("Morning-after call: thanks for the text you sent", Channel.CALL)
    assert for_contact(call, discreet=True) is call


def test_the_party_guest_thank_you_for_a_discreet_guest() -> None:
    # GIVEN a party guest's order, its "your order is in" call worked on its day
    playbook = default_library()["party-guest"]
    run = Run(id=1, contact_id=1, playbook="party-guest", anchor=FRIDAY)
    (placed,) = start_run(playbook, run, FRIDAY, RULES)
    plan = plan_outcome(playbook, run, as_touch(placed, run), ALL_GOOD, FRIDAY, RULES)
    (thanks,) = plan.touches
    assert (thanks.step, thanks.channel) == ("thank-you", Channel.TEXT)
    # WHEN it goes to a discreet guest / THEN a thank-you call, on the same day
    as_sent = for_contact(thanks, discreet=True)
    assert (as_sent.step, as_sent.channel, as_sent.title, as_sent.due) == (
        "thank-you",
        Channel.CALL,
        "Thank-you call for their order",
        thanks.due,
    )


@pytest.mark.parametrize("slug", sorted(default_library().playbooks))
def test_no_playbook_step_reaches_a_discreet_contact_but_by_call(slug: str) -> None:
    # GIVEN every step of every shipped playbook
    playbook = default_library()[slug]
    for step in (*playbook.steps, *playbook.guest_steps, *playbook.event_steps):
        touch = planned(step.title, step.channel)
        # WHEN planned for a discreet contact / THEN a call, with no channel but a call named
        as_sent = for_contact(touch, discreet=True)
        assert as_sent.channel is Channel.CALL
        assert not any(w in as_sent.title.lower().split() for w in ("text", "card", "email"))
