"""Text that people typed or imported, made safe to draw: the rule lives in
followup_tui/safe_text.py (the CLI and the services use it without Textual)."""

from __future__ import annotations

from followup_tui.safe_text import shown, shown_line

__all__ = ["shown", "shown_line"]
