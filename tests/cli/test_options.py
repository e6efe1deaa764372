"""--db and --today, before or after the sub-command; FOLLOWUP_DB and FOLLOWUP_TODAY; the script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Cli


def referral_due(run: Cli, db: Path) -> str:
    """When the one contact in `db` (a referral, due the day she was added) is due."""
    [item] = run.on(db).today(today="2027-01-01")
    return str(item["due"])


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "--today", "2026-11-20", "add", "Rita Moreno", "--kind", "referral"],
        ["add", "Rita Moreno", "--kind", "referral", "--db", "{db}", "--today", "2026-11-20"],
        ["--db", "{db}", "add", "Rita Moreno", "--today", "2026-11-20", "--kind", "referral"],
        ["--today", "2026-11-20", "add", "--db", "{db}", "Rita Moreno", "--kind", "referral"],
    ],
    ids=["both-before", "both-after", "db-before", "today-before"],
)
def test_options_before_or_after_the_command(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.delenv("FOLLOWUP_DB", raising=False)
    monkeypatch.delenv("FOLLOWUP_TODAY", raising=False)
    db = tmp_path / "placed.db"

    result = run.raw(*(arg.format(db=db) for arg in argv))

    assert (result.code, result.out, result.err) == (0, "1\n", "")
    assert referral_due(run, db) == "2026-11-20"


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "--today", "2026-11-20", "today", "--json"],
        ["today", "--json", "--db", "{db}", "--today", "2026-11-20"],
    ],
    ids=["before", "after"],
)
def test_today_reads_the_same_either_way(run: Cli, argv: list[str]) -> None:
    run.add("Rita Moreno", "--kind", "referral", today="2026-11-20")

    result = run.raw(*(arg.format(db=run.db_path) for arg in argv))

    assert result.code == 0
    [item] = json.loads(result.out)
    assert (item["name"], item["due"], item["overdue_days"]) == ("Rita Moreno", "2026-11-20", 0)


def test_environment_names_the_database_and_the_day(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("FOLLOWUP_DB", str(db))
    monkeypatch.setenv("FOLLOWUP_TODAY", "2026-11-20")

    result = run.raw("add", "Rita Moreno", "--kind", "referral")

    assert (result.code, result.out) == (0, "1\n")
    assert referral_due(run, db) == "2026-11-20"


def test_flags_win_over_the_environment(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_db = tmp_path / "from-env.db"
    monkeypatch.setenv("FOLLOWUP_DB", str(env_db))
    monkeypatch.setenv("FOLLOWUP_TODAY", "2026-11-20")

    run.add("Rita Moreno", "--kind", "referral", today="2026-11-23")

    assert not env_db.exists()
    assert referral_due(run, run.db_path) == "2026-11-23"


def test_bad_today_in_the_environment_is_refused(run: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_TODAY", "2026-02-30")

    run.fails("today", today=None)


def test_sqlalchemy_url_as_db(run: Cli, tmp_path: Path) -> None:
    db = tmp_path / "url.db"

    result = run.raw("add", "Rita Moreno", "--kind", "referral", "--db", f"sqlite:///{db}")

    assert result.code == 0
    assert db.is_file()


def find_script() -> str:
    beside = Path(sys.executable).parent / "followup"
    found = str(beside) if beside.is_file() else shutil.which("followup")
    assert found, "the followup console script is not installed"
    return found


def test_installed_script_honours_the_environment(tmp_path: Path) -> None:
    # GIVEN the installed `followup`, told where and when by the environment only
    db = tmp_path / "script.db"
    env = {**os.environ, "FOLLOWUP_DB": str(db), "FOLLOWUP_TODAY": "2026-11-20"}
    script = find_script()

    def followup(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *args], env=env, capture_output=True, text=True, timeout=60, check=False
        )

    # WHEN a referral is added and today's list asked for
    added = followup("add", "Rita Moreno", "--kind", "referral", "--phone", "212-555-0147")
    listed = followup("today", "--json")
    refused = followup("show", "99")

    # THEN the entry point ran main() on that file and that day, and exit codes pass through
    assert (added.returncode, added.stdout, added.stderr) == (0, "1\n", "")
    assert listed.returncode == 0, listed.stderr
    [item] = json.loads(listed.stdout)
    assert (item["name"], item["due"], item["kind"]) == ("Rita Moreno", "2026-11-20", "referral")
    assert (db.stat().st_mode & 0o777) == 0o600
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.startswith("followup:") and refused.stderr.count("\n") == 1
