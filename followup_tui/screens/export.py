"""Writing an export, with a progress bar: the whole book takes a few seconds, and she
sees it move instead of wondering whether anything happens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from followup_tui.context import app_context
from followup_tui.safe_text import shown_line
from followup_tui.words import failure_words


class ExportScreen(ModalScreen[None]):
    """Writes `path` in a worker; closes with a notice saying where, or why not."""

    CSS_PATH = "export.tcss"

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    @dataclass
    class Finished(Message):
        said: str
        failed: bool = False

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(escape(f"Writing {shown_line(str(self.path))}…"), id="export-what")
            yield ProgressBar(id="export-progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one("#export-box").border_title = "Export"
        self.write_file()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def write_file(self) -> None:
        from followup_tui.services import keeping

        ctx = app_context(self.app)

        def progress(done: int, total: int) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            said = keeping.export_file(ctx.database(), self.path, ctx.today, progress=progress)
        except Exception as exc:  # a refusal or a failure is one line, never a traceback
            self.post_message(self.Finished(failure_words(exc), failed=True))
            return
        self.post_message(self.Finished(said))

    @on(Progressed)
    def show_progress(self, event: Progressed) -> None:
        self.query_one("#export-progress", ProgressBar).update(
            total=max(event.total, 1), progress=event.done
        )

    @on(Finished)
    def say_where(self, event: Finished) -> None:
        self.app.notify(event.said, severity="warning" if event.failed else "information")
        self.dismiss(None)
