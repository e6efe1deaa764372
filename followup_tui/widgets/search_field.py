"""A search box that answers every key without laying the screen out again."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchField(Input):
    """Input sets its virtual size to its text's width at every key, and that size is a
    layout reactive: each key laid the whole screen out again (15-40 ms at 100,000
    contacts, the list's table included) before its frame. Here a new width repaints
    the field only; it scrolls to its cursor as Input does (by that size)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
