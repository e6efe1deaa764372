"""`followup party`, `parties` and orders placed at a party (DOMAIN.md, Party; issue 4, Parties).

2026-11-20 and 2026-11-27 are Fridays, 2026-11-29 a Sunday, 2026-11-23 a Monday.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import Cli, Result

BOOKED = "2026-11-20"  # a Friday: the party is booked a week ahead
PARTY = "2026-11-27"  # a Friday
MORNING_AFTER = "2026-11-28"


def assert_refused_nested(result: Result) -> None:
    """assert_refused, also for the two-word commands (`followup party new: ...`)."""
    assert result.code == 2, result
    assert result.out == "", result
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert re.match(r"followup( [a-z]+)*: \S", lines[0]), result.err
    assert "Traceback" not in result.err


def party_touches(run: Cli, contact_id: int, today: str) -> list[tuple[str, str, str]]:
    """(step, due, channel) of a contact's pending party touches, soonest first."""
    pending: list[dict[str, Any]] = run.show(contact_id, today=today)["pending"]
    return sorted(
        (str(p["step"]), str(p["due"]), str(p["channel"]))
        for p in pending
        if p["playbook"] == "party"
    )


def pending_of(run: Cli, contact_id: int, playbook: str, today: str) -> list[dict[str, Any]]:
    pending: list[dict[str, Any]] = run.show(contact_id, today=today)["pending"]
    return [p for p in pending if p["playbook"] == playbook]


def one_pending(run: Cli, contact_id: int, playbook: str, today: str) -> dict[str, Any]:
    found = pending_of(run, contact_id, playbook, today)
    assert len(found) == 1, found
    return found[0]


def new_party(run: Cli, hostess: int, on: str, *options: str, today: str = BOOKED) -> int:
    out = run.ok("party", "new", str(hostess), "--on", on, *options, today=today)
    assert out.strip().isdigit(), f"party new must print the new id alone, got {out!r}"
    return int(out)


def guest(run: Cli, party_id: int, contact_id: int, *flags: str, today: str = BOOKED) -> None:
    assert run.ok("party", "guest", str(party_id), str(contact_id), *flags, today=today) == ""


def a_party_with_three_guests(run: Cli) -> dict[str, int]:
    """Hana hosts on Friday 27th; Gina comes, Bea wants to book, Ivy wants business info.

    Everyone is added a week ahead as circle (a 90-day rhythm), so that the morning
    after, nothing but the party is due. The unflagged guest is added first: her touch
    has the lowest id, and must still come last.
    """
    ids = {
        "hostess": run.add("Hana Host", "--kind", "hostess", today=BOOKED),
        "gina": run.add("Gina Guest", "--kind", "circle", today=BOOKED),
        "bea": run.add("Bea Booker", "--kind", "circle", today=BOOKED),
        "ivy": run.add("Ivy Info", "--kind", "circle", today=BOOKED),
    }
    ids["party"] = new_party(run, ids["hostess"], PARTY, "--place", "Hana's kitchen")
    guest(run, ids["party"], ids["gina"])
    guest(run, ids["party"], ids["bea"], "--wants-to-book")
    guest(run, ids["party"], ids["ivy"], "--wants-info")
    return ids


# --- party new -----------------------------------------------------------------------


def test_party_new_prints_the_id_alone_and_stores_the_party(run: Cli) -> None:
    # GIVEN two hostesses
    hana = run.add("Hana Host", "--kind", "hostess", today=BOOKED)
    mia = run.add("Mia Stone", "--kind", "customer", today=BOOKED)

    # WHEN each books a party
    first = run.ok(
        "party", "new", str(hana), "--on", PARTY, "--place", "Hana's kitchen", today=BOOKED
    )
    second = run.ok("party", "new", str(mia), "--on", "2026-12-05", today=BOOKED)

    # THEN each prints its id alone, and the parties are stored as given
    assert (first, second) == ("1\n", "2\n")
    assert run.query("SELECT id, hostess_id, held_on, place FROM parties ORDER BY id") == [
        (1, hana, PARTY, "Hana's kitchen"),
        (2, mia, "2026-12-05", None),
    ]


