"""The slugs the code names exist in the shipped playbooks: renaming a file fails here."""

from __future__ import annotations

import pytest

from followup_tui.domain import roles
from followup_tui.domain.playbooks import default_library

PLAYBOOKS = [
    roles.NEW_CUSTOMER,
    roles.REORDER,
    roles.PARTY,
    roles.PARTY_GUEST,
    roles.BACKORDER,
    roles.CORPORATE_BACKORDER,
    roles.NEW_CATALOGUE,
    roles.REFERRAL,
    roles.HOSTESS,
    *roles.SUPERSEDED_BY_ORDER,
    *roles.DERIVED_RHYTHMS,
    *roles.STARTABLE,
]


@pytest.mark.parametrize("slug", sorted(set(PLAYBOOKS)))
def test_every_playbook_the_code_names_is_shipped(slug: str) -> None:
    assert slug in default_library().playbooks


@pytest.mark.parametrize(
    ("playbook", "step"),
    [
        (roles.REORDER, roles.REORDER_STEP),
        (roles.PARTY, roles.GUEST_MORNING_AFTER),
        *((roles.PARTY, step) for step in roles.MORNING_AFTER_STEPS),
        (roles.PARTY_GUEST, "order-placed"),
        (roles.NEW_CUSTOMER, "touch-base"),
    ],
)
def test_every_step_the_code_names_is_in_its_playbook(playbook: str, step: str) -> None:
    default_library()[playbook].step(step)  # KeyError if it went


def test_every_event_kind_reminds_someone_or_is_the_catalogue() -> None:
    library = default_library()
    for kind in roles.EVENT_KINDS:
        assert kind == roles.NEW_CATALOGUE or library.events.get(kind), kind


def test_only_events_for_new_partners_take_an_assignment() -> None:
    taking = [kind for kind in roles.EVENT_KINDS if roles.takes_assignments(kind)]
    assert "team-event" in taking and roles.NEW_CATALOGUE not in taking
    assert roles.assignment_refusal("reports").startswith("reports takes no assignment: only ")


def test_guest_flags_say_what_she_asked() -> None:
    assert roles.guest_flags(True, False) == {roles.WANTS_TO_BOOK}
    assert roles.guest_flags(True, True) == {roles.WANTS_TO_BOOK, roles.WANTS_INFO}
    assert roles.guest_flags(False, False) == frozenset()
