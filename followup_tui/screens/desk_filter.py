"""The desk's `/` filter: today's list narrowed as she types (a name, a kind, why the
call is due); esc clears it and the whole list is back. The desk keeps every call it
loaded and hands the list only those the filter holds, so the cursor, the card and
logging work on the filtered list as on the whole one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import Input

from followup_tui.domain.search import calls_matching
from followup_tui.widgets.touch_table import TouchTable

if TYPE_CHECKING:
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen

    _Base = FollowupScreen
else:
    _Base = object

FILTER_ID = "today-filter"
FILTER_BINDINGS = [
    # Not in the footer, which is full at 80 columns: `?` and the palette list it.
    Binding(
        "slash", "filter_today", "Filter the list", id="filter-today", key_display="/", show=False
    ),
    Binding("escape", "clear_filter", "Clear the filter", id="clear-filter", show=False),
    Binding("down", "filter_to_list", "To the list", id="filter-to-list", show=False),
]


def filter_field() -> Input:
    """The filter's one line above the list, hidden until `/`."""
    field = Input(placeholder="filter: name, kind, why · esc clears", id=FILTER_ID, compact=True)
    field.display = False
    # Hidden, it takes no focus: the desk's letters must reach the desk (an empty desk,
    # whose list is hidden too, would otherwise hand the focus to it).
    field.can_focus = False
    return field


class TodayFilter(_Base):
    """What the desk mixes in for its filter."""

    all_calls: list[DueTouch] = []
    """Every call of the last load; the list shows those the filter holds."""
    list_title = ""
    """The list's title without the filter (counts of the whole day)."""

    @property
    def filter_text(self) -> str:
        field = self.query_one(f"#{FILTER_ID}", Input)
        return field.value if field.display else ""

    def filtered(self, items: list[DueTouch]) -> list[DueTouch]:
        """The calls to show of `items`: those the filter holds (every one without it)."""
        self.all_calls = list(items)
        text = self.filter_text
        return calls_matching(items, text) if text.strip() else list(items)

    def filter_title(self, shown: int) -> str:
        text = self.filter_text.strip()
        return self.list_title + (f" · {shown} match “{text}”" if text else "")

    def filter_allows(self, action: str) -> bool | None:
        """Whether a filter key applies now (None: not a filter key)."""
        field = self.query_one(f"#{FILTER_ID}", Input)
        if action == "clear_filter":
            return field.display
        if action == "filter_to_list":
            return field.has_focus
        return None

    def action_filter_today(self) -> None:
        field = self.query_one(f"#{FILTER_ID}", Input)
        field.display = field.can_focus = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one(f"#{FILTER_ID}", Input)
        field.value = ""
        field.display = field.can_focus = False
        self.refilter()
        self.query_one(TouchTable).focus()

    def action_filter_to_list(self) -> None:
        self.query_one(TouchTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == FILTER_ID:
            self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == FILTER_ID:
            self.query_one(TouchTable).focus()

    def forget_call(self, touch_id: int) -> None:
        """A call taken off the list (worked, skipped, moved): gone from the whole day too."""
        self.all_calls = [item for item in self.all_calls if item.touch.id != touch_id]

    def refilter(self) -> None:
        table = self.query_one(TouchTable)
        if table.today is None:
            return  # nothing loaded yet: the first load filters
        chosen = table.chosen
        shown = self.filtered(self.all_calls)
        table.border_title = self.filter_title(len(shown))
        table.show(shown, table.today, keep=chosen.touch.id if chosen else None)
        if not shown:
            self.nothing_chosen()

    def nothing_chosen(self) -> None:
        """No call on the list: no card and no script (the desk's)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Shown:
    """The calls on the list when a load was asked for. Its own repr: a worker's
    arguments are put in its description, and 7,000 calls took 70 ms to write out."""

    calls: tuple[DueTouch, ...]

    def __repr__(self) -> str:
        return f"Shown({len(self.calls)} calls)"


def same_objects(items: list[DueTouch], shown: tuple[DueTouch, ...]) -> list[DueTouch]:
    """`items`, each call unchanged since the list shown taken from that list: then the
    desk sees an unchanged list by identity, not by comparing thousands of calls field by
    field on the event loop (40 ms at 7,000 due; run in the load's worker)."""
    if not shown:
        return items
    before = {item.touch.id: item for item in shown}
    same: list[DueTouch] = []
    for item in items:
        old = before.get(item.touch.id)
        same.append(old if old is not None and (old is item or old == item) else item)
    return same