@pytest.mark.parametrize(
    ("held_on", "expected"),
    [
        pytest.param(
            "2026-11-27",
            [
                ("excitement", "2026-11-20", "call"),
                ("jitters", "2026-11-26", "call"),
                ("morning-after", "2026-11-28", "call"),
            ],
            id="friday-party",
        ),
        pytest.param(
            "2026-11-29",
            [
                ("excitement", "2026-11-22", "call"),
                ("jitters", "2026-11-28", "call"),
                ("morning-after", "2026-11-30", "call"),
            ],
            id="sunday-party",
        ),
    ],
)
def test_hostess_is_called_a_week_before_the_day_before_and_the_morning_after(
    run: Cli, held_on: str, expected: list[tuple[str, str, str]]
) -> None:
    # GIVEN a hostess
    hostess = run.add("Hana Host", "--kind", "hostess", today=BOOKED)

    # WHEN her party is booked on Friday 20th
    party_id = new_party(run, hostess, held_on)

    # THEN she gets the 7-days-before and day-before touches and a morning-after call
    assert party_touches(run, hostess, BOOKED) == expected
    assert run.query(
        "SELECT count(*) FROM runs WHERE contact_id = ? AND playbook = 'party'"
        " AND party_id = ? AND status = 'active'",
        hostess,
        party_id,
    ) == [(1,)]


@pytest.mark.parametrize(
    ("booked_on", "expected"),
    [
        pytest.param(
            "2026-11-23",
            [("jitters", "2026-11-26", "call"), ("morning-after", "2026-11-28", "call")],
            id="four-days-ahead",
        ),
        pytest.param(
            "2026-11-26",
            [("jitters", "2026-11-26", "call"), ("morning-after", "2026-11-28", "call")],
            id="the-day-before",
        ),
        pytest.param("2026-11-27", [("morning-after", "2026-11-28", "call")], id="on-the-day"),
    ],
)
def test_steps_already_past_when_booked_are_left_out(
    run: Cli, booked_on: str, expected: list[tuple[str, str, str]]
) -> None:
    # GIVEN a hostess
    hostess = run.add("Hana Host", "--kind", "circle", today="2026-11-02")

    # WHEN her Friday party is booked late
    new_party(run, hostess, PARTY, today=booked_on)

    # THEN only the touches still ahead are scheduled: nothing lands in the past
    assert party_touches(run, hostess, booked_on) == expected
    assert run.query(
        "SELECT count(*) FROM touches WHERE playbook = 'party' AND due_on < ?", booked_on
    ) == [(0,)]


def test_the_hostess_kind_becomes_hostess(run: Cli) -> None:
    # GIVEN a customer
    customer = run.add("Dana Whitfield", "--kind", "customer", today="2026-11-02")

    # WHEN she books a party
    new_party(run, customer, PARTY)

    # THEN she is a hostess now, and the change is in her history
    detail = run.show(customer, today=BOOKED)
    assert detail["contact"]["kind"] == "hostess"
    assert [k[1:] for k in detail["kind_history"]] == [
        ["customer", "added"],
        ["hostess", "hosts a party"],
    ]
    assert [c["id"] for c in run.json("contacts", "--kind", "hostess", today=BOOKED)] == [customer]


def test_booking_the_party_ends_the_book_the_party_call(run: Cli) -> None:
    # GIVEN a hostess-to-be with her "book the party" call pending for Saturday 21st
    hostess = run.add("Hana Host", "--kind", "hostess", today=BOOKED)
    [(book_id, due)] = run.query(
        "SELECT id, due_on FROM touches WHERE contact_id = ? AND step = 'book-the-party'", hostess
    )
    assert due == "2026-11-21"

    # WHEN the party is booked on Friday 20th
    new_party(run, hostess, PARTY)

    # THEN that call ends, and only the party's touches are pending
    assert run.query("SELECT status, close_reason FROM touches WHERE id = ?", book_id) == [
        ("ended", "party booked")
    ]
    assert {p["playbook"] for p in run.pending(hostess)} == {"party"}


# --- party guest ----------------------------------------------------------------------


