"""Text fields whose paste keeps every line: one-line fields, notes, a note as an answer."""

from __future__ import annotations

import re

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea

# Every break str.splitlines knows. TextArea splits lines on all of them and drops a
# trailing one, so they are made plain "\n" before it sees them: nothing vanishes.
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def plain_breaks(text: str) -> str:
    """Each line break (\\r\\n, a lone \\r, Unicode's separators) as one \\n."""
    return LINE_BREAK.sub("\n", text)


class LineInput(Input):
    """A one-line field whose paste keeps every line: Input keeps only the first line
    of a paste, so here each line break becomes a space instead."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would cut at the first break
        event.stop()
        line = LINE_BREAK.sub(" ", event.text)
        if not line:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)


class NoteArea(TextArea):
    """Several lines of free text; a paste keeps its line breaks, as "\\n"."""

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # TextArea's own handler would drop a trailing U+2028
        event.stop()
        if self.read_only or not event.text:
            return
        result = self.replace(plain_breaks(event.text), *self.selection)
        self.move_cursor(result.end_location)
        self.focus()


class NoteInput(NoteArea):
    """A note as an answer: enter answers, ctrl+j (or shift+enter) starts a new line."""

    class Submitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.prevent_default()  # TextArea would insert a line break
            event.stop()
            self.post_message(self.Submitted(self.text))
        elif event.key in ("ctrl+j", "shift+enter"):
            event.prevent_default()
            event.stop()
            self.replace("\n", *self.selection, maintain_selection_offset=False)
