"""The `followup` command: the app with no sub-command, scriptable sub-commands otherwise.

Bad input prints one line to stderr and exits 2, having written nothing. Textual is
never imported here unless the app is opened, so shell commands start quickly.

parser.py holds the words (sub-commands, options, help); commands.py one function a
sub-command (arguments in, one service call, the answer printed through render.py);
context.py the database, today and the output; this module the guard around them.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from followup_tui import clock
from followup_tui.cli.context import Context
from followup_tui.cli.parser import UsageError, app_parser, build_parser, opens_the_app
from followup_tui.errors import InputError, StorageError
from followup_tui.safe_text import shown_line
from followup_tui.words import file_words, storage_words

EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    # A shell command lives for half a second, most of it importing SQLAlchemy: cyclic
    # garbage collection passes during those imports cost ~30 ms and free nothing.
    # Reference counting still frees memory; collection is back on when the command
    # ends, and once the app's first frame is painted (it runs for hours: launch.py).
    collecting = gc.isenabled()
    gc.disable()
    ctx: Context | None = None
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        _check_words(argv)
        parser = app_parser() if opens_the_app(argv) else build_parser()
        args = parser.parse_args(argv)
        if args.version:
            print(_version(), file=out)
            return 0
        ctx = Context(args, out)
        if args.command is None:
            from followup_tui.cli.launch import open_app

            return open_app(ctx.args, ctx.today, collect_after_first_frame=collecting)
        if args.command == "capture":
            from followup_tui.cli.launch import open_capture

            _collect(collecting)
            return open_capture(ctx.args, ctx.today)
        # Imported here: the app's start needs none of the sub-commands' modules.
        from followup_tui.cli.commands import COMMANDS

        COMMANDS[args.command](ctx)
    except (UsageError, InputError, clock.DateError) as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # `followup today | head`: the reader left; that is not an error.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return 0
    except Exception as exc:  # the last guard: never a traceback in front of a user
        if isinstance(exc, StorageError):
            return _fail(str(exc))
        words = storage_words(exc)
        if words:
            return _fail(words)
        if isinstance(exc, OSError) and exc.filename:
            # A path the file system refused that no command words better: still a
            # path to fix, not a bug. Only the path is named, never file contents.
            return _fail(file_words("use", exc.filename, exc))
        if os.environ.get("FOLLOWUP_DEBUG"):
            raise
        # The type only: a message could carry a contact's data into a bug report.
        print(
            f"followup: something went wrong ({type(exc).__name__}); nothing was saved. "
            "Run again with FOLLOWUP_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 1
    finally:
        if ctx is not None:
            ctx.dispose()
        _collect(collecting)
    return 0


def _collect(enabled: bool) -> None:
    if enabled:
        gc.enable()


def _version() -> str:
    # importlib.metadata costs ~10 ms: loaded for --version only.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"followup {version('followup-tui')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "followup (version unknown: not installed)"


def _check_words(argv: list[str]) -> None:
    """Refuse what cannot be stored as typed, before anything is parsed or written."""
    for word in argv:
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("an argument is not valid text (UTF-8): nothing was written") from None
        option, glued, value = word.partition("=")
        if option.startswith("--") and glued and value == "--":
            # Python 3.11's argparse reads `--note=--` as nothing at all.
            raise InputError(f"{option} cannot be just '--'")


def _fail(message: str) -> int:
    # argparse's messages already name the command ("followup show: ...").
    prefix = "" if message.startswith("followup") else "followup: "
    # One line, whatever the message quotes back (a stray argument may hold a newline),
    # and an ESC in a path or a name it quotes drawn, never obeyed.
    print(f"{prefix}{' '.join(shown_line(message).split())}", file=sys.stderr)
    return EXIT_BAD_INPUT