def test_party_guest_prints_nothing_and_stores_the_flags(run: Cli) -> None:
    # GIVEN a party with three guests, two of them flagged
    ids = a_party_with_three_guests(run)

    # THEN the guest list holds them with their flags
    assert run.query(
        "SELECT contact_id, wants_to_book, wants_info FROM party_guests"
        " WHERE party_id = ? ORDER BY contact_id",
        ids["party"],
    ) == [(ids["gina"], 0, 0), (ids["bea"], 1, 0), (ids["ivy"], 0, 1)]
    # AND each guest has one morning-after call, the morning after the party
    for name in ("gina", "bea", "ivy"):
        assert party_touches(run, ids[name], BOOKED) == [
            ("guest-morning-after", MORNING_AFTER, "call")
        ]


def test_morning_after_lists_the_hostess_and_every_guest_flagged_first(run: Cli) -> None:
    # GIVEN a party with three guests, and the hostess's pre-party calls worked
    ids = a_party_with_three_guests(run)
    for step, day in (("excitement", BOOKED), ("jitters", "2026-11-26")):
        [(touch_id,)] = run.query("SELECT id FROM touches WHERE step = ?", step)
        run.log(int(touch_id), "reached", today=day)

    # WHEN the list is asked for on the morning after
    today = run.today(today=MORNING_AFTER)

    # THEN the hostess and all three guests have their morning-after calls, due today
    assert {(t["contact_id"], t["playbook"], t["step"], t["due"]) for t in today} == {
        (ids["hostess"], "party", "morning-after", MORNING_AFTER),
        (ids["gina"], "party", "guest-morning-after", MORNING_AFTER),
        (ids["bea"], "party", "guest-morning-after", MORNING_AFTER),
        (ids["ivy"], "party", "guest-morning-after", MORNING_AFTER),
    }
    assert len(today) == 4
    # AND the guests who asked to book or for business information come before the other one
    order = [t["contact_id"] for t in today]
    assert order.index(ids["bea"]) < order.index(ids["gina"])
    assert order.index(ids["ivy"]) < order.index(ids["gina"])
    assert order[-1] == ids["gina"]
    assert all(t["overdue_days"] == 0 and t["channel"] == "call" for t in today)


def test_morning_after_calls_are_tried_again_the_next_day(run: Cli) -> None:
    # GIVEN a guest's morning-after call
    ids = a_party_with_three_guests(run)
    [call] = pending_of(run, ids["gina"], "party", MORNING_AFTER)

    # WHEN nobody answered
    run.log(int(call["id"]), "no-answer", today=MORNING_AFTER)

    # THEN it is tried again on Sunday
    [retry] = pending_of(run, ids["gina"], "party", MORNING_AFTER)
    assert (retry["step"], retry["due"], retry["attempt"]) == (
        "guest-morning-after",
        "2026-11-29",
        2,
    )


def test_adding_the_same_guest_twice_is_not_a_crash(run: Cli) -> None:
    # GIVEN a guest already on the list
    ids = a_party_with_three_guests(run)
    before = run.dump()

    # WHEN she is added again
    result = run("party", "guest", str(ids["party"]), str(ids["gina"]), today=BOOKED)

    # THEN it is taken as the same guest: nothing changes
    assert (result.code, result.out, result.err) == (0, "", "")
    assert run.dump() == before
    assert run.query("SELECT count(*) FROM party_guests WHERE contact_id = ?", ids["gina"]) == [
        (1,)
    ]
    assert len(pending_of(run, ids["gina"], "party", BOOKED)) == 1


def test_adding_a_guest_again_turns_on_the_flags_given(run: Cli) -> None:
    # GIVEN Gina, a guest with no flags, her morning-after call at the usual priority
    ids = a_party_with_three_guests(run)
    party, gina = str(ids["party"]), str(ids["gina"])
    [call] = pending_of(run, ids["gina"], "party", BOOKED)
    assert call["priority"] == 4

    # WHEN she is added again, now asking about the business
    assert run.ok("party", "guest", party, gina, "--wants-info", today=BOOKED) == ""

    # THEN her flag is on, she is still one guest, and her one call moves up
    flags = "SELECT wants_to_book, wants_info FROM party_guests WHERE contact_id = ?"
    assert run.query(flags, ids["gina"]) == [(0, 1)]
    [again] = pending_of(run, ids["gina"], "party", BOOKED)
    assert (again["id"], again["priority"]) == (call["id"], 3)

    # WHEN she is added once more, wanting to book, and then with no flags at all
    run.ok("party", "guest", party, gina, "--wants-to-book", today=BOOKED)
    run.ok("party", "guest", party, gina, today=BOOKED)

    # THEN both flags stay on: saying it again forgets nothing she asked for
    assert run.query(flags, ids["gina"]) == [(1, 1)]
    assert len(pending_of(run, ids["gina"], "party", BOOKED)) == 1


