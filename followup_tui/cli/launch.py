"""Opening the full-screen app from the command line: the one place the CLI meets Textual."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from followup_tui.errors import InputError


def open_app(
    args: argparse.Namespace, today: date, *, collect_after_first_frame: bool = True
) -> int:
    """The desk. Garbage collection, off while the command line imported, stays off
    until the first frame (Textual and the desk's imports, the first look: ~30 ms of
    collections that free nothing), then is on for the hours the app runs."""
    need_a_terminal("the desk", instead="followup today")
    few_malloc_arenas()  # before the first thread (look_ahead below)
    from followup_tui import clock
    from followup_tui.paths import database_url, is_new_database, sqlite_file

    url = database_url(getattr(args, "db", None))
    book, new = sqlite_file(url), is_new_database(url)
    if book is not None and not new:
        from followup_tui.db.first_look import look_ahead

        look_ahead(book, today)  # beside the imports below: the first frame's list
    from followup_tui.app import FollowupApp

    # A day not given follows the clock: a desk left open past midnight moves on.
    real = None if clock.pinned(getattr(args, "today", None)) else clock.real_today
    app = FollowupApp(url, today, offer_demo=new, real_today=real)
    app.collect_when_ready = collect_after_first_frame
    app.run()
    return 0


def open_capture(args: argparse.Namespace, today: date) -> int:
    """Quick-add only: for the moment right after meeting someone. Exits 2 when she
    was already there and nothing was added."""
    from followup_tui.cli.people import parse_on_duplicate

    on_duplicate = parse_on_duplicate(args.on_duplicate)  # a bad value: before any screen
    need_a_terminal("quick add", instead="followup add")
    from followup_tui.app import FollowupApp
    from followup_tui.paths import database_url

    url = database_url(getattr(args, "db", None))
    app = FollowupApp(url, today, capture=True, on_duplicate=on_duplicate.value)
    app.run()
    return app.return_code or 0


MALLOC_ARENAS = 2
M_ARENA_MAX = -8
"""glibc's mallopt parameter (malloc.h)."""


def few_malloc_arenas() -> None:
    """At most two malloc arenas, as MALLOC_ARENA_MAX=2 would: glibc gives each thread
    that allocates its own (up to 8 a core), and the app's threads (the first look, the
    book's opening, the backup, workers) each kept a few MB freed but not given back:
    peak RSS after every screen at 100,000 contacts 208 -> 203 MB (median of 3). Two,
    not one: SQLite's reads in a worker allocate outside the GIL beside the event loop.
    A value she set in the environment is hers."""
    import os

    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):  # not glibc (musl): its malloc has no arenas
        return


def need_a_terminal(what: str, *, instead: str) -> None:
    """From cron or a pipe the full-screen app would wait for keys that never come,
    spinning a core: refused, before Textual is imported or the database opened."""
    if not at_a_terminal():
        raise InputError(f"no terminal to open {what} in; try `{instead}`")


def at_a_terminal() -> bool:
    """Keys come in and the screen goes out at a terminal: the process's own streams,
    the ones Textual's driver uses (not a test's stand-ins for them)."""
    streams = (sys.__stdin__, sys.__stdout__)
    try:
        return all(stream is not None and stream.isatty() for stream in streams)
    except ValueError:  # a closed stream
        return False
