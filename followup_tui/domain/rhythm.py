"""Who falls back to which rhythm once her playbooks end, and the states derived from
dates alone: an inactive customer after 90 quiet days, a past client after 730."""

from __future__ import annotations

from datetime import date

from followup_tui.domain.dates import add_days
from followup_tui.domain.model import Contact, Kind
from followup_tui.domain.schedule import Rules


def fallback_key(
    contact: Contact,
    last_activity: date,
    today: date,
    rules: Rules,
    *,
    not_interested: bool = False,
) -> str:
    """The rhythm that keeps a contact in touch once all its playbooks have ended.

    Inactive customer and past client are derived from dates, never typed in.
    """
    idle = (today - last_activity).days
    if not_interested:
        return "not-interested"
    if idle >= rules.past_client_after_days:
        return "past-client"
    if contact.kind in (Kind.CUSTOMER, Kind.HOSTESS) and idle >= rules.inactive_after_days:
        return "inactive-customer"
    if contact.kind is Kind.TEAM and contact.level is not None:
        return contact.level.value
    return contact.kind.value


def quiet_state(contact: Contact, last_activity: date, on: date, rules: Rules) -> tuple[str, date]:
    """The rhythm key a contact has on `on` if nothing happens until then, and the first
    day she has it: a customer becomes inactive on exactly the 90th quiet day, a past
    client on the 730th (the days are her settings)."""
    key = fallback_key(contact, last_activity, on, rules)
    quiet_for = {
        "inactive-customer": rules.inactive_after_days,
        "past-client": rules.past_client_after_days,
    }
    return key, add_days(last_activity, quiet_for.get(key, 0))


QUIETER = ("inactive-customer", "past-client")
"""The derived states, from the least quiet; anything else comes before them."""


def is_quieter(key: str, than: str) -> bool:
    def rank(k: str) -> int:
        return QUIETER.index(k) + 1 if k in QUIETER else 0

    return rank(key) > rank(than)


def derived_state(contact: Contact, last_activity: date, today: date, rules: Rules) -> str | None:
    """'inactive customer' or 'past client' when the dates say so, for display."""
    key = fallback_key(contact, last_activity, today, rules)
    return {"inactive-customer": "inactive customer", "past-client": "past client"}.get(key)