def test_the_hostess_is_not_a_guest_of_her_own_party(run: Cli) -> None:
    # GIVEN Hana's party
    ids = a_party_with_three_guests(run)
    before = run.dump()

    # WHEN Hana is added as a guest of it
    result = run("party", "guest", str(ids["party"]), str(ids["hostess"]), today=BOOKED)

    # THEN it is refused, and nothing is written
    assert_refused_nested(result)
    assert "Hana Host is the hostess of this party" in result.err
    assert run.dump() == before


def test_unknown_ids_and_bad_dates_are_refused_and_nothing_is_written(run: Cli) -> None:
    # GIVEN a party and a contact
    ids = a_party_with_three_guests(run)
    before = run.dump()
    bad = [
        (["party", "new", "99", "--on", PARTY], "99"),
        (["party", "new", str(ids["gina"]), "--on", "2026-02-30"], "2026-02-30"),
        (["party", "new", str(ids["gina"])], "--on"),
        (["party", "guest", "9", str(ids["gina"])], "9"),
        (["party", "guest", str(ids["party"]), "99"], "99"),
        (["order", str(ids["gina"]), "DTX-7", "--party", "9"], "9"),
        (["order", str(ids["gina"]), "DTX-7", "--delivered", "2026-11-19"], "delivery"),
    ]
    for argv, word in bad:
        # WHEN each bad command runs
        result = run(*argv, today=BOOKED)

        # THEN it exits 2 with one line naming the problem, and the database is unchanged
        assert_refused_nested(result)
        assert word in result.err, (argv, result.err)
        assert run.dump() == before, argv


# --- orders at a party ------------------------------------------------------------------


def outside_order(run: Cli, *options: str, today: str = BOOKED) -> tuple[int, int, int]:
    """Hana's party on Friday 27th, and an outside order for it from Olga, a friend who
    cannot come, recorded on `today` (a week ahead by default): (party, Olga, order)."""
    hostess = run.add("Hana Host", "--kind", "hostess", today=BOOKED)
    party_id = new_party(run, hostess, PARTY)
    olga = run.add("Olga Outside", "--kind", "customer", today="2026-11-02")
    order_id = run.order(olga, "NUT-MV30", "--party", str(party_id), *options, today=today)
    return party_id, olga, order_id


def test_an_order_at_the_party_starts_the_party_guest_playbook(run: Cli) -> None:
    # GIVEN a party, and an outside order: a friend of the hostess who cannot come orders
    # a week ahead, on Friday 20th, delivery not known yet
    party_id, olga, order_id = outside_order(run)

    # THEN "your order is in" is due that day, and no new-customer calls start
    placed = one_pending(run, olga, "party-guest", BOOKED)
    assert (placed["step"], placed["due"], placed["channel"], placed["order_id"]) == (
        "order-placed",
        BOOKED,
        "call",
        order_id,
    )
    assert pending_of(run, olga, "new-customer", BOOKED) == []
    assert run.query("SELECT party_id, delivered_on FROM orders WHERE id = ?", order_id) == [
        (party_id, None)
    ]

    # WHEN each call is worked on its day, the next one follows the estimated delivery
    # (order + 7 days = Friday 27th)
    expected = [
        ("thank-you", "2026-11-28", "text"),  # delivery + 1
        ("after-delivery", "2026-12-01", "call"),  # delivery + 4
        ("two-weeks", "2026-12-11", "call"),  # delivery + 14
    ]
    worked_on = BOOKED
    for step, due, channel in expected:
        current = one_pending(run, olga, "party-guest", worked_on)
        run.log(int(current["id"]), "reached", today=worked_on)
        nxt = one_pending(run, olga, "party-guest", worked_on)
        assert (nxt["step"], nxt["due"], nxt["channel"]) == (step, due, channel)
        worked_on = due

    # AND after the two-weeks call the playbook is done
    last = one_pending(run, olga, "party-guest", worked_on)
    run.log(int(last["id"]), "reached", today=worked_on)
    assert pending_of(run, olga, "party-guest", worked_on) == []
    assert run.query("SELECT status FROM runs WHERE playbook = 'party-guest'") == [("ended",)]


