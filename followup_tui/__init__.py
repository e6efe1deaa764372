"""followup-tui: a keyboard-driven follow-up desk for direct sellers."""

__version__ = "0.1.0"
