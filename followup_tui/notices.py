"""Notices drawn, never obeyed: a name or a file name quoted in a notice may come from an
older book or a shared file and hold an ESC or a bidi override (see safe_text)."""

from __future__ import annotations

import os
from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel

from followup_tui.safe_text import shown


class SafeNotices(App[Any]):
    """Mixed into the App: every notice, from any screen or thread, goes through here,
    and a crash says one line, not a report holding her data."""

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

    def _fatal_error(self) -> None:
        # Textual's crash report prints local variables: typed notes and names would
        # land on the screen and in a pasted bug report. One line instead, unless
        # FOLLOWUP_DEBUG asks for everything.
        if os.environ.get("FOLLOWUP_DEBUG"):
            super()._fatal_error()
            return
        kind = type(self._exception).__name__ if self._exception else "error"
        self.bell()
        self._exit_renderables.append(
            f"followup stopped unexpectedly ({kind}); everything saved before is safe. "
            "Run with FOLLOWUP_DEBUG=1 for details."
        )
        self._close_messages_no_wait()