def test_an_outside_order_puts_her_on_the_guest_list(run: Cli) -> None:
    # GIVEN an outside order for Hana's party from Olga, who is not on its guest list
    party_id, olga, _ = outside_order(run)

    # THEN she is on it now: her sales show on a row of their own, and add up to the total
    [party] = run.json("parties", today=BOOKED)
    assert [(g["contact_id"], g["sales_cents"]) for g in party["guests"]] == [(olga, 2900)]
    assert party["sales_cents"] == 2900
    assert "    Olga Outside: 29.00" in run.ok("parties", today=BOOKED).splitlines()
    # AND she gets the morning-after call every name on the party's sheet gets
    assert party_touches(run, olga, BOOKED) == [("guest-morning-after", MORNING_AFTER, "call")]

    # WHEN she orders again for the same party
    run.order(olga, "DTX-7", "--party", str(party_id), today=BOOKED)

    # THEN she is still one guest, with one morning-after call
    assert run.query("SELECT count(*) FROM party_guests WHERE contact_id = ?", olga) == [(1,)]
    assert len(party_touches(run, olga, BOOKED)) == 1


def test_the_hostess_ordering_at_her_party_is_not_her_own_guest(run: Cli) -> None:
    # GIVEN Hana's party
    hostess = run.add("Hana Host", "--kind", "hostess", today=BOOKED)
    party_id = new_party(run, hostess, PARTY)

    # WHEN she orders at it
    run.order(hostess, "DTX-7", "--party", str(party_id), today=PARTY)

    # THEN the order counts for the party, and she is not on her own guest list
    [party] = run.json("parties", today=PARTY)
    assert (party["sales_cents"], party["guests"]) == (3900, [])


def test_a_known_delivery_date_sets_the_after_delivery_calls(run: Cli) -> None:
    # GIVEN an outside order from Friday 20th, recorded on Monday 23rd, delivered that day
    _, olga, order_id = outside_order(
        run, "--on", BOOKED, "--delivered", "2026-11-23", today="2026-11-23"
    )
    assert run.query("SELECT delivered_on FROM orders WHERE id = ?", order_id) == [("2026-11-23",)]

    # WHEN the order-placed call is worked that Monday
    placed = one_pending(run, olga, "party-guest", "2026-11-23")
    run.log(int(placed["id"]), "reached", today="2026-11-23")

    # THEN the thank-you text is the day after the real delivery
    thanks = one_pending(run, olga, "party-guest", "2026-11-23")
    assert (thanks["step"], thanks["due"]) == ("thank-you", "2026-11-24")

    # AND the after-delivery call is four days after it
    run.log(int(thanks["id"]), "texted", today="2026-11-24")
    after = one_pending(run, olga, "party-guest", "2026-11-24")
    assert (after["step"], after["due"]) == ("after-delivery", "2026-11-27")


def test_a_guest_who_orders_hears_the_news_on_her_morning_after_call(run: Cli) -> None:
    # GIVEN a party with three guests
    ids = a_party_with_three_guests(run)

    # WHEN Gina orders at the party
    run.order(ids["gina"], "DTX-7", "--party", str(ids["party"]), today=PARTY)

    # THEN the morning after she has one call, not two: the morning-after call carries
    # the order news, and the thank-you text follows the estimated delivery (Dec 4 + 1)
    due = [t for t in run.today(today=MORNING_AFTER) if t["contact_id"] == ids["gina"]]
    assert [(t["playbook"], t["step"]) for t in due] == [("party", "guest-morning-after")]
    thanks = one_pending(run, ids["gina"], "party-guest", MORNING_AFTER)
    assert (thanks["step"], thanks["due"], thanks["channel"]) == (
        "thank-you",
        "2026-12-05",
        "text",
    )


