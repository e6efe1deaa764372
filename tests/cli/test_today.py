"""`followup today`: referrals, corporate backorders, overdue by days, then today's by priority."""

from __future__ import annotations

from datetime import date

from .conftest import TODAY, Cli

FIELDS = {
    "touch_id",
    "contact_id",
    "name",
    "kind",
    "playbook",
    "step",
    "due",
    "channel",
    "overdue_days",
}


def morning(run: Cli) -> dict[str, int]:
    """A week of contacts, added on their own days, so that this Monday has a bit of everything."""
    ids = {
        "old lead": run.add("Olga Lead", "--kind", "lead", today="2026-11-16"),  # due 19th
        "old referral": run.add("Rhea Old", "--kind", "referral", today="2026-11-20"),
        "hostess": run.add("Hana Host", "--kind", "hostess", today="2026-11-21"),  # due 22nd
        "new referral": run.add("Rex New", "--kind", "referral"),
        "lead": run.add("Lena Ford", "--kind", "lead", "--met-on", "2026-11-20"),
        "prospect": run.add("Pat Quinn", "--kind", "prospect"),
        "customer": run.add("Dana Whitfield", "--kind", "customer"),
        "later": run.add("Leo Later", "--kind", "lead"),  # due Thursday
    }
    run.order(ids["customer"], "DTX-7", "--on", "2026-11-22")
    run.order(ids["customer"], "SKN-EYE", "--backorder", "SKN-EYE", "--corporate")
    return ids


def test_order_of_the_list(run: Cli) -> None:
    # GIVEN referrals, a corporate backorder, overdue and today's touches
    ids = morning(run)

    # WHEN the list is asked for
    today = run.today()

    # THEN referrals (oldest first), the corporate backorder, overdue (most first),
    # then today's by priority: prospect and new-customer (4), lead (6)
    assert [(t["contact_id"], t["playbook"]) for t in today] == [
        (ids["old referral"], "referral"),
        (ids["new referral"], "referral"),
        (ids["customer"], "corporate-backorder"),
        (ids["old lead"], "lead"),
        (ids["hostess"], "hostess"),
        (ids["prospect"], "prospect"),
        (ids["customer"], "new-customer"),
        (ids["lead"], "lead"),
    ]
    assert [t["overdue_days"] for t in today] == [3, 0, 0, 4, 1, 0, 0, 0]
    today_priorities = [t["priority"] for t in today[5:]]
    assert today_priorities == sorted(today_priorities)


def test_json_fields(run: Cli) -> None:
    morning(run)

    for item in run.today():
        assert item.keys() >= FIELDS
        assert date.fromisoformat(item["due"]) <= date.fromisoformat(TODAY)
        assert (
            item["overdue_days"]
            == (date.fromisoformat(TODAY) - date.fromisoformat(item["due"])).days
        )
        assert item["channel"] in {"call", "text", "email", "card"}
        assert isinstance(item["touch_id"], int) and isinstance(item["contact_id"], int)


def test_each_row_matches_the_database(run: Cli) -> None:
    morning(run)

    for item in run.today():
        [row] = run.query(
            "SELECT t.contact_id, c.name, c.kind, t.playbook, t.step, t.due_on, t.channel, t.status"
            " FROM touches t JOIN contacts c ON c.id = t.contact_id WHERE t.id = ?",
            item["touch_id"],
        )
        assert row == (
            item["contact_id"],
            item["name"],
            item["kind"],
            item["playbook"],
            item["step"],
            item["due"],
            item["channel"],
            "pending",
        )


def test_nothing_due_later_or_done(run: Cli) -> None:
    ids = morning(run)
    first = run.today()[0]
    run.log(first["touch_id"], "reached")

    listed = {t["touch_id"] for t in run.today()}
    assert first["touch_id"] not in listed
    assert ids["later"] not in {t["contact_id"] for t in run.today()}
    # Thursday the later lead is due, and nothing from Monday has been dropped.
    thursday = run.today(today="2026-11-26")
    assert ids["later"] in {t["contact_id"] for t in thursday}
    assert listed <= {t["touch_id"] for t in thursday}


def test_text_list(run: Cli) -> None:
    morning(run)

    lines = run.ok("today").splitlines()

    assert lines[0] == "Mon 23 Nov 2026: 8 to do, 3 overdue"
    assert len(lines) == 9
    assert "Rhea Old" in lines[1] and "3d overdue" in lines[1]
    assert "Rex New" in lines[2] and "today" in lines[2]


def test_empty_day(run: Cli) -> None:
    run.make_book()
    assert run.today() == []
    assert run.ok("today") == "Mon 23 Nov 2026: 0 to do\n"
