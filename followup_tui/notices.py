"""Notices drawn, never obeyed: a name or a file name quoted in a notice may come from an
older book or a shared file and hold an ESC or a bidi override (see safe_text)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel

from followup_tui.safe_text import shown


class SafeNotices(App[Any]):
    """Mixed into the App: every notice, from any screen or thread, goes through here."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        super().notify(
            shown(message), title=shown(title), severity=severity, timeout=timeout, markup=markup
        )
