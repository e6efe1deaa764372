"""Dates as she says them, in every CLI date option: counted from a Friday, in a region
that writes the day first (GB: "8/12" is 8 December)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from .conftest import Cli

FRIDAY = "2026-12-11"


@pytest.fixture
def lead(run: Cli) -> tuple[int, int]:
    """(contact id, her pending touch id), in a book set to GB."""
    run.ok("settings", "phone_region", "GB", today=FRIDAY)
    contact = run.add("Holly Rossi", "--kind", "lead", today=FRIDAY)
    return contact, int(run.only_pending(contact)["id"])


def due(run: Cli, touch_id: int) -> tuple[str, str | None]:
    [(day, time)] = run.query("SELECT due_on, due_time FROM touches WHERE id = ?", touch_id)
    return day, time


FORMS = [
    ("tue", "2026-12-15", None),
    ("next tuesday", "2026-12-15", None),
    ("friday", "2026-12-18", None),  # on a Friday: next week's
    ("in 2 weeks", "2026-12-25", None),
    ("+3", "2026-12-14", None),
    ("tomorrow", "2026-12-12", None),
    ("dec 8", "2027-12-08", None),  # no year: the next one to come
    ("8 dec", "2027-12-08", None),
    ("8/12", "2027-12-08", None),  # day first in GB
    ("12/8/2027", "2027-08-12", None),
    ("2026-12-22", "2026-12-22", None),
    ("tue 6pm", "2026-12-15", "18:00"),
    ("tue after 6", "2026-12-15", "18:00"),
    ("tomorrow 10am", "2026-12-12", "10:00"),
    ("mon 6:30pm", "2026-12-14", "18:30"),
]


def test_later_reads_every_form(run: Cli, lead: tuple[int, int]) -> None:
    _, touch = lead
    for typed, day, time in FORMS:
        # WHEN the call is moved to the day as she says it
        out = run.ok("later", str(touch), "--to", typed, today=FRIDAY)

        # THEN the touch is on that day, at the time said (none: no time kept)
        assert due(run, touch) == (day, time), typed
        assert out == f"Moved to {day}{f' at {time}' if time else ''}.\n"


def test_call_on_keeps_the_time_and_today_shows_it(run: Cli, lead: tuple[int, int]) -> None:
    contact, touch = lead
    # WHEN she says "call me next tuesday after 6"
    out = run.log(
        touch, "reached", "--said", "call-on", "--date", "next tuesday after 6", today=FRIDAY
    )

    # THEN the call back is on Tuesday 15 December at 18:00, and said so
    callback = run.only_pending(contact)
    assert due(run, int(callback["id"])) == ("2026-12-15", "18:00")
    assert out.strip().endswith("on 2026-12-15 at 18:00")
    # AND her history keeps what was said, time and all
    [said] = run.outcomes(contact)
    assert (said["said_date"], said["said_time"]) == ("2026-12-15", "18:00")
    assert "call-on, call 2026-12-15 18:00" in run.ok("show", str(contact), today=FRIDAY)
    # AND on that day's list, in text and JSON (its other fields as before)
    [item] = run.today(today="2026-12-15")
    assert (item["time"], item["due"], item["touch_id"]) == ("18:00", "2026-12-15", callback["id"])
    assert "today 6pm" in run.ok("today", today="2026-12-15")
    # AND a later move with no time drops it
    run.ok("later", str(callback["id"]), "--to", "wed", today=FRIDAY)
    assert due(run, int(callback["id"])) == ("2026-12-16", None)


def test_a_month_first_region_reads_12_8_as_december(run: Cli) -> None:
    run.ok("settings", "phone_region", "US", today=FRIDAY)
    contact = run.add("Jenna Brooks", "--kind", "lead", today=FRIDAY)
    touch = int(run.only_pending(contact)["id"])
    run.ok("later", str(touch), "--to", "12/8", today=FRIDAY)
    assert due(run, touch) == ("2027-12-08", None)
    run.ok("later", str(touch), "--to", "12/25", today=FRIDAY)
    assert due(run, touch) == ("2026-12-25", None)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("blurday", "'blurday' is not a date: try tue, next friday, in 2 weeks, dec 8, 12/8"),
        ("12/25", "'12/25' is not a date"),  # no 25th month where the day comes first
        ("1/1/2300", "is out of range: pick a date from 1900 to 2200"),
    ],
)
def test_what_is_not_a_date_is_refused_in_one_line(
    run: Cli, lead: tuple[int, int], typed: str, says: str
) -> None:
    _, touch = lead
    before = run.dump()
    assert says in run.fails("later", str(touch), "--to", typed, today=FRIDAY)
    assert run.dump() == before


def test_a_day_that_happened_is_the_last_one(run: Cli, lead: tuple[int, int]) -> None:
    del lead  # the book is set to GB
    # WHEN she says she met Maria on "dec 8" (a Tuesday gone) and logs an order "tue"
    met = run.add("Maria Lopez", "--kind", "lead", "--met-on", "dec 8", today=FRIDAY)
    run.order(met, "DTX-7", "--on", "tue", today=FRIDAY)
    # THEN both are this week's past days, not next year's or next week's
    assert run.query("SELECT met_on FROM contacts WHERE id = ?", met) == [("2026-12-08",)]
    assert run.query("SELECT ordered_on FROM orders WHERE contact_id = ?", met) == [("2026-12-08",)]


def test_today_takes_the_same_forms_from_the_real_date(run: Cli) -> None:
    contact = run.add("Dana Whitfield", "--kind", "lead", today="tomorrow")
    [(created,)] = run.query("SELECT created_on FROM contacts WHERE id = ?", contact)
    assert created == (date.today() + timedelta(days=1)).isoformat()


def test_followup_today_env_takes_them_too(run: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_TODAY", "yesterday")
    contact = run.add("Dana Whitfield", "--kind", "lead", today=None)
    [(created,)] = run.query("SELECT created_on FROM contacts WHERE id = ?", contact)
    assert created == (date.today() - timedelta(days=1)).isoformat()
