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
    """Quick-add only: for the moment right after meeting someone."""
    from followup_tui.app import FollowupApp
    from followup_tui.paths import database_url

    app = FollowupApp(database_url(getattr(args, "db", None)), today, capture=True)
    app.run()
    return 0