def test_delivered_moves_the_after_delivery_touches_to_the_real_date(run: Cli) -> None:
    # GIVEN an outside order whose thank-you text waits for the estimated delivery
    # (Nov 20 + 7 days = 27, thanks on the 28th)
    _, olga, order_id = outside_order(run)
    run.log(int(one_pending(run, olga, "party-guest", BOOKED)["id"]), "reached", today=BOOKED)
    assert one_pending(run, olga, "party-guest", BOOKED)["due"] == "2026-11-28"

    # WHEN it arrives early, on Monday 23rd
    out = run.ok("delivered", str(order_id), "--on", "2026-11-23", today="2026-11-23")

    # THEN nothing is printed, the order is delivered, and the thank-you moves to the 24th
    assert out == ""
    assert run.query("SELECT delivered_on FROM orders WHERE id = ?", order_id) == [("2026-11-23",)]
    thanks = one_pending(run, olga, "party-guest", "2026-11-23")
    assert (thanks["step"], thanks["due"]) == ("thank-you", "2026-11-24")
    # AND the steps after it count from the real date too
    run.log(int(thanks["id"]), "texted", today="2026-11-24")
    after = one_pending(run, olga, "party-guest", "2026-11-24")
    assert (after["step"], after["due"]) == ("after-delivery", "2026-11-27")


def test_a_delivery_logged_late_never_schedules_in_the_past(run: Cli) -> None:
    # GIVEN an outside order with its thank-you text pending for the 28th
    _, olga, order_id = outside_order(run)
    run.log(int(one_pending(run, olga, "party-guest", BOOKED)["id"]), "reached", today=BOOKED)

    # WHEN on Monday 23rd she says it came on Saturday 21st
    run.ok("delivered", str(order_id), "--on", "2026-11-21", today="2026-11-23")

    # THEN the thank-you (the 22nd by the book) is due today, not in the past
    thanks = one_pending(run, olga, "party-guest", "2026-11-23")
    assert (thanks["step"], thanks["due"]) == ("thank-you", "2026-11-23")


def test_the_guest_morning_after_script_claims_nothing_she_did_not_say(run: Cli) -> None:
    from datetime import date

    from followup_tui.db.engine import open_database
    from followup_tui.paths import database_url
    from followup_tui.services import scripts

    # GIVEN Gina, a guest who asked for nothing and ordered nothing
    ids = a_party_with_three_guests(run)
    [call] = pending_of(run, ids["gina"], "party", MORNING_AFTER)

    # WHEN her morning-after script is shown
    db = open_database(database_url(str(run.db_path)))
    script = scripts.script_for_touch(db, int(call["id"]), date.fromisoformat(MORNING_AFTER))
    db.dispose()

    # THEN it thanks her, and says nothing she did not say or do: no "you mentioned",
    # no order, no booking; the lines about them are dropped, not left as "if she..."
    words = "\n".join((script.text, *script.checklist, *script.questions))
    assert "Thank you for coming to Hana's party" in script.text
    assert "mentioned" not in script.text
    assert "order" not in script.text
    assert "If she" not in words
    assert "a date while it's fresh" not in words
    # AND she is asked whether she would host, by her name (no pronoun is noted)
    assert "Would Gina like to host a party, or hear about the business?" in script.checklist


# --- the hostess around her party -------------------------------------------------------


def hostess_calls(run: Cli, hostess: int, today: str) -> list[tuple[str, str]]:
    """(step, due) of the hostess's calls on today's list."""
    return [(t["step"], t["due"]) for t in run.today(today=today) if t["contact_id"] == hostess]


def test_getting_ready_calls_end_once_the_morning_after_call_is_made(run: Cli) -> None:
    # GIVEN Hana's party, her week-before and day-before calls never made
    ids = a_party_with_three_guests(run)
    hostess = ids["hostess"]
    assert hostess_calls(run, hostess, MORNING_AFTER) == [
        ("excitement", BOOKED),
        ("jitters", "2026-11-26"),
        ("morning-after", MORNING_AFTER),
    ]

    # WHEN her morning-after call is made
    [call] = [p for p in run.pending(hostess) if p["step"] == "morning-after"]
    run.log(int(call["id"]), "reached", today=MORNING_AFTER)

    # THEN "tomorrow's the party" is not left overdue: both calls end, saying why
    assert hostess_calls(run, hostess, "2026-12-18") == []
    assert run.query(
        "SELECT step, status, closed_on, close_reason FROM touches"
        " WHERE contact_id = ? AND step IN ('excitement', 'jitters') ORDER BY id",
        hostess,
    ) == [
        ("excitement", "ended", MORNING_AFTER, "the day it got ready for has passed"),
        ("jitters", "ended", MORNING_AFTER, "the day it got ready for has passed"),
    ]
    # AND the party is done for her, and she is still kept in touch
    assert run.query(
        "SELECT status FROM runs WHERE contact_id = ? AND playbook = 'party'", hostess
    ) == [("ended",)]
    assert run.without_next_touch() == []


