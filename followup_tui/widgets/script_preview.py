"""What to say on this touch, filled in; blanks to fill stand out."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from followup_tui.domain.scripts import RenderedScript
from followup_tui.safe_text import shown

BLANK = re.compile(r"\[[^\[\]]+\?\]")


def _marked(line: str) -> Text:
    # A fact, where she met, her own name or web shop: typed or imported, so drawn,
    # never obeyed (an ESC in a shared CSV's fact would retitle the window).
    text = Text(shown(line))
    text.highlight_regex(BLANK, "bold reverse")
    return text


def describe(script: RenderedScript) -> RenderableType:
    parts: list[RenderableType] = [_marked(line) for line in script.text.splitlines()]
    if script.checklist:
        parts.append(Text("Check", style="bold underline"))
        parts.extend(_marked(f"☐ {item}") for item in script.checklist)
    if script.questions:
        parts.append(Text("Ask", style="bold underline"))
        parts.extend(_marked(f"? {item}") for item in script.questions)
    return Group(*parts)


class ScriptPreview(VerticalScroll):
    script: reactive[RenderedScript | None] = reactive(None, always_update=True)

    def compose(self) -> ComposeResult:
        yield Static(id="script-body")

    def follows(self) -> None:
        """The call changed and its script is on its way: not the last call's meanwhile."""
        if self.is_mounted:
            self.query_one("#script-body", Static).update(Text("…", style="dim"))

    def watch_script(self, script: RenderedScript | None) -> None:
        if not self.is_mounted:
            return
        body = self.query_one("#script-body", Static)
        body.update(
            describe(script)
            if script
            else Text("Nothing due. a adds a contact, w shows the week ahead.", style="dim")
        )
