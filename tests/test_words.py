"""Counts and deadlines in words, shared by the screens and the command line."""

from __future__ import annotations

import pytest

from followup_tui.words import counted, days_left_words


@pytest.mark.parametrize(
    ("count", "one", "many", "words"),
    [
        (1, "guest", None, "1 guest"),
        (3, "guest", None, "3 guests"),
        (0, "row", None, "0 rows"),
        (2, "party", "parties", "2 parties"),
        (1, "party", "parties", "1 party"),
    ],
)
def test_counted(count: int, one: str, many: str | None, words: str) -> None:
    assert counted(count, one, many) == words


def test_days_left_words() -> None:
    assert [days_left_words(n) for n in (3, 1, 0, -1, -4)] == [
        "3 days left",
        "1 day left",
        "due today",
        "1 day late",
        "4 days late",
    ]


def test_failure_words_say_ours_as_they_are_and_others_by_type_only() -> None:
    # GIVEN our own refusals, a full disk seen through SQLAlchemy, and a bug whose
    # message holds a contact's note
    from sqlalchemy.exc import OperationalError

    from followup_tui.errors import InputError, StorageError
    from followup_tui.words import failure_words

    full = OperationalError("INSERT ...", {}, Exception("database or disk is full"))
    leaky = KeyError("Dana's note: prefers texts after 6pm")
    # THEN each is one line, and the bug's message never reaches the screen
    assert failure_words(InputError("the note is empty")) == "the note is empty"
    assert failure_words(StorageError("no folder /x")) == "no folder /x"
    assert failure_words(full).startswith("The disk is full: nothing was saved")
    assert failure_words(leaky) == "Could not do that (KeyError); nothing was lost."


def test_words_import_no_database_layer() -> None:
    # The screens word failures through this module: it must not load SQLAlchemy.
    import subprocess
    import sys

    probe = "import sys, followup_tui.words; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
