"""Starting an empty book: her name, web shop, phone region and call days, on one screen.
Everything can wait (esc, or Later): `,` opens the same settings any time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from followup_tui.config import CHECKS, Settings, normalised_setting
from followup_tui.widgets.fields import LineInput

INTRO = (
    "A few things the scripts and the calendar need.\n"
    "Any of it can wait: [b],[/b] on the desk opens these again any time."
)
FIELDS = (
    # (setting, label, placeholder, the line under it)
    ("consultant_name", "Your name", "first and last name", 'the scripts say "it\'s Alex"'),
    ("webshop", "Web shop", "yourname.example-shop.com", "shared on relationship calls"),
    ("phone_region", "Phone region", "US", "country for numbers typed without +code: US, GB, CA"),
    (
        "working_days",
        "Call days",
        "mon-fri",
        "the days you make calls: mon-fri, mon,wed,fri, every day",
    ),
)
HINTS = {name: hint for name, _, _, hint in FIELDS}


class FirstStartScreen(ModalScreen[Settings | None]):
    """Answers her settings with what she typed, or None when she leaves it for later.
    A field that cannot be stored says why beside it, and nothing is answered."""

    CSS_PATH = "first_start.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="first-start-save", priority=True),
        Binding("escape", "later", "Later", id="first-start-later"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__(classes="contact-form")
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-add-box"):
            yield Static(INTRO, id="first-start-intro")
            for name, label, placeholder, hint in FIELDS:
                value = str(getattr(self.settings, name))
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label")
                    yield LineInput(value, placeholder=placeholder, id=name)
                yield Label(hint, id=f"{name}-error", classes="field-hint")
            with Horizontal(id="first-start-buttons"):
                yield Button("Save  ctrl+s", id="first-start-save", variant="primary", compact=True)
                yield Button("Later  esc", id="first-start-later", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "Welcome: your book"
        self.query_one("#consultant_name", Input).focus()

    def _check(self, name: str) -> str:
        """The field's error beside it (its hint again once fixed); "" when it is fine."""
        text = self.query_one(f"#{name}", Input).value
        # Her name may wait like the rest; what is typed must be storable.
        error = CHECKS[name](text) if text.strip() or name != "consultant_name" else ""
        line = self.query_one(f"#{name}-error", Label)
        line.update(error or HINTS[name])
        line.set_class(bool(error), "-error")
        return error

    @on(Input.Changed)
    def check_as_typed(self, event: Input.Changed) -> None:
        if event.input.id in CHECKS:
            self._check(event.input.id)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        names = [f[0] for f in FIELDS]
        if event.input.id == names[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#first-start-save")
    def action_save(self) -> None:
        bad = [name for name, *_ in FIELDS if self._check(name)]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return
        typed = {
            name: normalised_setting(name, self.query_one(f"#{name}", Input).value)
            for name, *_ in FIELDS
        }
        self.dismiss(Settings.from_pairs({**self.settings.as_pairs(), **typed}))

    @on(Button.Pressed, "#first-start-later")
    def action_later(self) -> None:
        self.dismiss(None)
