"""Import contacts from a CSV or vCard file: a preview of what will be stored, then one
transaction with a progress bar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Label, ProgressBar, Select, Static

from followup_tui.domain.model import Kind
from followup_tui.domain.phones import phone_shown
from followup_tui.screens.base import FollowupScreen, fill_table
from followup_tui.transfer.plan import Action, ImportPlan, OnDuplicate, Step
from followup_tui.widgets.footer import Footer
from followup_tui.widgets.shown import shown
from followup_tui.words import HIDDEN, counted, failure_words

PREVIEW_ROWS = 200
"""The preview shows the first rows; the summary counts them all."""
PREVIEW_COLUMNS = ("Where", "Will be", "Name", "Kind", "Phone", "Email", "Facts, or why")

DUPLICATE_WORDS = {
    OnDuplicate.SKIP: "duplicates: skip",
    OnDuplicate.MERGE: "duplicates: merge",
    OnDuplicate.ADD: "duplicates: add anyway",
}
ACTION_STYLE = {
    Action.ADD: "green",
    Action.MERGE: "cyan",
    Action.SKIP: "yellow",
    Action.REJECT: "red",
}


class ImportScreen(FollowupScreen):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="import-back"),
        Binding("ctrl+s", "import", "Import", id="import-go", priority=True),
    ]

    @dataclass
    class Planned(Message):
        path: Path
        plan: ImportPlan

    @dataclass
    class Refused(Message):
        words: str

    @dataclass
    class Progress(Message):
        done: int
        total: int

    @dataclass
    class Imported(Message):
        path: Path
        plan: ImportPlan
        """The plan written: made again when the book changed after the preview."""
        replanned: bool = False

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.start_path = path
        self.plan: ImportPlan | None = None
        self.planned_path: Path | None = None
        self.importing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="import-head"):
            yield Label("File (.csv or .vcf)", classes="field-label")
            yield Input(self.start_path, placeholder="~/Downloads/contacts.vcf", id="import-file")
            yield Label("", id="import-error", classes="field-error")
            with Horizontal(id="import-options"):
                yield Select(
                    [(f"no kind in file: {k.value}", k.value) for k in Kind],
                    value=Kind.CIRCLE.value,
                    allow_blank=False,
                    id="import-kind",
                )
                yield Select(
                    [(words, choice.value) for choice, words in DUPLICATE_WORDS.items()],
                    value=OnDuplicate.SKIP.value,
                    allow_blank=False,
                    id="import-duplicates",
                )
            yield Static("Type the file's path and press enter to preview.", id="import-summary")
            yield ProgressBar(id="import-progress", show_eta=False)
        yield DataTable(cursor_type="row", id="import-table", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-head").border_title = "Import contacts"
        table = self.query_one("#import-table", DataTable)
        table.add_columns(*PREVIEW_COLUMNS)
        self.query_one("#import-progress").display = False
        self.query_one("#import-file", Input).focus()
        self.watch(self.app, "discreet", self._show_plan, init=False)
        if self.start_path:
            self.preview()

    @on(Input.Submitted, "#import-file")
    @on(Select.Changed)
    def preview(self) -> None:
        if self.importing:
            return
        text = self.query_one("#import-file", Input).value.strip()
        if not text:
            self._error("Type the path of a .csv or .vcf file")
            return
        self._error("")
        self.query_one("#import-summary", Static).update("Reading…")
        kind = Kind(str(self.query_one("#import-kind", Select).value))
        choice = OnDuplicate(str(self.query_one("#import-duplicates", Select).value))
        self.make_plan(Path(text).expanduser(), kind, choice)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def make_plan(self, path: Path, kind: Kind, choice: OnDuplicate) -> None:
        from followup_tui.services import transfer
        from followup_tui.transfer.files import read_contacts_file

        try:
            found = read_contacts_file(path)
            plan = transfer.preview_import(self.ctx.database(), found, kind, choice)
        except Exception as exc:  # a file we cannot read is said beside the field
            self.post_message(self.Refused(failure_words(exc)))
            return
        self.post_message(self.Planned(path, plan))

    @on(Refused)
    def refused(self, event: Refused) -> None:
        self.plan = None
        self._error(event.words)
        self.query_one("#import-summary", Static).update("Nothing will be written.")
        self.query_one("#import-table", DataTable).clear()

    @on(Planned)
    def planned(self, event: Planned) -> None:
        self.plan, self.planned_path = event.plan, event.path
        self._show_plan()

    def _show_plan(self) -> None:
        plan = self.plan
        if plan is None:
            return
        table = self.query_one("#import-table", DataTable)
        preview = [(str(n), self._cells(step)) for n, step in enumerate(plan.steps[:PREVIEW_ROWS])]
        fill_table(table, PREVIEW_COLUMNS, preview)
        more = len(plan.steps) - PREVIEW_ROWS
        rows = counted(len(plan.steps), "row") + (
            f" (the first {PREVIEW_ROWS} below)" if more > 0 else ""
        )
        go = "ctrl+s imports; nothing is written before." if plan.writes else "Nothing to import."
        self.query_one("#import-summary", Static).update(
            Text(f"{rows} would be {plan.summary()}. {go}")
        )

    def _cells(self, step: Step) -> tuple[str | Text, ...]:
        incoming = step.incoming
        action = Text(step.action.value, style=ACTION_STYLE[step.action])
        if incoming is None or step.action in (Action.SKIP, Action.REJECT):
            return (step.where, action, shown(step.name), "", "", "", shown(step.reason))
        if self.discreet:
            detail = HIDDEN
        else:
            facts = shown("; ".join(f"{k}: {v}" for k, v in incoming.facts), 200)
            notes = f" (+{len(incoming.notes)} note{'s' * (len(incoming.notes) != 1)})"
            detail = facts + (notes if incoming.notes else "")
        if step.action is Action.MERGE:
            detail = f"{step.reason}; {detail}" if detail else step.reason
        level = f" ({incoming.level.value})" if incoming.level else ""
        return (
            step.where,
            action,
            shown(incoming.name),
            incoming.kind.value + level,
            phone_shown(incoming.phone, self.ctx.settings.phone_region) if incoming.phone else "",
            incoming.email or "",
            detail,
        )

    def action_import(self) -> None:
        if self.importing:
            return
        if self.plan is None or self.planned_path is None:
            self._error("Preview a file first: type its path and press enter")
            return
        if not self.plan.writes:
            self.notify("Nothing to import: every row is skipped or rejected.")
            return
        self.importing = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=len(self.plan.writes), progress=0)
        self.query_one("#import-summary", Static).update("Importing…")
        self.write_plan(self.planned_path, self.plan)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def write_plan(self, path: Path, plan: ImportPlan) -> None:
        from followup_tui.services import transfer

        def progress(done: int, total: int) -> None:
            self.post_message(self.Progress(done, total))

        try:
            done = transfer.import_contacts(
                self.ctx.database(), plan, self.ctx.today, progress=progress
            )
        finally:
            self.app.call_from_thread(setattr, self, "importing", False)
        self.post_message(self.Imported(path, done.plan, done.replanned))

    @on(Progress)
    def progress(self, event: Progress) -> None:
        self.query_one("#import-progress", ProgressBar).update(
            total=event.total, progress=event.done
        )

    @on(Imported)
    def imported(self, event: Imported) -> None:
        done = "Imported" if event.plan.writes else "Nothing imported from"
        words = f"{done} {event.path.name}: {event.plan.summary()}"
        if event.replanned:
            # Someone added or changed contacts after the preview: say why the counts moved.
            words += " (the book changed after the preview: checked again)"
            self.plan = event.plan
            self._show_plan()
        self.query_one("#import-summary", Static).update(Text(words + "."))
        self.notify(words)
        # Imported once: pressing ctrl+s again must not import the same file twice.
        self.plan = None

    def on_worker_state_changed(self, event: object) -> None:
        from textual.worker import Worker, WorkerState

        assert isinstance(event, Worker.StateChanged)
        if event.state is WorkerState.ERROR and event.worker.group == "write":
            # All or nothing: the transaction rolled back; say so where she is looking.
            self.query_one("#import-progress").display = False
            words = failure_words(event.worker.error or RuntimeError())
            self.query_one("#import-summary", Static).update(Text(f"Nothing was imported: {words}"))
        super().on_worker_state_changed(event)

    def _error(self, words: str) -> None:
        self.query_one("#import-error", Label).update(Text(words))

    def action_back(self) -> None:
        if self.importing:
            self.notify("Importing… it takes a moment; leave once it is done.")
            return
        self.app.pop_screen()
