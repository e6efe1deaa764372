"""The day a date field means, shown under it while she types: "→ Tue 15 Dec 6pm", or,
for text that is not a date, the forms that work. One widget for every date in the app,
so a field and the command line read "next tuesday" alike."""

from __future__ import annotations

import threading
from datetime import date

from rich.text import Text
from textual.widgets import Input, Static

from followup_tui.domain.when import DateError, When, day_first, parse_when, warm, when_words

_warming = threading.Lock()
_warmed = False


def warm_parser() -> None:
    """The date library imported and its first parse made, once, in a thread: the first
    "tue" she types then resolves in a millisecond, not a quarter of a second."""
    global _warmed
    with _warming:
        if _warmed:
            return
        _warmed = True
    threading.Thread(target=warm, name="warm-dates", daemon=True).start()


class DateHint(Static):
    """Follows the Input `field` (an id in the same parent) and says what it means.

    The owner reads the field through `parse()`, so what is saved is what was shown.
    `past`: a day that has happened (met on, ordered on), so "dec 8" is the last one."""

    def __init__(
        self,
        field: str,
        today: date | None = None,
        *,
        past: bool = False,
        required: bool = False,
        keeps_time: bool = False,
        lazy: bool = False,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.field = field
        self.today = today
        self.past = past
        self.required = required
        self.keeps_time = keeps_time
        """A time typed with the day is stored (a call): shown; elsewhere it is not."""
        """Empty is not a date: it says so, with the forms that work."""
        self.lazy = lazy
        """The field serves other questions too (the Outcome pane): warmed when asked."""

    def on_mount(self) -> None:
        field = self.screen.query_one(f"#{self.field}", Input)
        self.watch(field, "value", self.show_for, init=False)
        if field.value:  # a form opened with a date in it says what it is
            self.show_for(field.value)
        if not self.lazy:
            warm_parser()

    @property
    def day(self) -> date:
        if self.today is not None:
            return self.today
        ctx = getattr(self.app, "ctx", None)
        return ctx.today if ctx is not None else date.today()

    @property
    def day_first(self) -> bool:
        ctx = getattr(self.app, "ctx", None)
        return day_first(ctx.settings.phone_region) if ctx is not None else False

    def read(self, text: str) -> When | None:
        """What `text` means (None when empty); DateError when it means nothing."""
        if not text.strip() and not self.required:
            return None
        return parse_when(text, self.day, day_first=self.day_first, past=self.past)

    def show_for(self, text: str) -> None:
        if not self.display:
            return  # the field is asking something else
        try:
            when = self.read(text)
        except DateError as exc:
            self.set_class(True, "-bad")
            self.update(Text(str(exc)))
            return
        self.set_class(False, "-bad")
        if when is not None and not self.keeps_time:
            when = When(when.day)
        self.update("" if when is None else f"→ {when_words(when, self.day)}")

    def clear(self) -> None:
        self.set_class(False, "-bad")
        self.update("")

    def refuse(self, why: str) -> None:
        """A day that reads but will not do ("pick today or a later date")."""
        self.set_class(True, "-bad")
        self.update(Text(why))

    def parse(self) -> When | None:
        """The field's date (None when empty), as shown; DateError, shown too, when bad."""
        text = self.screen.query_one(f"#{self.field}", Input).value
        try:
            return self.read(text)
        finally:
            self.show_for(text)
