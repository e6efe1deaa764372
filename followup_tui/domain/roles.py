"""The playbook and step slugs the services and screens rely on by name.

Playbooks are data (data/playbooks/*.toml): the code knows these few by name, because it
starts them on an order, a party or an event, or treats their calls apart. A test holds
every slug here to the shipped library, so renaming a playbook file fails loudly. (The
engine's own words in the playbook files, such as a step's only_if conditions, are
defined with the engine in domain/playbooks.py and domain/schedule.py.)
"""

from __future__ import annotations

from followup_tui.domain.model import Level
from followup_tui.domain.playbooks import Library, default_library

# Playbooks
NEW_CUSTOMER = "new-customer"
REORDER = "reorder"
PARTY = "party"
PARTY_GUEST = "party-guest"
BACKORDER = "backorder"
CORPORATE_BACKORDER = "corporate-backorder"
NEW_CATALOGUE = "new-catalogue"
REFERRAL = "referral"
LEAD = "lead"
THANK_REFERRER = "thank-referrer"
HOSTESS = "hostess"

BACKORDER_PLAYBOOKS = (BACKORDER, CORPORATE_BACKORDER)
REORDER_PLAYBOOKS = (NEW_CUSTOMER, REORDER)
"""The playbooks whose run carries a reorder day."""
SUPERSEDED_BY_ORDER = frozenset(
    {"lead", "customer-care", "reconnect", "inactive-customer", "past-client", "circle"}
)
"""When a contact orders, the playbooks that kept a not-yet (or no-longer) customer warm stop."""
DERIVED_RHYTHMS = frozenset({"customer-care", "inactive-customer", "past-client"})
"""The rhythms a customer moves between as she goes quiet (or comes back)."""
SEEN_THROUGH_AFTER_NO = frozenset({BACKORDER, CORPORATE_BACKORDER})
"""After "not interested", the calls that are about what she already ordered, not selling:
her backordered item still has to reach her."""
STARTABLE = ("three-three-three", "lead", "prospect", "circle", "referral-partner")
"""The playbooks she may put a contact on by hand."""

# Steps
REORDER_STEP = "reorder"
GUEST_MORNING_AFTER = "guest-morning-after"
MORNING_AFTER_STEPS = ("morning-after", GUEST_MORNING_AFTER)
ORDER_NEWS_STEPS = ("order-placed", "touch-base")
"""An order's first call: "it is in" at a party, "thank you, started?" for a new customer."""

# Party guests' flags (a run's flags), as the party playbook's steps test them
WANTS_TO_BOOK = "wants-to-book"
WANTS_INFO = "wants-info"
ASSIGNMENT = "assignment"
"""A new partner's event run: she has an assignment, so the day-after call is made."""

APPOINTMENT = "appointment"
"""A senior partner meets the team: it reminds her alone."""
EVENT_KINDS = (
    "team-event",
    "big-event",
    "conference-call",
    "reports",
    APPOINTMENT,
    NEW_CATALOGUE,
)


def guest_flags(wants_to_book: bool, wants_info: bool) -> frozenset[str]:
    """A guest's run flags: who asked to book, or for business information."""
    return frozenset(
        f for f, on in ((WANTS_TO_BOOK, wants_to_book), (WANTS_INFO, wants_info)) if on
    )


def takes_assignments(kind: str, library: Library | None = None) -> bool:
    """An assignment brings a new partner's day-after call: only events that remind new
    partners can carry one (not reports, an appointment or a new catalogue)."""
    library = library or default_library()
    return Level.NEW_PARTNER in library.events.get(kind, ())


def assignment_refusal(kind: str, library: Library | None = None) -> str:
    library = library or default_library()
    kinds = [k for k in EVENT_KINDS if takes_assignments(k, library)]
    return f"{kind} takes no assignment: only {', '.join(kinds)} remind new partners"
