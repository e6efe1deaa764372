"""The two errors whose message is for the person at the keyboard: shown as they are, in
one line, next to the field or on stderr. Stdlib only, so every layer may raise them."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input; the message is shown as it is, next to the field or on stderr."""


class StorageError(RuntimeError):
    """The database cannot be used; the message is for the person at the keyboard."""


class AlreadyWorked(InputError):
    """The call was logged, skipped or ended elsewhere (another window, the shell)."""
