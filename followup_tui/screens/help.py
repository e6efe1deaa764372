"""`?`: the keys of the screen it was pressed on, its own first, grouped, the app's and
Textual's last. Read from the screen's bindings when opened, so a key added to a screen
shows here without being listed twice; a grouping table (by binding id) places it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyLine:
    keys: str
    """How the keys show: "o", "↑ ↓", "ctrl+p"."""
    words: str


@dataclass(frozen=True)
class KeyGroup:
    title: str
    lines: tuple[KeyLine, ...]


@dataclass(frozen=True)
class Bound:
    """One binding in force on the screen, with every key that runs it."""

    node: DOMNode
    binding: Binding
    keys: tuple[str, ...]
    ours: bool
    """Declared by this app (not by Textual): the screen's, a pane's or the app's."""


GO_TO = "Go to"
ANYWHERE = "Anywhere"
FRAMEWORK = "Textual's keys"
APP_GROUPS: Mapping[str, tuple[str, str]] = {
    # binding id -> (group, words); the app's keys, on every screen.
    "week-ahead": (GO_TO, "the week ahead"),
    "glance": (GO_TO, "the week at a glance"),
    "parties": (GO_TO, "parties"),
    "backorders": (GO_TO, "backorders"),
    "team": (GO_TO, "your team"),
    "import": (GO_TO, "import contacts from a file"),
    "settings": (GO_TO, "settings: your name, web shop, call days"),
    "help": (ANYWHERE, "these keys"),
    "discreet": (ANYWHERE, "discreet mode: hide facts, notes and orders"),
    "quit": (ANYWHERE, "quit"),
}
FRAMEWORK_WORDS = {
    # Textual's own keys, in words she would use.
    "command_palette": "the palette: every screen and action by name",
    "quit": "quit",
    "app.focus_next": "next field or pane",
    "app.focus_previous": "previous field or pane",
    "screen.copy_text": "copy the selected text",
}


def _ours(node: DOMNode) -> set[str]:
    """The actions the app's own classes bind on `node` (Textual's are the rest)."""
    actions: set[str] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("textual."):
            for binding in cls.__dict__.get("BINDINGS", ()):
                actions.add(binding.action if isinstance(binding, Binding) else binding[1])
    return actions


def bound_on(screen: Screen[Any]) -> list[Bound]:
    """The bindings on `screen`, from the focused widget out to the app, with all the
    keys that run each. Unlike `Screen.active_bindings`, those disabled now are listed
    too: `o` belongs in the help while no call is chosen."""
    start: DOMNode = screen.focused or screen
    chain = [node for node in start.ancestors_with_self if node is not screen.app]
    chain.append(screen.app)
    found: dict[tuple[int, str, str], Bound] = {}
    for node in chain:
        ours = _ours(node)
        # As keymaps left them (Textual keeps no public list of a node's own bindings).
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.system:
                    continue
                shown = screen.app.get_key_display(binding)
                place = (id(node), binding.action, binding.description)
                old = found.get(place)
                if old is not None:
                    found[place] = Bound(node, old.binding, (*old.keys, shown), old.ours)
                else:
                    found[place] = Bound(node, binding, (shown,), binding.action in ours)
    return list(found.values())


def key_groups(
    screen: Screen[Any],
    groups: Mapping[str, tuple[str, str]],
    *,
    first: tuple[str, ...] = (),
    widget_group: str = "This screen",
    more: str = "More keys",
) -> list[KeyGroup]:
    """The screen's keys in groups: `first` (titles from `groups`, by binding id) in
    that order, then the focused pane's keys, then the screen's keys no table names
    (`more`: a key added later still shows), then Go to, then the app's and Textual's.
    A key is listed once: for the binding a table names, else for the nearest node."""
    lines: dict[str, list[KeyLine]] = {}
    app_groups = {**APP_GROUPS, **groups}
    bound = bound_on(screen)
    named = [b for b in bound if (b.binding.id or "") in app_groups]
    taken = {key for b in named for key in b.keys}
    for b in bound:
        title_words = app_groups.get(b.binding.id or "")
        if title_words is None:
            keys = tuple(key for key in b.keys if key not in taken)
            taken.update(keys)
            if not keys:
                continue
            binding = b.binding
            words = (
                FRAMEWORK_WORDS.get(binding.action)
                or binding.tooltip
                or binding.description
                or binding.action
            )
            if not b.ours:
                title_words = (FRAMEWORK, words)
            elif b.node is screen:
                title_words = (more, words)
            elif b.node is screen.app:
                title_words = (ANYWHERE, words)
            else:
                title_words = (widget_group, words)
            b = Bound(b.node, b.binding, keys, b.ours)
        title, words = title_words
        lines.setdefault(title, []).append(KeyLine(" ".join(dict.fromkeys(b.keys)), words))
    order = dict.fromkeys([*first, widget_group, more, GO_TO, *lines, ANYWHERE, FRAMEWORK])
    order.pop(ANYWHERE)
    order.pop(FRAMEWORK)
    order.update(dict.fromkeys([ANYWHERE, FRAMEWORK]))
    return [KeyGroup(title, tuple(lines[title])) for title in order if title in lines]


def _lower_first(words: str) -> str:
    """Textual's "Page up" as this help says it: "page up" (an "OSC" stays)."""
    return words[:1].lower() + words[1:] if words[1:2].islower() else words


def describe(groups: list[KeyGroup]) -> Iterator[Table | Text]:
    """Each group's title over its keys; the keys in one column across the groups."""
    width = min(max((len(line.keys) for g in groups for line in g.lines), default=1), 16)
    for group in groups:
        yield Text(group.title, style="bold underline")
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", min_width=width, max_width=width)
        table.add_column()
        for line in group.lines:
            table.add_row(line.keys, _lower_first(line.words))
        yield table
        yield Text()


class HelpScreen(ModalScreen[None]):
    """The keys, scrollable (↑ ↓ pgup pgdn); esc, ? or q closes."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help-close"),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown,space", "scroll('page_down')", show=False),
        Binding("home", "scroll('home')", show=False),
        Binding("end", "scroll('end')", show=False),
    ]

    def __init__(self, title: str, groups: list[KeyGroup]) -> None:
        super().__init__()
        self.title_words = title
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            for part in describe(self.groups):
                yield Static(part, classes="help-part")
            yield Static(Text("esc, ? or q closes", style="dim"))

    def on_mount(self) -> None:
        box = self.query_one("#help-box")
        box.border_title = self.title_words
        box.border_subtitle = "↑ ↓ scroll · esc closes"

    def action_scroll(self, how: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        getattr(box, f"scroll_{how}")(animate=False)
