"""A name field with the contacts it matches under it, best first: pick someone she
knows before anyone is added twice."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from followup_tui.context import phone_region
from followup_tui.domain.phones import phone_shown
from followup_tui.domain.search import NameIndex

if TYPE_CHECKING:
    from followup_tui.services.contact_views import ContactLine

Loader = Callable[[], "list[ContactLine]"]
"""Reads every contact, lightest columns only (run in a thread)."""


BY_ID = re.compile(r"^#?(\d+)$")


NEW = "new"
"""The option id of "new contact" in a guest search."""


class _Matches(OptionList, can_focus=False):
    """Never focused: up and down in the field above move through it, so tab still
    goes from the field to the next one."""


class ContactSearch(Vertical):
    """A name field with the contacts it matches under it, best first (fuzzy, as on the
    contacts screen); #id finds one by number. Up and down choose among them."""

    BINDINGS = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]
    SHOWN = 6

    @dataclass
    class Loaded(Message):
        lines: list[ContactLine]
        index: NameIndex

    def __init__(
        self,
        load: Loader,
        *,
        field_id: str,
        placeholder: str = "",
        taken: Mapping[int, str] | None = None,
        offer_new: bool = False,
    ) -> None:
        super().__init__()
        self.load = load
        self.field_id = field_id
        self.placeholder = placeholder
        self.taken = dict(taken or {})
        """Contacts shown but not offered, with why (already a guest)."""
        self.offer_new = offer_new
        self.lines: list[ContactLine] | None = None
        self.by_id: dict[int, ContactLine] = {}
        self.index = NameIndex([])
        self.chosen: ContactLine | None = None
        """Picked with enter or a click: stays picked while the field shows her name."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, id=self.field_id)
        yield _Matches(id=f"{self.field_id}-matches")

    def on_mount(self) -> None:
        self.query_one(_Matches).display = False
        self.run_worker(self._read, thread=True, exit_on_error=False)

    def _read(self) -> None:
        lines = self.load()
        self.post_message(self.Loaded(lines, NameIndex([line.name for line in lines])))

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        event.stop()
        self.lines, self.index = event.lines, event.index
        self.by_id = {line.id: line for line in event.lines}
        self.show(self.text)

    @property
    def is_loaded(self) -> bool:
        return self.lines is not None

    @property
    def text(self) -> str:
        return self.query_one(f"#{self.field_id}", Input).value.strip()

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        if self.chosen is not None and event.value.strip() != self.chosen.name:
            self.chosen = None
        self.show(event.value)

    def matches(self, query: str) -> list[ContactLine]:
        text = query.strip()
        if not text or self.lines is None:
            return []
        wanted = BY_ID.match(text)
        if wanted:
            line = self.by_id.get(int(wanted.group(1)))
            return [line] if line else []
        found = [self.lines[i] for i in self.index.rank(text, self.SHOWN)]
        if self.chosen is not None and self.chosen not in found:
            found.insert(0, self.chosen)
        return found

    def show(self, query: str) -> None:
        options = self.query_one(_Matches)
        options.clear_options()
        found = self.matches(query)
        for line in found:
            options.add_option(
                Option(self._label(line), id=str(line.id), disabled=line.id in self.taken)
            )
        text = query.strip()
        if self.offer_new and self.is_loaded and text and not BY_ID.match(text):
            options.add_option(Option(Text.assemble("+ new contact: ", (text, "bold")), id=NEW))
        options.display = options.option_count > 0
        if self.chosen is not None:
            options.highlighted = found.index(self.chosen)
        elif options.option_count and not options.get_option_at_index(0).disabled:
            options.highlighted = 0
        else:
            # The best match is taken: nothing is picked by a bare enter (above all not
            # "new contact", which would add her a second time).
            options.highlighted = None

    def _label(self, line: ContactLine) -> Text:
        # Kind, phone and email tell apart two people with one name.
        phone = line.phone and phone_shown(line.phone, phone_region(self.app))
        about = " · ".join(x for x in (line.kind, phone, line.email) if x)
        label = Text.assemble(line.name, "  ", (about, "dim"))
        if line.id in self.taken:
            label.append(f"  {self.taken[line.id]}", "italic")
        return label

    def action_move(self, step: int) -> None:
        options = self.query_one(_Matches)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def highlighted(self) -> Option | None:
        option = self.query_one(_Matches).highlighted_option
        return None if option is None or option.disabled else option

    def picked(self) -> ContactLine | None:
        """The highlighted contact (None for none, or for "new contact")."""
        option = self.highlighted()
        if option is None or option.id is None or option.id == NEW:
            return None
        return self.by_id.get(int(option.id))

    def wants_new(self) -> bool:
        option = self.highlighted()
        return option is not None and option.id == NEW

    def choose(self, line: ContactLine) -> None:
        """Show her full name in the field, and keep her as the one picked."""
        self.chosen = line
        field = self.query_one(f"#{self.field_id}", Input)
        if field.value != line.name:
            field.value = line.name  # Changed keeps `chosen`: the name is hers
            field.cursor_position = len(line.name)
        else:
            self.show(line.name)

    def refusal(self) -> str:
        """Why nothing can be picked from what is typed."""
        text = self.text
        if not text:
            return "type a few letters of a name"
        if not self.is_loaded:
            return "still reading your contacts: try again in a moment"
        found = self.matches(text)
        if found and found[0].id in self.taken:
            return f"{found[0].name} is {self.taken[found[0].id]}: ↓ to pick another"
        wanted = BY_ID.match(text)
        return f"no contact #{wanted.group(1)}" if wanted else f"no one matches {text!r}"
