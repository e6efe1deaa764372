"""The messages screens send up to the app: navigation and what the header shows.

Screens never call the app's methods: they post one of these, and the app handles it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenContact(Message):
    """Show one contact in full."""

    contact_id: int


@dataclass
class OpenScreen(Message):
    """Show one of the app's list screens, by name (contacts, parties, team...)."""

    name: str


@dataclass
class DayCounted(Message):
    """The day so far, in words, for the header: "Mon 23 Nov · 26 due · 0 done · 26 left"."""

    words: str
