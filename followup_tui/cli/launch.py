"""Opening the full-screen app from the command line: the one place the CLI meets Textual."""

from __future__ import annotations

import argparse
from datetime import date


def open_app(args: argparse.Namespace, today: date) -> int:
    from followup_tui.app import FollowupApp
    from followup_tui.paths import database_url, is_new_database

    url = database_url(getattr(args, "db", None))
    FollowupApp(url, today, offer_demo=is_new_database(url)).run()
    return 0


def open_capture(args: argparse.Namespace, today: date) -> int:
    """Quick-add only: for the moment right after meeting someone. Exits 2 when she
    was already there and nothing was added."""
    from followup_tui.app import FollowupApp
    from followup_tui.cli.people import parse_on_duplicate
    from followup_tui.paths import database_url

    on_duplicate = parse_on_duplicate(args.on_duplicate)  # a bad value: before any screen
    url = database_url(getattr(args, "db", None))
    app = FollowupApp(url, today, capture=True, on_duplicate=on_duplicate.value)
    app.run()
    return app.return_code or 0
