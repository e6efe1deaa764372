"""Two records of one person made one: the rules, on plain values."""

from __future__ import annotations

from datetime import date

import pytest

from followup_tui.domain.merging import (
    Clash,
    PendingCall,
    Record,
    call_key,
    calls_to_close,
    clash_note,
    combine,
    combine_facts,
    said_no,
)
from followup_tui.domain.model import Kind

NOV = date(2026, 11, 1)


def on(day: int) -> date:
    return date(2026, 11, day)


class TestValues:
    def test_keeps_values_win_and_the_others_fill_the_gaps(self) -> None:
        # GIVEN the record kept, with a phone, and the other, with a phone and an email
        keep = Record("Dana Brooks", Kind.CUSTOMER, phone="+12025550143")
        other = Record("Dana Brooks", Kind.LEAD, phone="+12025550199", email="dana@example.com")
        # WHEN they are combined
        combined = combine(keep, other)
        # THEN keep's phone stays, the other's email fills the gap, the other phone is kept
        assert (combined.phone, combined.email) == ("+12025550143", "dana@example.com")
        assert combined.clashes == (Clash("phone", "+12025550143", "+12025550199"),)
        assert combined.kind is Kind.CUSTOMER

    def test_the_others_name_is_kept_when_it_differs(self) -> None:
        combined = combine(Record("Dana Brooks", Kind.LEAD), Record("Dana B.", Kind.LEAD))
        assert combined.clashes == (Clash("name", "Dana Brooks", "Dana B."),)

    def test_same_but_for_case_and_spacing_is_no_clash(self) -> None:
        combined = combine(
            Record("Dana Brooks", Kind.LEAD, met_at="Grocery  store"),
            Record("dana brooks", Kind.LEAD, met_at="grocery store"),
        )
        assert combined.clashes == ()

    def test_discreet_and_do_not_contact_hold_when_either_says_so(self) -> None:
        combined = combine(
            Record("A", Kind.LEAD, discreet=True), Record("A", Kind.LEAD, do_not_contact=True)
        )
        assert (combined.discreet, combined.do_not_contact) == (True, True)

    def test_known_since_the_earlier_day(self) -> None:
        combined = combine(
            Record("A", Kind.LEAD, created_on=on(20)), Record("A", Kind.LEAD, created_on=on(3))
        )
        assert combined.created_on == on(3)

    def test_a_first_order_in_the_other_record_makes_her_a_customer(self) -> None:
        keep = Record("A", Kind.LEAD)
        other = Record("A", Kind.CIRCLE, last_order_on=on(5))
        combined = combine(keep, other)
        assert (combined.kind, combined.became_customer) == (Kind.CUSTOMER, True)

    def test_a_hostess_stays_a_hostess(self) -> None:
        combined = combine(Record("A", Kind.HOSTESS), Record("A", Kind.LEAD, last_order_on=on(5)))
        assert (combined.kind, combined.became_customer) == (Kind.HOSTESS, False)


class TestFacts:
    def test_new_keys_move_over_and_a_differing_value_clashes(self) -> None:
        # GIVEN keep knows her perfume; the other knows another perfume and her job
        keep = {"perfume": "Chanel No 5", "kids": "2"}
        other = {"Perfume": "Dior", "job": "nurse", "kids": " 2 "}
        # WHEN combined
        taken, clashes = combine_facts(keep, other)
        # THEN the job moves over, the perfume is a clash, the same kids count is neither
        assert taken == ("job",)
        assert clashes == (Clash("Perfume", "Chanel No 5", "Dior"),)

    def test_the_note_keeps_every_differing_value_on_one_line(self) -> None:
        note = clash_note(
            12, "Dana B.", [Clash("perfume", "Chanel No 5", "Dior"), Clash("name", "D", "Dana B.")]
        )
        assert note == (
            "From #12 Dana B., merged in: perfume: Dior (kept: Chanel No 5); "
            "name: Dana B. (kept: D)"
        )
        assert clash_note(12, "Dana B.", []) is None


@pytest.mark.parametrize(
    ("keep_no", "other_no", "keep_order", "other_order", "expected"),
    [
        (None, None, None, None, None),
        (on(10), None, None, None, on(10)),
        (on(10), on(15), None, None, on(15)),
        (on(10), None, None, on(12), None),  # she ordered after saying no
        (on(10), None, None, on(9), on(10)),  # an order before the no does not lift it
        (None, on(10), on(10), None, None),  # an order the same day takes it back
    ],
)
def test_a_no_stands_unless_she_ordered_since(
    keep_no: date | None,
    other_no: date | None,
    keep_order: date | None,
    other_order: date | None,
    expected: date | None,
) -> None:
    keep = Record("A", Kind.LEAD, said_no_on=keep_no, last_order_on=keep_order)
    other = Record("A", Kind.LEAD, said_no_on=other_no, last_order_on=other_order)
    assert said_no(keep, other) == expected


class TestOneNextCallPerPlaybook:
    def test_the_earlier_call_is_kept(self) -> None:
        # GIVEN both records on the lead playbook, the other's call due first
        calls = [
            PendingCall(1, True, call_key("lead"), on(20)),
            PendingCall(2, False, call_key("lead"), on(12)),
        ]
        # THEN keep's later call closes
        assert calls_to_close(calls) == {1}

    def test_on_a_tie_the_kept_records_call_stays(self) -> None:
        calls = [
            PendingCall(1, True, call_key("lead"), on(12)),
            PendingCall(2, False, call_key("lead"), on(12)),
        ]
        assert calls_to_close(calls) == {2}

    def test_every_call_of_the_losing_side_closes(self) -> None:
        calls = [
            PendingCall(1, True, call_key("party", party_id=3), on(20)),
            PendingCall(2, True, call_key("party", party_id=3), on(26)),
            PendingCall(3, False, call_key("party", party_id=3), on(19)),
        ]
        assert calls_to_close(calls) == {1, 2}

    def test_calls_about_different_orders_both_stay(self) -> None:
        calls = [
            PendingCall(1, True, call_key("reorder", order_id=4), on(20)),
            PendingCall(2, False, call_key("reorder", order_id=9), on(12)),
            PendingCall(3, False, call_key("lead"), on(12)),
        ]
        assert calls_to_close(calls) == frozenset()

    def test_the_quiet_rhythms_are_one_playbook(self) -> None:
        calls = [
            PendingCall(1, True, call_key("customer-care"), on(20)),
            PendingCall(2, False, call_key("inactive-customer"), on(25)),
        ]
        assert calls_to_close(calls) == {2}
