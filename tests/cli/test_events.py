"""`followup event new` and `followup team` (DOMAIN.md, Team and Lead; issue 4, Team, Catalogue).

2026-11-16, 11-23, 11-30 and 12-07 are Mondays; 2026-12-04 is a Friday.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import TODAY, Cli, Result

ADDED = "2026-11-16"  # the team joins a week before the tests' Monday


def assert_refused_nested(result: Result) -> None:
    """Bad input: exit 2, one `followup ...:` line (`followup event new: ...` included)."""
    assert result.code == 2, result
    assert result.out == "", result
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert re.match(r"followup( [a-z]+)*: \S", lines[0]), result.err
    assert "Traceback" not in result.err


def a_team(run: Cli) -> dict[str, int]:
    """One member of each level (two new partners), and a lead, all added on Monday 16th.

    Their weekly rhythms then fall on Nov 18 (new partners), Nov 23 (new leader and
    mature leader) and Dec 16 (senior partner), clear of the events' dates.
    """
    return {
        "nina": run.add("Nina Partner", "--kind", "team", "--level", "new-partner", today=ADDED),
        "abe": run.add("Abe Assigned", "--kind", "team", "--level", "new-partner", today=ADDED),
        "leo": run.add("Leo Leader", "--kind", "team", "--level", "new-leader", today=ADDED),
        "mae": run.add("Mae Mature", "--kind", "team", "--level", "mature-leader", today=ADDED),
        "sam": run.add("Sam Senior", "--kind", "team", "--level", "senior-partner", today=ADDED),
        "lou": run.add("Lou Lead", "--kind", "lead", today=ADDED),
    }


def new_event(run: Cli, kind: str, on: str, *options: str, today: str = TODAY) -> int:
    out = run.ok("event", "new", kind, "--on", on, *options, today=today)
    assert out.strip().isdigit(), f"event new must print the new id alone, got {out!r}"
    return int(out)


def event_touches(run: Cli, event_id: int, contact_id: int) -> list[tuple[str, str, str]]:
    """(step, due, channel) of the pending touches an event gave a contact, soonest first."""
    rows = run.query(
        "SELECT t.step, t.due_on, t.channel FROM touches t JOIN runs r ON r.id = t.run_id"
        " WHERE r.event_id = ? AND t.contact_id = ? AND t.status = 'pending'"
        " ORDER BY t.due_on, t.id",
        event_id,
        contact_id,
    )
    return [(str(step), str(due), str(channel)) for step, due, channel in rows]


def reminded(run: Cli, event_id: int) -> set[int]:
    """Who an event scheduled anything for."""
    rows = run.query(
        "SELECT DISTINCT t.contact_id FROM touches t JOIN runs r ON r.id = t.run_id"
        " WHERE r.event_id = ?",
        event_id,
    )
    return {int(contact_id) for (contact_id,) in rows}


def pending_of(run: Cli, contact_id: int, step: str, today: str = TODAY) -> list[dict[str, Any]]:
    pending: list[dict[str, Any]] = run.show(contact_id, today=today)["pending"]
    return [p for p in pending if p["step"] == step]


# --- event new -----------------------------------------------------------------------


def test_event_new_prints_the_id_alone_and_stores_the_event(run: Cli) -> None:
    # GIVEN a team
    a_team(run)

    # WHEN two events are entered
    first = run.ok("event", "new", "team-event", "--on", "2026-12-04", "--title", "Training")
    second = run.ok("event", "new", "conference-call", "--on", "2026-12-09")

    # THEN each prints its id alone, and is stored as given
    assert (first, second) == ("1\n", "2\n")
    assert run.query("SELECT id, kind, held_on, title FROM events ORDER BY id") == [
        (1, "team-event", "2026-12-04", "Training"),
        (2, "conference-call", "2026-12-09", None),
    ]


@pytest.mark.parametrize(
    ("held_on", "midweek", "day_after"),
    [
        pytest.param("2026-12-04", "2026-12-02", "2026-12-05", id="friday"),
        pytest.param("2026-12-02", "2026-11-25", "2026-12-03", id="wednesday"),
        pytest.param("2026-11-30", "2026-11-25", "2026-12-01", id="monday"),
    ],
)
def test_new_partners_hear_the_wednesday_before_the_day_of_and_with_an_assignment_the_day_after(
    run: Cli, held_on: str, midweek: str, day_after: str
) -> None:
    # GIVEN two new partners
    team = a_team(run)

    # WHEN a team event is entered, Abe with a presentation assignment
    event_id = new_event(
        run, "team-event", held_on, "--title", "Training", "--assignment", str(team["abe"])
    )

    # THEN both get the Wednesday before and the day of; only Abe the day after
    assert event_touches(run, event_id, team["nina"]) == [
        ("midweek", midweek, "call"),
        ("day-of", held_on, "text"),
    ]
    assert event_touches(run, event_id, team["abe"]) == [
        ("midweek", midweek, "call"),
        ("day-of", held_on, "text"),
        ("day-after", day_after, "call"),
    ]


@pytest.mark.parametrize(
    ("held_on", "expected"),
    [
        pytest.param(
            "2026-12-04",
            [
                ("monday-task", "2026-11-30", "text"),
                ("wednesday-check-in", "2026-12-02", "call"),
                ("team-ready", "2026-12-04", "call"),
            ],
            id="friday",
        ),
        pytest.param(
            "2026-12-02",
            # the Wednesday check-in is the event day's call: one call that day
            [
                ("monday-task", "2026-11-30", "text"),
                ("team-ready", "2026-12-02", "call"),
            ],
            id="wednesday",
        ),
        pytest.param(
            "2026-12-07",
            # the Monday text is the event day's: one touch that day
            [
                ("wednesday-check-in", "2026-12-02", "call"),
                ("team-ready", "2026-12-07", "call"),
            ],
            id="monday",
        ),
    ],
)
def test_new_leaders_hear_on_monday_wednesday_and_the_day_of(
    run: Cli, held_on: str, expected: list[tuple[str, str, str]]
) -> None:
    # GIVEN a new leader
    team = a_team(run)

    # WHEN a team event is entered
    event_id = new_event(run, "team-event", held_on)

    # THEN the Monday of its week, the Wednesday on or before it, and the day itself
    assert event_touches(run, event_id, team["leo"]) == expected


def test_mature_leaders_and_senior_partners_get_nothing_from_a_team_event(run: Cli) -> None:
    # GIVEN a team and its pending touches
    team = a_team(run)
    before = {name: run.pending(team[name]) for name in ("mae", "sam", "lou")}

    # WHEN a team event is entered
    event_id = new_event(run, "team-event", "2026-12-04")

    # THEN only the new partners and the new leader are reminded
    assert reminded(run, event_id) == {team["nina"], team["abe"], team["leo"]}
    # AND the mature leader keeps her weekly accountability touch alone, as do the others
    assert {name: run.pending(team[name]) for name in ("mae", "sam", "lou")} == before
    assert [(p["step"], p["due"]) for p in before["mae"]] == [("accountability", TODAY)]


@pytest.mark.parametrize(
    ("held_on", "expected"),
    [
        pytest.param(
            "2026-12-03",
            [
                ("week-of", "2026-11-30", "text"),
                ("confirm", "2026-12-02", "text"),
                ("debrief", "2026-12-04", "call"),
            ],
            id="thursday",
        ),
        pytest.param(
            "2026-11-30",
            [
                ("week-of", "2026-11-23", "text"),
                ("confirm", "2026-11-29", "text"),
                ("debrief", "2026-12-01", "call"),
            ],
            id="monday",
        ),
    ],
)
def test_an_appointment_reminds_only_senior_partners(
    run: Cli, held_on: str, expected: list[tuple[str, str, str]]
) -> None:
    # GIVEN a team
    team = a_team(run)

    # WHEN an appointment of the senior partner with the team is entered
    event_id = new_event(run, "appointment", held_on, "--title", "Sam meets the team")

    # THEN the senior partner gets a text the week of it, a text the day before, a debrief after
    assert event_touches(run, event_id, team["sam"]) == expected
    # AND nobody else hears of it
    assert reminded(run, event_id) == {team["sam"]}


@pytest.mark.parametrize(
    ("kind", "levels"),
    [
        ("team-event", {"nina", "abe", "leo"}),
        ("big-event", {"nina", "abe", "leo"}),
        ("conference-call", {"nina", "abe", "leo"}),
        ("reports", {"leo"}),
        ("appointment", {"sam"}),
    ],
)
def test_each_event_kind_reminds_its_levels(run: Cli, kind: str, levels: set[str]) -> None:
    # GIVEN a team
    team = a_team(run)

    # WHEN an event of this kind is entered
    event_id = new_event(run, kind, "2026-12-04")

    # THEN the levels of rhythms.toml [events] are reminded, and no one else
    assert reminded(run, event_id) == {team[name] for name in levels}


def test_event_steps_already_past_are_left_out(run: Cli) -> None:
    # GIVEN a team
    team = a_team(run)

    # WHEN Friday's event is entered on Thursday 26th
    event_id = new_event(run, "team-event", "2026-11-27", today="2026-11-26")

    # THEN Wednesday's and Monday's touches, already past, are left out
    assert event_touches(run, event_id, team["nina"]) == [("day-of", "2026-11-27", "text")]
    assert event_touches(run, event_id, team["leo"]) == [("team-ready", "2026-11-27", "call")]
    assert run.query(
        "SELECT count(*) FROM touches t JOIN runs r ON r.id = t.run_id"
        " WHERE r.event_id = ? AND t.due_on < '2026-11-26'",
        event_id,
    ) == [(0,)]


def test_an_event_touch_on_a_rhythm_day_is_one_call(run: Cli) -> None:
    # GIVEN a new partner who joins today: her weekly midweek call is Wednesday 25th
    nina = run.add("Nina Partner", "--kind", "team", "--level", "new-partner")
    assert [p["due"] for p in pending_of(run, nina, "midweek")] == ["2026-11-25"]

    # WHEN Friday's event asks for a midweek call that same Wednesday
    new_event(run, "team-event", "2026-11-27")

    # THEN she gets one midweek call on Wednesday, not two, and the event's day-of text
    assert [(p["step"], p["due"]) for p in run.pending(nina)] == [
        ("midweek", "2026-11-25"),
        ("day-of", "2026-11-27"),
    ]


def test_working_the_weekly_text_does_not_double_the_events_monday_text(run: Cli) -> None:
    # GIVEN a new leader with his weekly Monday text due today, and an event on Friday Dec 4
    team = a_team(run)
    new_event(run, "team-event", "2026-12-04")
    assert [p["due"] for p in pending_of(run, team["leo"], "monday-task")] == [
        TODAY,
        "2026-11-30",
    ]
    [weekly] = [p for p in pending_of(run, team["leo"], "monday-task") if p["due"] == TODAY]

    # WHEN today's weekly text is sent
    run.log(int(weekly["id"]), "texted")

    # THEN next Monday (the event's week) he gets one Monday text, not two
    due = [t for t in run.today(today="2026-11-30") if t["contact_id"] == team["leo"]]
    assert [(t["step"], t["due"]) for t in due] == [("monday-task", "2026-11-30")]
    # AND it is the weekly text, saying the event is coming up
    [monday] = due
    assert monday["playbook"] == "team-new-leader"
    assert monday["title"] == "Monday: this week's task, and the event coming up"
    assert run.query(
        "SELECT t.status, t.close_reason FROM touches t JOIN runs r ON r.id = t.run_id"
        " WHERE r.event_id IS NOT NULL AND t.step = 'monday-task'"
    ) == [("ended", "one touch that day with the weekly one")]


def test_the_merged_monday_text_keeps_the_weekly_rhythm_and_the_events_other_touches(
    run: Cli,
) -> None:
    # GIVEN Leo's weekly text worked into the event week: one Monday text on the 30th
    team = a_team(run)
    event_id = new_event(run, "team-event", "2026-12-04")
    [weekly] = [p for p in pending_of(run, team["leo"], "monday-task") if p["due"] == TODAY]
    run.log(int(weekly["id"]), "texted")
    [monday] = pending_of(run, team["leo"], "monday-task", today="2026-11-30")

    # WHEN that Monday text is sent
    out = run.log(int(monday["id"]), "texted", today="2026-11-30")

    # THEN the weekly rhythm goes on (next Monday), and the event still has its other touches
    assert [p["due"] for p in pending_of(run, team["leo"], "monday-task")] == ["2026-12-07"]
    assert "2026-12-07" in out
    assert event_touches(run, event_id, team["leo"]) == [
        ("wednesday-check-in", "2026-12-02", "call"),
        ("team-ready", "2026-12-04", "call"),
    ]


def test_an_event_entered_on_a_weekly_monday_gives_that_text_its_words(run: Cli) -> None:
    # GIVEN Leo's weekly text worked today: the next one is Monday 30th
    team = a_team(run)
    [weekly] = pending_of(run, team["leo"], "monday-task")
    run.log(int(weekly["id"]), "texted")

    # WHEN an event that week is entered
    event_id = new_event(run, "team-event", "2026-12-04")

    # THEN the one Monday text is the weekly one, in the event's words
    [monday] = pending_of(run, team["leo"], "monday-task")
    assert (monday["playbook"], monday["due"]) == ("team-new-leader", "2026-11-30")
    assert monday["title"] == "Monday: this week's task, and the event coming up"
    assert [step for step, _, _ in event_touches(run, event_id, team["leo"])] == [
        "wednesday-check-in",
        "team-ready",
    ]


def test_event_touches_have_the_event_steps_titles(run: Cli) -> None:
    # GIVEN a new partner and a new leader
    team = a_team(run)

    # WHEN an event is entered
    new_event(run, "team-event", "2026-12-04")

    # THEN the Wednesday-before and Monday touches say there is an event coming
    [nina_wednesday] = [
        p for p in pending_of(run, team["nina"], "midweek") if p["due"] != "2026-11-18"
    ]
    assert nina_wednesday["title"] == "Midweek before the event: homework and presentation ready?"
    [leo_monday] = [p for p in pending_of(run, team["leo"], "monday-task") if p["due"] != TODAY]
    assert leo_monday["title"] == "Monday: this week's task, and the event coming up"


def test_members_who_must_not_be_contacted_are_not_reminded(run: Cli) -> None:
    # GIVEN a new partner marked do not contact
    team = a_team(run)
    [call] = run.pending(team["nina"])
    run.log(int(call["id"]), "reached", "--said", "do-not-contact")

    # WHEN an event is entered
    event_id = new_event(run, "team-event", "2026-12-04")

    # THEN she gets nothing from it
    assert team["nina"] not in reminded(run, event_id)
    assert run.pending(team["nina"]) == []


# --- the new catalogue ----------------------------------------------------------------


def test_a_new_catalogue_reaches_every_active_lead(run: Cli) -> None:
    # GIVEN leads, one who asked not to be contacted, one who ordered, and other kinds
    team = a_team(run)
    lou = team["lou"]
    lia = run.add("Lia Newlead", "--kind", "lead", "--met-on", "2026-11-20")
    dora = run.add("Dora Nope", "--kind", "lead", today=ADDED)
    [first_call] = run.pending(dora)
    run.log(int(first_call["id"]), "reached", "--said", "do-not-contact")
    olga = run.add("Olga Ordered", "--kind", "lead", today=ADDED)
    run.order(olga, "DTX-7")
    run.add("Pat Prospect", "--kind", "prospect")
    run.add("Cat Circle", "--kind", "circle")

    # WHEN the December catalogue is out on Tuesday Dec 1
    event_id = new_event(run, "new-catalogue", "2026-12-01", "--title", "Winter catalogue")

    # THEN every active lead gets a share-catalogue touch that day, and nobody else
    assert reminded(run, event_id) == {lou, lia}
    for lead in (lou, lia):
        assert event_touches(run, event_id, lead) == [("share-catalogue", "2026-12-01", "call")]
    assert run.query("SELECT kind, title FROM events WHERE id = ?", event_id) == [
        ("new-catalogue", "Winter catalogue")
    ]
    # AND the leads' own calls go on beside it
    assert {p["playbook"] for p in run.pending(lia)} == {"lead", "new-catalogue"}


def test_a_catalogue_already_out_is_shared_from_today(run: Cli) -> None:
    # GIVEN a lead
    lou = run.add("Lou Lead", "--kind", "lead", today=ADDED)

    # WHEN a catalogue out since Friday is entered on Monday
    event_id = new_event(run, "new-catalogue", "2026-11-20")

    # THEN the share is due today, and on today's list
    assert event_touches(run, event_id, lou) == [("share-catalogue", TODAY, "call")]
    assert ("new-catalogue", "share-catalogue") in {
        (t["playbook"], t["step"]) for t in run.today() if t["contact_id"] == lou
    }


# --- the team view --------------------------------------------------------------------


def test_team_lists_members_by_level_with_their_next_reminder(run: Cli) -> None:
    # GIVEN team members added today in no particular order, one of them not to be contacted
    sam = run.add("Sam Senior", "--kind", "team", "--level", "senior-partner")
    zoe = run.add("Zoe Partner", "--kind", "team", "--level", "new-partner")
    mae = run.add("Mae Mature", "--kind", "team", "--level", "mature-leader")
    leo = run.add("Leo Leader", "--kind", "team", "--level", "new-leader")
    ada = run.add("Ada Partner", "--kind", "team")  # a new partner by default
    tom = run.add("Tom Gone", "--kind", "team", "--level", "new-partner")
    run.log(int(run.pending(tom)[0]["id"]), "reached", "--said", "do-not-contact")
    run.add("Lou Lead", "--kind", "lead")

    # WHEN the team is listed
    members = run.json("team")

    # THEN new partners, new leaders, mature leaders, senior partners, by name within a level
    assert [(m["contact_id"], m["level"], m["next_due"]) for m in members] == [
        (ada, "new-partner", "2026-11-25"),
        (zoe, "new-partner", "2026-11-25"),
        (leo, "new-leader", "2026-11-30"),
        (mae, "mature-leader", "2026-11-30"),
        (sam, "senior-partner", "2026-12-23"),
    ]
    assert members[0] == {
        "contact_id": ada,
        "name": "Ada Partner",
        "level": "new-partner",
        "next_due": "2026-11-25",
        "next_title": "Midweek: how are the homework and the presentation going?",
    }
    assert members[4]["next_title"] == "Monthly catch-up"

    # WHEN Sam's appointment with the team is on Thursday Dec 3
    new_event(run, "appointment", "2026-12-03")

    # THEN his next reminder is the text in the week of it
    [sam_line] = [m for m in run.json("team") if m["contact_id"] == sam]
    assert (sam_line["next_due"], sam_line["next_title"]) == (
        "2026-11-30",
        "This week: your appointment with my team",
    )
    # AND the text view shows the same, one member a line
    lines = run.ok("team").splitlines()
    assert len(lines) == 5
    assert lines[0].startswith(f"#{ada:<6} Ada Partner")
    assert "new-partner" in lines[0]
    assert lines[0].endswith("2026-11-25 Midweek: how are the homework and the presentation going?")
    assert lines[4].endswith("2026-11-30 This week: your appointment with my team")


def test_an_empty_team(run: Cli) -> None:
    run.add("Lou Lead", "--kind", "lead")

    assert run.json("team") == []
    assert run.ok("team") == ""


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "word"),
    [
        pytest.param(
            ["event", "new", "party-night", "--on", "2026-12-04"], "party-night", id="kind"
        ),
        pytest.param(["event", "new", "team-event", "--on", "2026-12-32"], "2026-12-32", id="date"),
        pytest.param(["event", "new", "team-event"], "--on", id="no-date"),
        pytest.param(
            ["event", "new", "team-event", "--on", "2026-12-04", "--assignment", "99"],
            "99",
            id="unknown-assignment",
        ),
        pytest.param(
            ["event", "new", "team-event", "--on", "2026-12-04", "--assignment", "abe"],
            "abe",
            id="assignment-not-an-id",
        ),
        pytest.param(["event", "party-night"], "party-night", id="no-sub-command"),
    ],
)
def test_bad_events_are_refused_and_nothing_is_written(
    run: Cli, args: list[str], word: str
) -> None:
    # GIVEN a team
    a_team(run)
    before = run.dump()

    # WHEN an event is entered wrongly
    result = run(*args)

    # THEN it is refused with one line naming the problem, and nothing is written
    assert_refused_nested(result)
    assert word in result.err
    assert run.dump() == before


@pytest.mark.parametrize(
    ("kind", "who", "words"),
    [
        pytest.param(
            "new-catalogue",
            "abe",
            "new-catalogue takes no assignment: only team-event, big-event, conference-call",
            id="new-catalogue",
        ),
        pytest.param("reports", "abe", "reports takes no assignment", id="reports"),
        pytest.param("appointment", "abe", "appointment takes no assignment", id="appointment"),
        pytest.param("team-event", "mae", "Mae Mature is not a new partner", id="mature-leader"),
        pytest.param("team-event", "leo", "Leo Leader is not a new partner", id="new-leader"),
        pytest.param("team-event", "lou", "Lou Lead is not a new partner", id="a-lead"),
    ],
)
def test_an_assignment_is_only_for_new_partners_at_their_events(
    run: Cli, kind: str, who: str, words: str
) -> None:
    # GIVEN a team
    team = a_team(run)
    before = run.dump()

    # WHEN an assignment is given where it brings no day-after call
    result = run("event", "new", kind, "--on", "2026-12-04", "--assignment", str(team[who]))

    # THEN it is refused with one line saying why, and nothing is written
    assert_refused_nested(result)
    assert words in result.err
    assert run.dump() == before


def test_an_assignment_for_a_partner_not_to_be_contacted_is_refused(run: Cli) -> None:
    # GIVEN a new partner marked do not contact
    team = a_team(run)
    [call] = run.pending(team["abe"])
    run.log(int(call["id"]), "reached", "--said", "do-not-contact")
    before = run.dump()

    # WHEN she is given an assignment
    result = run(
        "event", "new", "team-event", "--on", "2026-12-04", "--assignment", str(team["abe"])
    )

    # THEN it is refused, and nothing is written
    assert_refused_nested(result)
    assert "Abe Assigned is marked do not contact" in result.err
    assert run.dump() == before


def test_a_team_member_without_a_level_is_a_new_partner_and_takes_an_assignment(
    run: Cli,
) -> None:
    # GIVEN a team member added without a level: a new partner by default
    ada = run.add("Ada Partner", "--kind", "team", today=ADDED)

    # WHEN she has an assignment at Friday's event
    event_id = new_event(run, "team-event", "2026-12-04", "--assignment", str(ada))

    # THEN her day-after call is planned
    assert ("day-after", "2026-12-05", "call") in event_touches(run, event_id, ada)


def test_undoing_the_weekly_text_brings_back_the_events_monday_text(run: Cli) -> None:
    from datetime import date

    from followup_tui.db.engine import open_database
    from followup_tui.domain.model import Outcome, Reach
    from followup_tui.services import calls, undo

    # GIVEN Leo's weekly text due today, and an event on Friday Dec 4
    team = a_team(run)
    new_event(run, "team-event", "2026-12-04")
    [weekly] = [p for p in pending_of(run, team["leo"], "monday-task") if p["due"] == TODAY]
    before = run.dump()
    db = open_database(f"sqlite:///{run.db_path}")
    try:
        # WHEN it is sent (next Monday's two texts become one) and the log is undone
        logged = calls.log_outcome(
            db, int(weekly["id"]), Outcome(Reach.TEXTED), date.fromisoformat(TODAY)
        )
        assert logged.undo is not None
        undo.undo_log(db, logged.undo)
    finally:
        db.dispose()

    # THEN everything is as it was, the event's Monday text pending again
    assert run.dump() == before
