"""What the palette's actions do that no single key does: open a screen and its form,
export, back up. Each says in one line what it did, or why not; the screens and
services they need are imported when first chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from followup_tui.context import app_context
from followup_tui.errors import InputError

if TYPE_CHECKING:
    from followup_tui.domain.model import NewContact


def new_party(app: App[Any]) -> None:
    """The parties, with the new party form over them."""
    from followup_tui.screens.parties import PartiesScreen

    screen = PartiesScreen()
    app.push_screen(screen, wait_for_dismiss=False)
    app.call_after_refresh(screen.action_new_party)


def new_event(app: App[Any]) -> None:
    """The team, with the new event form over it (the screen reads the new and senior
    partners the form offers, then opens it)."""
    from followup_tui.screens.team import TeamScreen

    screen = TeamScreen()
    app.push_screen(screen, wait_for_dismiss=False)
    app.call_after_refresh(screen.action_new_event)


def add_team_member(app: App[Any]) -> None:
    """Quick add, the kind set to team; saved as the desk saves it."""
    from followup_tui.domain.model import Kind
    from followup_tui.screens.quick_add import QuickAddScreen

    ctx = app_context(app)

    def save(new: NewContact | None) -> None:
        if new is None:
            return

        def write() -> str:
            from followup_tui.services import contacts
            from followup_tui.words import added_words

            added = contacts.quick_add(ctx.database(), new, ctx.today)
            return added_words(added.name, added.contact_id, added.first_title, added.first_due)

        _in_thread(app, write, refresh=True)

    region = ctx.settings.phone_region
    app.push_screen(QuickAddScreen(phone_region=region, kind=Kind.TEAM), save)


def default_export_path(today: date) -> Path:
    return Path.home() / f"followup-contacts-{today.isoformat()}.csv"


def export(app: App[Any]) -> None:
    """Asks where (a .csv to her home folder unless she says otherwise), then writes it
    with a progress bar."""
    from followup_tui.screens.prompt import PromptScreen, when_answered
    from followup_tui.transfer.files import check_export_path

    ctx = app_context(app)

    def check(text: str) -> str | None:
        try:
            check_export_path(Path(text.strip()).expanduser())
        except InputError as exc:
            return str(exc)
        return None

    def write(text: str) -> None:
        from followup_tui.screens.export import ExportScreen

        app.push_screen(ExportScreen(Path(text.strip())))

    prompt = PromptScreen(
        "Export",
        "Write to (.csv or .vcf: every contact; .ics: the next 30 days' calls):",
        value=str(default_export_path(ctx.today)),
        check=check,
    )
    app.push_screen(prompt, when_answered(write))


def back_up(app: App[Any]) -> None:
    """A backup now, into backups/ beside the database; says where."""
    from followup_tui.services import keeping

    url = app_context(app).url
    _in_thread(app, lambda: f"Backed up to {keeping.back_up(url)}")


def _in_thread(app: App[Any], job: Callable[[], str], *, refresh: bool = False) -> None:
    """Run `job` off the event loop and show what it answers; a refusal (InputError) as
    one warning line. `refresh`: the screen shown then reads its list again (the desk)."""

    def run() -> None:
        try:
            said = job()
        except InputError as exc:
            app.call_from_thread(app.notify, str(exc), severity="warning")
            return
        app.call_from_thread(app.notify, said)
        if refresh and hasattr(app.screen, "action_refresh"):
            app.call_from_thread(app.screen.action_refresh)

    app.run_worker(run, thread=True, group="palette", exit_on_error=False)
