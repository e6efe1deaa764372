"""The app's start parses its words without building every sub-command's parser
(cli/parser.py opens_the_app): the same answer as the full parser, and never a
sub-command, help or a word argparse must refuse."""

from __future__ import annotations

import pytest

from followup_tui.cli.parser import app_parser, build_parser, opens_the_app


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--db", "book.db"],
        ["--db=book.db", "--today", "2026-12-07"],
        ["--today", "next monday", "--db", "sqlite:///x.db"],
    ],
)
def test_the_apps_words_mean_what_the_full_parser_says(argv: list[str]) -> None:
    assert opens_the_app(argv)
    assert app_parser().parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["today"],
        ["--db", "book.db", "today"],
        ["-h"],
        ["--help"],
        ["--version"],
        ["--db"],
        ["--tod", "monday"],  # an abbreviation: argparse's to judge
        ["--today", "-1"],
    ],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert not opens_the_app(argv)