def test_show_says_the_getting_ready_calls_ended_when_the_party_passed(run: Cli) -> None:
    # GIVEN Hana's morning-after call made, her getting-ready calls never made
    hostess = a_party_with_three_guests(run)["hostess"]
    [call] = [p for p in run.pending(hostess) if p["step"] == "morning-after"]
    run.log(int(call["id"]), "reached", today=MORNING_AFTER)

    # WHEN she is shown / THEN her history says they ended, and why, under the call made
    text = run.ok("show", str(hostess), today=MORNING_AFTER)
    history = text[text.index("History:\n") :].splitlines()
    assert history[1:4] == [
        f"  {MORNING_AFTER} Morning-after call: thank her; anyone who left early? (reached)",
        f"  {MORNING_AFTER} Tomorrow's the party: calm the jitters"
        " (ended: the day it got ready for has passed)",
        f"  {MORNING_AFTER} A week to go: share the excitement, check the guest list"
        " (ended: the day it got ready for has passed)",
    ]


def test_getting_ready_calls_made_in_time_are_kept(run: Cli) -> None:
    # GIVEN Hana's day-before call, unanswered, tried again on the party day
    ids = a_party_with_three_guests(run)
    [jitters] = [p for p in run.pending(ids["hostess"]) if p["step"] == "jitters"]
    run.log(int(jitters["id"]), "no-answer", today="2026-11-26")

    # THEN on the party day it is still on the list: the party has not passed yet
    assert ("jitters", PARTY) in hostess_calls(run, ids["hostess"], PARTY)


def test_undoing_the_morning_after_call_brings_the_getting_ready_calls_back(run: Cli) -> None:
    from datetime import date

    from followup_tui.db.engine import open_database
    from followup_tui.domain.model import Outcome, Reach
    from followup_tui.paths import database_url
    from followup_tui.services import calls, undo

    # GIVEN Hana's morning-after call made, her day-before call ended by it
    ids = a_party_with_three_guests(run)
    [call] = [p for p in run.pending(ids["hostess"]) if p["step"] == "morning-after"]
    db = open_database(database_url(str(run.db_path)))
    day = date.fromisoformat(MORNING_AFTER)
    logged = calls.log_outcome(db, int(call["id"]), Outcome(Reach.REACHED), day)
    assert hostess_calls(run, ids["hostess"], MORNING_AFTER) == []

    # WHEN that log is undone
    assert logged.undo is not None
    undo.undo_log(db, logged.undo)
    db.dispose()

    # THEN all three calls are back
    assert [step for step, _ in hostess_calls(run, ids["hostess"], MORNING_AFTER)] == [
        "excitement",
        "jitters",
        "morning-after",
    ]


@pytest.mark.parametrize("at_the_party", [False, True], ids=["first-order", "party-order"])
def test_a_hostess_who_orders_on_party_day_gets_one_call_the_morning_after(
    run: Cli, at_the_party: bool
) -> None:
    # GIVEN Hana's party, her getting-ready calls made
    hostess = run.add("Hana Host", "--kind", "hostess", today=BOOKED)
    party_id = new_party(run, hostess, PARTY)
    for step, day in (("excitement", BOOKED), ("jitters", "2026-11-26")):
        [(touch_id,)] = run.query("SELECT id FROM touches WHERE step = ?", step)
        run.log(int(touch_id), "reached", today=day)

    # WHEN she places her first order on the party day (on the party's sheet, or not)
    party = ["--party", str(party_id)] if at_the_party else []
    order_id = run.order(hostess, "DTX-7", *party, today=PARTY)

    # THEN the morning after she has one call, the morning-after call: her order's first
    # call (touch base, or "it is in") is said on it
    assert hostess_calls(run, hostess, MORNING_AFTER) == [("morning-after", MORNING_AFTER)]
    [(step, status, reason)] = run.query(
        "SELECT step, status, close_reason FROM touches WHERE order_id = ? AND status != 'pending'",
        order_id,
    )
    assert (step, status, reason) == (
        "order-placed" if at_the_party else "touch-base",
        "skipped",
        "said on the morning-after call",
    )
    # AND her order's calls go on from there (its reorder call aside)
    [following] = [
        p for p in run.pending(hostess) if p["order_id"] == order_id and p["step"] != "reorder"
    ]
    if at_the_party:
        assert (following["step"], following["due"]) == ("thank-you", "2026-12-05")
    else:
        assert (following["step"], following["due"]) == ("verification", "2026-11-30")


