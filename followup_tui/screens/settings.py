"""Settings: read fresh, each field checked as you type, saved to the database."""

from __future__ import annotations

from dataclasses import fields
from functools import partial
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from followup_tui.config import CHECKS, Settings, normalised_setting
from followup_tui.context import AppContext

LABELS = {
    "consultant_name": "Your name, as the scripts say it",
    "webshop": "Your web shop address",
    "delivery_estimate_days": "Days from order to delivery, when no date is logged",
    "lead_rhythm_weeks": "Weeks between lead touches (after the first ones)",
    "phone_region": "Country for phone numbers typed without a code",
    "working_days": "Days you make calls (mon,tue,wed,thu,fri or every day)",
    "country": "Country whose holidays deadlines skip (empty: as phones)",
}


class SettingsScreen(ModalScreen[Settings | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="settings-cancel"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__(classes="contact-form")
        self.settings = settings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            for field in fields(Settings):
                yield Label(LABELS[field.name], classes="field-label")
                yield Input(str(getattr(self.settings, field.name)), id=field.name)
                yield Label("", id=f"{field.name}-error", classes="field-error")
            yield Label("[b]ctrl+s[/b] save · [b]esc[/b] cancel", id="quick-add-keys")

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "Settings"

    def _check(self, name: str) -> str:
        error = CHECKS[name](self.query_one(f"#{name}", Input).value)
        self.query_one(f"#{name}-error", Label).update(error)
        return error

    @on(Input.Changed)
    def check_as_typed(self, event: Input.Changed) -> None:
        if event.input.id in CHECKS:
            self._check(event.input.id)

    def action_save(self) -> None:
        bad = [name for name in CHECKS if self._check(name)]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return
        values = {
            name: normalised_setting(name, self.query_one(f"#{name}", Input).value)
            for name in CHECKS
        }
        self.dismiss(Settings.from_pairs(values))

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_settings(app: App[Any], ctx: AppContext) -> None:
    """The settings form, then saved in a worker. The form shows what the database holds
    now, never the cached copy: saving a stale form would write its blanks over the web
    shop (the demo, the command line or another window may have changed them)."""

    def show(settings: Settings) -> None:
        if not isinstance(app.screen, SettingsScreen):  # `,` pressed twice meanwhile
            app.push_screen(SettingsScreen(settings), save)

    def save(settings: Settings | None) -> None:
        if settings is not None:
            ctx.settings = settings
            app.run_worker(partial(write, settings), thread=True, exit_on_error=False)

    def write(settings: Settings) -> None:
        from followup_tui.services import settings as stored

        stored.save_settings(ctx.database(), settings)
        app.call_from_thread(app.notify, "Settings saved.")

    if not ctx.is_open:  # SQLAlchemy not even loaded yet: not on the event loop
        app.run_worker(
            lambda: app.call_from_thread(show, ctx.reload_settings()),
            thread=True,
            exit_on_error=False,
        )
    else:
        show(ctx.reload_settings())  # one small read
