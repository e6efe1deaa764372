"""`followup add` and `followup capture` never make a second Dana without a word (issue 13):
the same phone, the same email or a very similar name (the import's rule) is refused with
one line naming her, unless `--on-duplicate add` or `--on-duplicate merge` says otherwise."""

from __future__ import annotations

import pytest

from followup_tui.cli.parser import build_parser

from .conftest import Cli, assert_refused


@pytest.fixture
def dana(run: Cli) -> int:
    return run.add(
        "Dana Kim",
        "--kind",
        "customer",
        "--phone",
        "202-555-0143",
        "--email",
        "dana@example.com",
        "--fact",
        "job=nurse",
    )


def names(run: Cli) -> list[str]:
    return [str(name) for (name,) in run.query("SELECT name FROM contacts ORDER BY id")]


@pytest.mark.parametrize(
    ("name", "options", "why"),
    [
        ("Dee Kim", ["--phone", "(202) 555-0143"], "same phone"),
        ("D. Kim", ["--email", "DANA@example.com"], "same email"),
        ("Dana Kim", [], "same name"),
        ("Dana Kimm", ["--phone", "202-555-0143"], "same phone"),
        ("Dana  Kimm", [], "similar name"),
    ],
)
def test_someone_already_there_is_refused_by_name(
    run: Cli, dana: int, name: str, options: list[str], why: str
) -> None:
    before = run.dump()
    result = run("add", name, "--kind", "lead", *options)
    # THEN one line names her, exit 2, and nothing is written
    assert_refused(result)
    assert result.err == f"followup: already there: #{dana} Dana Kim ({why})\n"
    assert run.dump() == before


def test_an_explicit_skip_refuses_too(run: Cli, dana: int) -> None:
    err = run.fails("add", "Dana Kim", "--kind", "lead", "--on-duplicate", "skip")
    assert err == f"followup: already there: #{dana} Dana Kim (same name)\n"
    assert names(run) == ["Dana Kim"]


def test_add_adds_anyway(run: Cli, dana: int) -> None:
    second = run.add("Dana Kim", "--kind", "lead", "--on-duplicate", "add")
    assert second == dana + 1
    assert names(run) == ["Dana Kim", "Dana Kim"]
    assert run.only_pending(second)["playbook"] == "lead"


def test_merge_folds_the_new_details_into_her(run: Cli, dana: int) -> None:
    pending_before = run.pending(dana)
    out = run.ok(
        "add",
        "Dana Kimm",
        "--kind",
        "lead",
        "--phone",
        "202-555-0143",
        "--met-at",
        "the gym",
        "--fact",
        "kids=2",
        "--fact",
        "job=teacher",
        "--note",
        "asked about the balm",
        "--on-duplicate",
        "merge",
    )
    # THEN she is told what was done, in one line
    assert out == (
        f"merged into #{dana} Dana Kim (same phone): added where met, 1 fact (kids), the note;"
        " kept in a note: name, job\n"
    )
    # AND the book holds one Dana, with every new detail and hers kept
    assert names(run) == ["Dana Kim"]
    shown = run.show(dana)
    assert shown["contact"]["met_at"] == "the gym"
    assert shown["contact"]["kind"] == "customer"
    assert shown["facts"] == {"job": "nurse", "kids": "2"}
    notes = sorted(n["body"] for n in shown["notes"])
    assert notes == [
        "Added again with: name: Dana Kimm (kept: Dana Kim); job: teacher (kept: nurse)",
        "asked about the balm",
    ]
    # AND no playbook was started for the "new" lead
    assert run.pending(dana) == pending_before


def test_merge_fills_a_missing_phone(run: Cli) -> None:
    jo = run.add("Jo Rivera", "--kind", "circle")
    out = run.ok(
        "add", "Jo Rivera", "--kind", "lead", "--phone", "202-555-0177", "--on-duplicate", "merge"
    )
    assert out == f"merged into #{jo} Jo Rivera (same name): added phone\n"
    assert run.show(jo)["contact"]["phone"] == "+12025550177"


def test_merge_with_nobody_there_adds(run: Cli, dana: int) -> None:
    new = run.add("Pat Quinn", "--kind", "lead", "--on-duplicate", "merge")
    assert names(run) == ["Dana Kim", "Pat Quinn"]
    assert new == dana + 1


def test_two_people_of_one_name_with_their_own_numbers_are_two(run: Cli, dana: int) -> None:
    # As in an import: a Dana Kim with her own phone is someone else
    other = run.add("Dana Kim", "--kind", "lead", "--phone", "202-555-0199")
    assert other == dana + 1


def test_your_own_record_is_never_a_duplicate(run: Cli) -> None:
    run.ok("me", "Alex Rivera", "--phone", "202-555-0143")
    new = run.add("Alex Rivera", "--kind", "lead", "--phone", "202-555-0143")
    assert run.show(new)["contact"]["name"] == "Alex Rivera"


def test_a_bad_on_duplicate_writes_nothing(run: Cli, dana: int) -> None:
    before = run.dump()
    err = run.fails("add", "Pat Quinn", "--kind", "lead", "--on-duplicate", "maybe")
    assert err == "followup: --on-duplicate takes skip, merge or add\n"
    assert run.dump() == before


def test_capture_refuses_a_bad_on_duplicate_before_opening(run: Cli, dana: int) -> None:
    before = run.dump()
    err = run.fails("capture", "--on-duplicate", "replace")
    assert err == "followup: --on-duplicate takes skip, merge or add\n"
    assert run.dump() == before


@pytest.mark.parametrize("command", ["add", "capture"])
def test_on_duplicate_has_its_help_line(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert (
        "--on-duplicate skip|merge|add someone already there (same phone or email, or a very"
        " similar name): refuse and name her (skip, the default), merge these details into"
        " her, or add anyway"
    ) in shown
