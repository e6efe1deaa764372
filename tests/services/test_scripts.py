"""Scripts filled from what the book knows, made the way a user makes it: a party and its
guests, an order with a backorder, a prospect's issue, a Day 1 call before the delivery.
Today, 2026-11-23, is a Monday; the party was last night."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from followup_tui.config import Settings
from followup_tui.db.engine import Database
from followup_tui.domain.model import Kind, NewContact, Outcome, Reach, Said
from followup_tui.domain.playbooks import default_library
from followup_tui.domain.schedule import backorder_deadline
from followup_tui.domain.scripts import RenderedScript, placeholders, script_for
from followup_tui.services import adding, calls, contact_views, orders, parties
from followup_tui.services import scripts as script_service
from followup_tui.services.settings import save_settings

PARTY = date(2026, 11, 22)
SERUM, CLEANER = "SKN-SER-C", "HOM-APC"
"""Vitamin C Brightening Serum (skincare), All-Purpose Cleaning Concentrate (home)."""


def _words(script: RenderedScript) -> str:
    return "\n".join((script.text, *script.checklist, *script.questions))


def _add(db: Database, name: str, kind: Kind, day: date, **kw: object) -> int:
    return adding.add_contact(db, NewContact(name, kind, **kw), day)  # type: ignore[arg-type]


def _pending(db: Database, contact_id: int, today: date, step: str) -> int:
    [touch_id] = [
        p.touch.id
        for p in contact_views.contact_detail(db, contact_id, today).pending
        if p.touch.step == step
    ]
    return touch_id


@dataclass(frozen=True)
class Party:
    hostess: int
    carmen: int
    """Ordered the serum (backordered) and the cleaner; asked to book a party."""
    olivia: int
    """Came, ordered nothing, asked for nothing."""


@pytest.fixture
def party(db: Database) -> Party:
    save_settings(db, Settings(consultant_name="Alex"))
    hostess = _add(db, "Holly Rossi", Kind.CUSTOMER, PARTY - timedelta(days=10))
    party_id = parties.new_party(db, hostess, PARTY, PARTY - timedelta(days=10))
    carmen = _add(db, "Carmen Silva", Kind.LEAD, PARTY, met_at="Holly's party")
    olivia = _add(db, "Olivia Chen", Kind.LEAD, PARTY, met_at="Holly's party")
    parties.add_guest(db, party_id, carmen, PARTY, wants_to_book=True)
    parties.add_guest(db, party_id, olivia, PARTY)
    orders.record_order(db, carmen, [SERUM, CLEANER], PARTY, party_id=party_id, backorders=[SERUM])
    return Party(hostess, carmen, olivia)


def test_guest_with_an_order_and_a_booking_hears_both(
    db: Database, today: date, party: Party
) -> None:
    # GIVEN Carmen ordered two products at last night's party and asked to book her own
    # WHEN her morning-after script is shown
    script = script_service.script_for_touch(
        db, _pending(db, party.carmen, today, "guest-morning-after"), today
    )
    words = _words(script)
    # THEN it says her order is in, naming the products as one says them
    assert (
        "Your order is in: the Vitamin C Brightening Serum and the All-Purpose Cleaning "
        "Concentrate." in script.text
    )
    # AND the backordered serum, with the day it will reach her by
    deadline = backorder_deadline(PARTY, "US")
    assert (
        "There's a short wait on the Vitamin C Brightening Serum; I'll make sure you have "
        f"everything by {deadline:%A %-d %B}." in script.text
    )
    # AND it asks for a date for her party; no "if she..." branch is left for her to read
    assert "let's find a date while it's fresh" in script.text
    assert "Which evenings work best for you in the next few weeks?" in script.questions
    assert "If she" not in words and "If Carmen" not in words
    assert "hear about the business" not in words  # she asked to book: not asked again
    assert script.blanks == ()


def test_guest_who_ordered_nothing_is_not_told_of_an_order(
    db: Database, today: date, party: Party
) -> None:
    # GIVEN Olivia, who came and neither ordered nor asked for anything
    script = script_service.script_for_touch(
        db, _pending(db, party.olivia, today, "guest-morning-after"), today
    )
    words = _words(script)
    # THEN nothing about an order or a booking she never made
    assert "Your order" not in words and "short wait" not in words
    assert "find a date" not in words
    # AND she is asked whether she would host, by name: no pronoun was noted for her
    assert "Would Olivia like to host a party, or hear about the business?" in script.checklist


def test_hostess_hears_of_her_own_order_only(db: Database, today: date, party: Party) -> None:
    # GIVEN a party where only a guest ordered
    touch_id = _pending(db, party.hostess, today, "morning-after")
    # WHEN the hostess's morning-after script is shown / THEN no order is said to be hers
    assert "order is in" not in script_service.script_for_touch(db, touch_id, today).text
    # WHEN she orders too, at her own party
    [party_id] = [p.id for p in parties.parties(db)]
    orders.record_order(db, party.hostess, ["DTX-7"], PARTY, party_id=party_id)
    script = script_service.script_for_touch(db, touch_id, today)
    # THEN her script says her own order is in, with her product and not the guest's
    assert "And your own order is in: the 7-Day Detox Kit." in script.text
    assert "Serum" not in _words(script)


def test_names_after_the_first_mention_are_first_names(db: Database, today: date) -> None:
    # GIVEN Maria, referred by Sally Jensen
    sally = _add(db, "Sally Jensen", Kind.CUSTOMER, today - timedelta(days=30))
    maria = _add(db, "Maria Lopez", Kind.REFERRAL, today, referred_by=sally)
    # WHEN her first call's script is shown
    script = script_service.script_for_touch(db, _pending(db, maria, today, "first-call"), today)
    words = _words(script)
    # THEN Sally's full name is said once, then "Sally"
    assert words.count("Sally Jensen") == 1
    assert "Sally has been enjoying" in script.text
    assert "Thank Sally afterwards." in script.checklist


def test_prospect_issue_call_carries_no_product_checks(db: Database, today: date) -> None:
    # GIVEN a prospect who never ordered, whose call was logged with an issue
    tom = _add(db, "Tom Reilly", Kind.PROSPECT, today - timedelta(days=3))
    [first, *_] = contact_views.contact_detail(db, tom, today).pending
    logged = calls.log_outcome(db, first.touch.id, Outcome(Reach.REACHED, Said.ISSUE), today)
    [issue] = [s for s in logged.scheduled if "Issue" in s.title]
    # WHEN the issue call's script is shown
    script = script_service.script_for_touch(db, issue.touch_id, today)
    # THEN it is about the trouble, with no product's checks and no product blank
    assert "the trouble you mentioned" in script.text
    for about_a_product in ("first days", "Dosage", "breakouts", "leaking"):
        assert not any(about_a_product in item for item in script.checklist)
    assert "product" not in script.blanks


def test_day_one_before_the_estimated_delivery_does_not_ask_if_it_arrived(
    db: Database, today: date
) -> None:
    # GIVEN a first order yesterday: its delivery is estimated a week after the order
    priya = _add(db, "Priya Shah", Kind.CUSTOMER, PARTY)
    order_id = orders.record_order(db, priya, ["DTX-7"], PARTY)
    touch_id = _pending(db, priya, today, "touch-base")
    # WHEN her Day 1 script is shown
    script = script_service.script_for_touch(db, touch_id, today)
    words = _words(script)
    # THEN it says when the kit should come, and never asks whether it came or she started
    assert "It should reach you around Sunday 29 November." in script.text
    assert "arrive" not in words
    assert "Have you had a chance to start" not in words
    # WHEN the delivery is logged today
    orders.mark_delivered(db, order_id, today, today)
    script = script_service.script_for_touch(db, touch_id, today)
    # THEN the same call asks whether it arrived complete, and whether she started
    assert "Did the order arrive complete and in good shape?" in script.checklist
    assert "Have you had a chance to start on it yet?" in script.text
    assert "should reach you" not in script.text


@pytest.mark.parametrize(
    ("pronouns", "said"),
    [(None, "Tom"), ("he/him", "he"), ("they/them", "they"), ("She", "she")],
)
def test_scripts_follow_a_pronoun_fact(
    db: Database, today: date, pronouns: str | None, said: str
) -> None:
    # GIVEN a lead, with a pronoun fact noted or none
    facts = (("pronouns", pronouns),) if pronouns else ()
    tom = _add(db, "Tom Reilly", Kind.LEAD, today - timedelta(days=3), facts=facts)
    # WHEN his first call's script is shown
    script = script_service.script_for_touch(db, _pending(db, tom, today, "first-call"), today)
    # THEN the checklist speaks of him by that pronoun, or by his name
    assert f"Get a postal address if {said} would like a catalogue." in script.checklist
    assert any(item.endswith(f"what {said} mentioned.") for item in script.checklist)


# --- the short text messages -----------------------------------------------------------


def _text_steps() -> list[tuple[str, str]]:
    library = default_library()
    return sorted(
        {
            (playbook.slug, step.slug)
            for playbook in library.playbooks.values()
            for track in (playbook.steps, playbook.guest_steps, playbook.event_steps)
            for step in track
            if step.channel.value in ("text", "email")
        }
    )


def test_every_text_step_has_a_short_message_that_can_be_filled(
    db: Database, today: date, party: Party
) -> None:
    # GIVEN the placeholders a script can be filled from (a real touch's)
    found = script_service.situation(
        db, _pending(db, party.carmen, today, "guest-morning-after"), today
    )
    fillable = set(found.values) | {"fact:"}
    # WHEN every step sent as a text or an email is looked at
    steps = _text_steps()
    assert len(steps) >= 6
    for playbook, step in steps:
        message = script_for(playbook, step).message
        # THEN it has its own short message, every placeholder of which can be filled
        assert message, f"{playbook}/{step} has no Text: block"
        assert placeholders(message) <= fillable, f"{playbook}/{step}"
        assert 60 <= len(" ".join(message.split())) <= 320, f"{playbook}/{step}"


def test_message_for_a_text_touch_is_filled_and_none_for_a_call(db: Database, party: Party) -> None:
    # GIVEN Carmen's thank-you text, due the day after her (estimated) delivery
    when = PARTY + timedelta(days=8)
    thanks = _pending(db, party.carmen, when, "thank-you")
    # WHEN its message is asked for, plainly and in discreet mode
    plain = script_service.message_for_touch(db, thanks, when)
    discreet = script_service.message_for_touch(db, thanks, when, discreet=True)
    # THEN it is the step's short text, filled in, one paragraph, phone-sized
    assert plain is not None and plain.startswith("Hi Carmen, it's Alex! Just a quick thank")
    assert "\n" not in plain and "?]" not in plain and len(plain) <= 320
    # AND naming no product either way
    for message in (plain, discreet):
        assert message is not None and "Serum" not in message and "Cleaning" not in message
    # AND a call has no message
    call = _pending(db, party.carmen, PARTY, "guest-morning-after")
    assert script_service.message_for_touch(db, call, when) is None
