"""Exit 1 at the edges (issue 16, item 14): dates near 0001-01-01 and 9999-12-31, a
page-long search, ids in other digits. Each ends in one line (exit 2, nothing written)
or is taken as the rule says; never "something went wrong"."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

EDGE_DAYS = ("0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31")


@pytest.mark.parametrize("day", EDGE_DAYS)
def test_an_imported_met_on_outside_1900_to_2200_is_kept_as_words(
    run: Cli, tmp_path: Path, day: str
) -> None:
    shared = tmp_path / "shared.csv"
    shared.write_text(f"name,met on,kind\nAnn Lee,{day},lead\n")
    out = run.ok("import", str(shared))
    # THEN she is in, her "met on" kept as a fact (as any date that is not one), and her
    # first call is due from today
    assert "1 added" in out
    detail = run.show(1)
    assert detail["contact"]["met_on"] is None
    assert detail["facts"]["met on"] == day
    assert run.ok("export", str(tmp_path / "calls.ics")).startswith("Exported")


@pytest.mark.parametrize("day", EDGE_DAYS)
@pytest.mark.parametrize(
    "argv",
    [
        ("add", "Ann Lee", "--kind", "lead", "--met-on", "{day}"),
        ("party", "new", "1", "--on", "{day}"),
        ("event", "new", "team-event", "--on", "{day}"),
        ("order", "1", "DTX-7", "--on", "{day}"),
        ("today",),
        ("demo",),
        ("export", "{ics}"),
    ],
    ids=lambda argv: "-".join(argv[:2]) if isinstance(argv, tuple) else argv,
)
def test_a_date_outside_1900_to_2200_is_refused_in_one_line(
    run: Cli, tmp_path: Path, day: str, argv: tuple[str, ...]
) -> None:
    run.add("Hana Ito", "--kind", "hostess")
    before = run.dump()
    words = [word.format(day=day, ics=tmp_path / "calls.ics") for word in argv]
    # A day typed with the command, or (for the rest) as --today
    today = None if "{day}" in argv else day
    result = run(*words, today=today) if today else run(*words)
    assert "pick a date from 1900 to 2200" in run.fails(*words, today=today or "2026-11-23")
    assert result.code == 2
    assert run.dump() == before
    assert not (tmp_path / "calls.ics").exists()


@pytest.mark.parametrize("today", ["1900-01-01", "2200-12-31"])
def test_the_last_days_in_range_plan_calls_past_them_without_a_crash(
    run: Cli, tmp_path: Path, today: str
) -> None:
    # A --today of 2200-12-31 plus a 90-day rhythm plans into 2201: a date Python
    # holds (the overflow is at 9999), so it is kept, not refused
    run.add("Ann Lee", "--kind", "customer", today=today)
    run.ok("party", "new", "1", "--on", today, today=today)
    run.ok("export", str(tmp_path / "calls.ics"), today=today)
    day = date.fromisoformat(today)
    dues = [date.fromisoformat(d) for (d,) in run.query("SELECT due_on FROM touches")]
    assert dues and all(day - timedelta(days=1) <= due <= day + timedelta(days=800) for due in dues)


def test_a_page_long_search_is_refused_in_one_line(run: Cli) -> None:
    run.add("Ann Lee", "--kind", "lead")
    # the longest argument Linux passes
    err = run.fails("contacts", "--search", "a" * 131_071)
    assert err == "followup contacts: argument --search: a search is at most 200 characters\n"
    # 200 is still a search
    assert run("contacts", "--search", "Ann" + " " * 197).code == 0


@pytest.mark.parametrize("given", ["１", "１２", "١", "١٢", "۱", "+1", "1_0", "²"])
@pytest.mark.parametrize("form", ["show {}", "show call:{}", "log call:{} --reached", "note {} hi"])
def test_an_id_in_other_digits_is_refused(run: Cli, given: str, form: str) -> None:
    run.add("Ann Lee", "--kind", "lead")
    before = run.dump()
    assert f"{given!r} is not an id (a whole number)" in run.fails(*form.format(given).split())
    assert run.dump() == before


def test_ascii_ids_still_work(run: Cli) -> None:
    run.add("Ann Lee", "--kind", "lead")
    assert run.show(1)["contact"]["name"] == "Ann Lee"
    assert run("show", " 1 ").code == 0
