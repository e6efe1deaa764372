"""`?` on the desk: its keys by what they act on, then the Outcome pane's letters with
what each schedules. The letters come from the pane's own tables (widgets/outcome_panel),
so the help cannot list a letter the pane does not take."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.screen import Screen

from followup_tui.domain.model import Reach, Said
from followup_tui.screens.help import GO_TO, KeyGroup, KeyLine, key_groups
from followup_tui.widgets.outcome_panel import CHOICE_KEYS, REACH_KEYS, SAID_KEYS

THE_CALL = "The call"
THE_CONTACT = "The contact"
THE_LIST = "Today's list"
DESK_GROUPS: Mapping[str, tuple[str, str]] = {
    # binding id -> (group, words). A desk binding missing here still shows, under
    # "More keys"; add it here to place it.
    "log-outcome": (THE_CALL, "log how it went: the letters below"),
    "skip": (THE_CALL, "skip this call, saying why"),
    "reschedule": (THE_CALL, "later: move this call to another day"),
    "undo": (THE_CALL, "undo the last log, skip or later"),
    "copy-for-phone": (THE_CALL, "copy the number, or the message for a text or email"),
    "show-qr": (THE_CALL, "QR code for the phone: call, text or email from it"),
    "open-contact": (THE_CONTACT, "open the contact: history, orders, edit"),
    "add-note": (THE_CONTACT, "a note on this contact"),
    "add-fact": (THE_CONTACT, "facts you learnt: perfume, kids, birthday"),
    "record-order": (THE_CONTACT, "record an order for this contact"),
    "quick-add": (THE_CONTACT, "add someone you just met"),
    "filter-today": (THE_LIST, "filter today's list as you type; esc clears it"),
    # The filter's ↓ and esc take those keys over on the desk: said once, for both uses.
    "filter-to-list": (THE_LIST, "call below (from the filter: into the list)"),
    "clear-filter": (THE_LIST, "clear the filter"),
    "refresh": (THE_LIST, "read today's list again"),
    "contacts": (GO_TO, "contacts: find anyone"),
}
FIRST = (THE_CALL, THE_CONTACT, THE_LIST)

REACH_MEANS: Mapping[Reach, str] = {
    Reach.REACHED: "then: what was said (below)",
    Reach.VOICEMAIL: "tried again: next day for customers, referrals, parties",
    Reach.NO_ANSWER: "tried again: next day; a lead per her ladder",
    Reach.TEXTED: "the playbook's next step",
    Reach.EMAILED: "the playbook's next step",
    Reach.CARD_SENT: "the playbook's next step",
}
SAID_MEANS: Mapping[Said, str] = {
    Said.ALL_GOOD: "the playbook's next step",
    Said.ISSUE: "a call in 2 days, again until resolved; adds the Day 14 call",
    Said.RESOLVED: "the issue is closed: the playbook goes on",
    Said.NOT_STARTED: "asks the date she starts: the next call counts from it",
    Said.CALL_ON: "asks the date: a call on that day",
    Said.MEETING: "asks the meeting's date: a reminder the day before (prospects)",
    Said.WANTS_TO_HOST: "she becomes a hostess: 'book the party' call tomorrow",
    Said.WANTS_TO_JOIN: "she becomes a prospect: the prospect calls start",
    Said.REFERRAL: "asks the name, phone, a line: a new referral, due within 48 h",
    Said.REORDER: "asks what she orders and records it; reorder day follows",
    Said.NOT_INTERESTED: "no more selling calls; a gentle reconnect in 90 days",
    Said.DO_NOT_CONTACT: "every call ends; nothing new is ever scheduled",
}
CHOICE_MEANS: Mapping[str, str] = {
    "wait": "the backorder stays open; its deadline call stays",
    "substitute": "asks the product instead: the backorder closes",
    "refund": "the backorder closes: no calls for the item",
}


def _lines(
    keys: Mapping[str, Any], means: Mapping[Any, str], words: Mapping[str, str]
) -> tuple[KeyLine, ...]:
    return tuple(KeyLine(key, f"{words[key]} → {means[value]}") for key, value in keys.items())


def outcome_groups() -> list[KeyGroup]:
    """The Outcome pane's letters (after `o`), and what each one schedules."""
    reach_words = {key: reach.value.replace("-", " ") for key, reach in REACH_KEYS.items()}
    said_words = {key: said.value.replace("-", " ") for key, said in SAID_KEYS.items()}
    return [
        KeyGroup("After o: how did it go?", _lines(REACH_KEYS, REACH_MEANS, reach_words)),
        KeyGroup("After r (reached): what was said?", _lines(SAID_KEYS, SAID_MEANS, said_words)),
        KeyGroup(
            "A corporate backorder, reached: what did she choose?",
            _lines(CHOICE_KEYS, CHOICE_MEANS, dict(CHOICE_KEYS)),
        ),
        KeyGroup(
            "Then",
            (
                KeyLine("enter", "saves, with the note if you typed one"),
                KeyLine("esc", "cancels the log (twice when a note is typed)"),
            ),
        ),
    ]


def desk_groups(desk: Screen[Any]) -> list[KeyGroup]:
    """The desk's keys first, the Outcome pane's letters, the app's and Textual's last."""
    groups = key_groups(desk, DESK_GROUPS, first=FIRST, widget_group=THE_LIST)
    split = next(
        (i for i, g in enumerate(groups) if g.title not in (*FIRST, "More keys", GO_TO)),
        len(groups),
    )
    return [*groups[:split], *outcome_groups(), *groups[split:]]
