"""How a touch reaches her. A contact marked discreet is "call only, no texts or voicemail
details" (DOMAIN.md, Discretion): nothing is written to her phone, her inbox or her
letterbox that someone else might read, so a text, an email or a card to her is a call."""

from __future__ import annotations

import re
from dataclasses import replace

from followup_tui.domain.model import Channel
from followup_tui.domain.schedule import PlannedTouch

VOICEMAIL_SCRIPT = "voicemail-discreet"
"""The common script (data/scripts/common.md) heading every call to a discreet contact:
on her voicemail, no detail."""

CHANNEL_WORD = re.compile(r"\b(texts?|cards?|e-?mails?)\b", re.IGNORECASE)
"""A title's word for the way a touch was meant to go: "Thank-you text for their order"."""


def channel_for(channel: Channel, *, discreet: bool) -> Channel:
    """The way a touch planned as `channel` goes to her: a call when she is discreet."""
    return Channel.CALL if discreet else channel


def call_title(title: str) -> str:
    """The title said as a call: "Thank-you text for their order" -> "Thank-you call for
    their order". A title that names no channel ("Monday: the task of the week") stays."""

    def as_call(match: re.Match[str]) -> str:
        word = match.group(1)
        call = "calls" if word.lower().endswith("s") else "call"
        if word.isupper() and len(word) > 1:
            return call.upper()
        return call.capitalize() if word[0].isupper() else call

    return CHANNEL_WORD.sub(as_call, title)


def for_contact(planned: PlannedTouch, *, discreet: bool) -> PlannedTouch:
    """A planned touch as it goes to her: to a discreet contact, a call titled as one."""
    channel = channel_for(planned.channel, discreet=discreet)
    if channel is planned.channel:
        return planned
    return replace(planned, channel=channel, title=call_title(planned.title))
