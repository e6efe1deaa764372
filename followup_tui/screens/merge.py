"""Merging a duplicate into the contact on screen, and forgetting a contact: who, then a
confirmation that says what will happen before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.worker import Worker, WorkerState

from followup_tui.context import phone_region
from followup_tui.errors import InputError
from followup_tui.screens.base import show_failure
from followup_tui.widgets.contact_search import ContactSearch, Loader

if TYPE_CHECKING:
    from followup_tui.services.merge import Merged

Preview = Callable[[int], "Merged"]
"""What merging the contact with this id into the one on screen would combine (a thread)."""


class ConfirmScreen(ModalScreen[bool]):
    """A yes or no about something that cannot be taken back, with what it will do.

    `y` says yes; enter too when `enter_confirms` (a merge loses nothing; forgetting
    someone takes a deliberate `y`). Escape or `n` says no."""

    CSS_PATH = "merge.tcss"
    BINDINGS = [
        Binding("y", "confirm", "Yes", id="confirm-yes"),
        Binding("enter", "confirm_enter", "Yes", id="confirm-enter", show=False),
        Binding("n", "cancel", "No", id="confirm-no"),
        Binding("escape", "cancel", "No", id="confirm-cancel"),
    ]

    def __init__(
        self,
        title: str,
        question: str,
        rows: Sequence[tuple[str, str]] = (),
        *,
        notes: Sequence[str] = (),
        keys: str,
        enter_confirms: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.rows = rows
        self.notes = notes
        self.keys = keys
        self.enter_confirms = enter_confirms

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="confirm-box"):
            yield Static(Text(self.question, style="bold"), id="confirm-question")
            if self.rows:
                yield Static(self._table(), id="confirm-rows")
            for note in self.notes:
                yield Static(Text(note), classes="confirm-note")
            yield Static(self.keys, id="confirm-keys")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        last = None
        for what, value in self.rows:
            # "kept in a note" may come several times: named once.
            table.add_row("" if what == last else what, Text(value))
            last = what
        return table

    def on_mount(self) -> None:
        self.query_one("#confirm-box").border_title = escape(self.title_text)

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_confirm_enter(self) -> None:
        if self.enter_confirms:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class MergePickerScreen(ModalScreen[int | None]):
    """Who to merge into the contact on screen: a name search as everywhere, then what
    will be combined, confirmed. Answers the id of the one merged in (None: cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="merge-cancel")]

    @dataclass
    class Previewed(Message):
        other_id: int
        merged: Merged | None
        refusal: str | None = None

    def __init__(
        self, keep_id: int, keep_name: str, load: Loader, preview: Preview, *, discreet: bool
    ) -> None:
        super().__init__(classes="contact-form")
        self.keep_id = keep_id
        self.keep_name = keep_name
        self.load = load
        self.preview = preview
        self.discreet = discreet

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-add-box"):
            yield Label(
                f"The other record of {escape(self.keep_name)}: a few letters of her name, or #id",
                classes="field-label",
            )
            yield ContactSearch(
                self.load,
                field_id="merge-name",
                placeholder="her other record",
                taken={self.keep_id: "this contact"},
            )
            yield Label("", id="merge-error", classes="field-error")
            yield Static(
                "[b]↑↓[/b] choose · [b]enter[/b] see what is combined · [b]esc[/b] cancel",
                id="quick-add-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = escape(f"Merge into {self.keep_name}")
        self.query_one("#merge-name", Input).focus()

    def refuse(self, why: str) -> None:
        # As typed, never markup: a name or what she typed may hold brackets.
        self.query_one("#merge-error", Label).update(Text(why))

    @on(Input.Changed, "#merge-name")
    def clear_error(self) -> None:
        self.refuse("")

    @on(Input.Submitted, "#merge-name")
    @on(OptionList.OptionSelected, "#merge-name-matches")
    def pick(self) -> None:
        search = self.query_one(ContactSearch)
        other = search.picked()
        if other is None:
            self.refuse(search.refusal())
            return
        self.refuse("")
        self.check(other.id)

    @work(thread=True, exclusive=True, group="merge-preview", exit_on_error=False)
    def check(self, other_id: int) -> None:
        try:
            merged = self.preview(other_id)
        except InputError as refused:
            self.post_message(self.Previewed(other_id, None, str(refused)))
            return
        self.post_message(self.Previewed(other_id, merged))

    @on(Previewed)
    def confirm(self, event: Previewed) -> None:
        from followup_tui.services.merge import merged_words

        if event.merged is None:
            self.refuse(event.refusal or "")
            return
        merged = event.merged
        screen = ConfirmScreen(
            f"Merge into {self.keep_name}",
            merged_words(merged, done=False),
            merged.lines(discreet=self.discreet, region=phone_region(self.app)),
            notes=["Her values win; the other's that differ are kept in a note."],
            keys="[b]enter[/b] or [b]y[/b] merge · [b]esc[/b] back",
            enter_confirms=True,
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(event.other_id)
            else:
                self.query_one("#merge-name", Input).focus()

        self.app.push_screen(screen, answered)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            show_failure(self.app, event.worker.error)

    def action_cancel(self) -> None:
        self.dismiss(None)