def test_a_hostess_order_well_before_her_party_keeps_its_own_call(run: Cli) -> None:
    # GIVEN Hana's party on the 27th
    hostess = run.add("Hana Host", "--kind", "hostess", today=BOOKED)
    new_party(run, hostess, PARTY)

    # WHEN she orders on Monday 23rd
    run.order(hostess, "DTX-7", today="2026-11-23")

    # THEN her Day 1 call is on Tuesday, as for any new customer
    assert ("touch-base", "2026-11-24") in [(p["step"], p["due"]) for p in run.pending(hostess)]


# --- the parties view ---------------------------------------------------------------------


def test_parties_json_shows_guests_flags_sales_and_bookings(run: Cli) -> None:
    # GIVEN a party with three guests; Gina and Bea order there, Gina also orders later alone
    ids = a_party_with_three_guests(run)
    party = str(ids["party"])
    run.order(ids["gina"], "DTX-7", "NUT-OM3", "--party", party, today=PARTY)  # 39 + 27
    run.order(ids["bea"], "SKN-SER-C", "SKN-SER-C", "--party", party, today=PARTY)  # 2 x 48
    run.order(ids["gina"], "HOM-CND", today="2026-11-30")  # not a party order

    # WHEN Bea, who wanted to book, hosts her own party in December
    bea_party = new_party(run, ids["bea"], "2026-12-12", today="2026-11-30")

    # THEN the parties view lists both, newest first
    found = run.json("parties", today="2026-11-30")
    assert [p["id"] for p in found] == [bea_party, ids["party"]]
    hana = found[1]
    assert {k: hana[k] for k in ("hostess_id", "hostess", "held_on", "place")} == {
        "hostess_id": ids["hostess"],
        "hostess": "Hana Host",
        "held_on": PARTY,
        "place": "Hana's kitchen",
    }
    # AND her guests, with their flags and what each bought there, in cents
    assert hana["guests"] == [
        {
            "contact_id": ids["bea"],
            "name": "Bea Booker",
            "wants_to_book": True,
            "wants_info": False,
            "sales_cents": 9600,
        },
        {
            "contact_id": ids["gina"],
            "name": "Gina Guest",
            "wants_to_book": False,
            "wants_info": False,
            "sales_cents": 6600,
        },
        {
            "contact_id": ids["ivy"],
            "name": "Ivy Info",
            "wants_to_book": False,
            "wants_info": True,
            "sales_cents": 0,
        },
    ]
    assert hana["sales_cents"] == 16200
    # AND the booking that came from it
    assert hana["bookings"] == ["Bea Booker"]
    assert (found[0]["hostess"], found[0]["guests"], found[0]["sales_cents"]) == (
        "Bea Booker",
        [],
        0,
    )
    assert found[0]["bookings"] == []


def test_parties_text_shows_upcoming_and_past(run: Cli) -> None:
    # GIVEN Hana's party with orders, and Bea's later one
    ids = a_party_with_three_guests(run)
    run.order(ids["bea"], "SKN-SER-C", "SKN-SER-C", "--party", str(ids["party"]), today=PARTY)
    new_party(run, ids["bea"], "2026-12-12", today="2026-11-30")

    # WHEN the parties are listed on Monday 30th
    out = run.ok("parties", today="2026-11-30")

    # THEN one line a party, with its guests below
    assert out.splitlines() == [
        "#2 2026-12-12 (upcoming) Bea Booker: 0 guests, sales 0.00",
        "#1 2026-11-27 (past) Hana Host at Hana's kitchen: 3 guests, sales 96.00,"
        " bookings: Bea Booker",
        "    Bea Booker: 96.00 (wants to book)",
        "    Gina Guest: 0.00",
        "    Ivy Info: 0.00 (wants info)",
    ]


def test_no_parties_is_an_empty_list(run: Cli) -> None:
    run.make_book()
    assert run.json("parties") == []
    assert run.ok("parties") == ""
