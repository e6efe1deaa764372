"""The desk of a new book: the first start's questions, and what to do when there is no
call (an empty book: add, import, settings; a quiet day: the week ahead, find anyone)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Static

from followup_tui.widgets.touch_table import TouchTable

if TYPE_CHECKING:
    from followup_tui.config import Settings
    from followup_tui.screens.base import FollowupScreen

EMPTY_BOOK = """[b]Your book is empty.[/b] To begin:
  [b]a[/b]  add someone: a friend, a customer, someone you just met
  [b]i[/b]  import your phone's contacts (a .vcf or .csv file)
  [b],[/b]  settings: your name, web shop, the days you make calls
Each morning the calls that are due show here, with what to say."""
QUIET_DAY = "[b]w[/b] the week ahead, [b]c[/b] find anyone, [b]a[/b] add someone."
NOTHING_DUE = f"Nothing due today. {QUIET_DAY}"
ALL_DONE = f"All done for today. {QUIET_DAY}"


def empty_desk_words(has_contacts: bool, done: int) -> str:
    """What the desk says in place of an empty list."""
    if not has_contacts:
        return EMPTY_BOOK
    return ALL_DONE if done else NOTHING_DUE


def show_empty(screen: FollowupScreen, calls: bool, has_contacts: bool | None, done: int) -> None:
    """The list when there are calls; the words for an empty desk in its place when not."""
    table = screen.query_one(TouchTable)
    if calls:
        if screen.has_class("-empty-desk"):
            screen.remove_class("-empty-desk")
            table.focus()
        return
    empty = screen.query_one("#desk-empty", Static)
    empty.border_title = table.border_title
    empty.update(empty_desk_words(bool(has_contacts), done))
    screen.add_class("-empty-desk")


def ask_first_answers(screen: FollowupScreen, saved: Callable[[str], object]) -> None:
    """Her name, web shop, region and call days, on one screen (esc leaves them for
    later); what she answers is saved in a worker, then `saved` says so."""
    from followup_tui.screens.first_start import FirstStartScreen

    def answered(settings: Settings | None) -> None:
        if settings is not None:
            screen.ctx.settings = settings
            screen.run_worker(
                partial(save, settings), thread=True, group="save", exit_on_error=False
            )

    def save(settings: Settings) -> None:
        from followup_tui.services import me

        me.first_start(screen.ctx.database(), settings, screen.ctx.today)
        first = settings.consultant_name.split()[:1]
        screen.app.call_from_thread(saved, f"Saved. Welcome{', ' + first[0] if first else ''}!")

    screen.app.push_screen(FirstStartScreen(screen.ctx.settings), answered)


def load_demo(screen: FollowupScreen, loaded: Callable[[], object]) -> None:
    """Fill the book with the demo, its progress on the screen's bar, in a thread."""
    from textual.widgets import ProgressBar

    bar = screen.query_one("#progress", ProgressBar)
    bar.display = True

    def fill() -> None:
        from followup_tui import demo

        def progress(done: int, total: int) -> None:
            screen.app.call_from_thread(bar.update, progress=done, total=total)

        demo.fill(screen.ctx.database(), demo.DEFAULT_CONTACTS, screen.ctx.today, progress=progress)
        screen.app.call_from_thread(setattr, bar, "display", False)
        loaded()

    screen.run_worker(fill, thread=True, exclusive=True, group="today", exit_on_error=False)
