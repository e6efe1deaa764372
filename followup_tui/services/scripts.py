"""The call script of a touch, filled in with what the book knows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import ContactRow, EventRow, OrderRow, PartyRow, RunRow, TouchRow
from followup_tui.domain import roles
from followup_tui.domain.channels import VOICEMAIL_SCRIPT
from followup_tui.domain.model import Order
from followup_tui.domain.orders import checked_category
from followup_tui.domain.schedule import MEETING_FLAG, backorder_deadline
from followup_tui.domain.scripts import RenderedScript, render, script_for
from followup_tui.domain.unnamed import UNNAMED, without_my_name
from followup_tui.errors import InputError
from followup_tui.services._runs import contact_row_by_id
from followup_tui.services.settings import load_settings
from followup_tui.words import HIDDEN


def script_for_touch(
    db: Database, touch_id: int, today: date, *, discreet: bool = False
) -> RenderedScript:
    """The touch's call script, filled in with the contact, the order and the facts.

    Discreet: product names and facts are masked, so the screen can stay open at a party.
    A contact marked discreet: the script first says to leave no detail on her voicemail.
    """
    settings = load_settings(db)
    with db.read() as session:
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None:
            raise InputError(f"no touch with id {touch_id}")
        contact = contact_row_by_id(session, touch_row.contact_id)
        run = session.get(RunRow, touch_row.run_id) if touch_row.run_id else None
        order = _order_about(session, touch_row, run)
        referrer = (
            session.get(ContactRow, contact.referred_by_id) if contact.referred_by_id else None
        )
        party = session.get(PartyRow, run.party_id) if run and run.party_id else None
        hostess = session.get(ContactRow, party.hostess_id) if party else None
        event = session.get(EventRow, run.event_id) if run and run.event_id else None
        values: dict[str, str | None] = {
            # No name yet (left for later on the first start): left out, not "[me?]".
            "me": settings.consultant_name or UNNAMED,
            "webshop": settings.webshop,
            "name": contact.name,
            "first_name": repo.to_contact(contact).first_name,
            "met_at": contact.met_at,
            "referred_by": referrer.name if referrer else None,
            "category": (run.category if run else None) or _order_category(order),
            "product": (
                _running_out(session, contact.id, run)
                if touch_row.step == roles.REORDER_STEP and run is not None
                else _product_names(order, touch_row.playbook)
            ),
            "order_date": _day(order.ordered_on) if order else None,
            "start_date": _day(run.anchor_on) if run else None,
            "delivery_date": _day(order.delivered_on) if order and order.delivered_on else None,
            # Only the backorder scripts say it: counting business days loads the holidays.
            "deadline": (
                _day(backorder_deadline(order.ordered_on, settings.holiday_country))
                if order and touch_row.playbook in roles.BACKORDER_PLAYBOOKS
                else None
            ),
            "party_date": _day(party.held_on) if party else None,
            "hostess": hostess.name.split()[0] if hostess else None,
            "meeting_date": (
                _day(run.anchor_on) if run and MEETING_FLAG in run.flags.split() else None
            ),
            "event": (event.title or EVENT_SCRIPT_WORDS.get(event.kind)) if event else None,
            "event_date": _day(event.held_on) if event else None,
        }
        known_facts = repo.facts(session, contact.id)
        call_only = contact.discreet
    if discreet:
        known_facts = {key: HIDDEN for key in known_facts}
        values["product"] = HIDDEN if values["product"] else None
    script = render(
        script_for(touch_row.playbook, touch_row.step), values, known_facts, discreet=discreet
    )
    if call_only:
        script = no_voicemail_detail(script, values)
    return script if settings.consultant_name else without_my_name(script)


def no_voicemail_detail(script: RenderedScript, values: dict[str, str | None]) -> RenderedScript:
    """`script` headed by the words for her voicemail: none but a name and "call me back"."""
    voicemail = render(script_for("common", VOICEMAIL_SCRIPT), values, {})
    return replace(
        script,
        text=f"{voicemail.text}\n{script.text}",
        checklist=voicemail.checklist + script.checklist,
        blanks=tuple(dict.fromkeys(voicemail.blanks + script.blanks)),
    )


# How a script names an event that was given no title: "Today's the day: {event}."
EVENT_SCRIPT_WORDS = {
    "team-event": "the team event",
    "big-event": "the big event",
    "conference-call": "the conference call",
    "reports": "reports day",
    "appointment": "your appointment with my team",
    "new-catalogue": "the new catalogue",
}


def _order_about(session: Session, touch_row: TouchRow, run: RunRow | None) -> Order | None:
    """The order a touch is about: its own or its run's; else, for a call with no order
    of its own (an issue, a check-in, a re-engage call), the contact's latest order."""
    order_id = touch_row.order_id or (run.order_id if run else None)
    if order_id is None:
        order_id = session.scalar(
            select(OrderRow.id)
            .where(OrderRow.contact_id == touch_row.contact_id)
            .order_by(OrderRow.ordered_on.desc(), OrderRow.id.desc())
            .limit(1)
        )
    return repo.order(session, order_id) if order_id else None


def _order_category(order: Order | None) -> str | None:
    """The category a script's checklist follows for an order, as when the order started
    its playbook."""
    if order is None:
        return None
    found = checked_category(line.category for line in order.lines)
    return found.value if found else None


def _running_out(session: Session, contact_id: int, run: RunRow) -> str | None:
    """What a reorder call is about: every product, from any order, running out that day."""
    if run.reorder_day is None:
        return None
    when = run.anchor_on + timedelta(days=run.reorder_day)
    names = [
        line.product_name
        for order in repo.orders(session, contact_id)
        for line in order.lines
        if line.reorder_day is not None
        and order.ordered_on + timedelta(days=line.reorder_day) == when
    ]
    return ", ".join(dict.fromkeys(names)) or None


def _product_names(order: Order | None, playbook: str) -> str | None:
    if order is None:
        return None
    lines = order.lines
    if playbook in roles.BACKORDER_PLAYBOOKS:
        lines = tuple(line for line in lines if line.backordered) or lines
    return ", ".join(line.product_name for line in lines)


def _day(value: date) -> str:
    return f"{value:%A %-d %B}"


def message_for_touch(
    db: Database, touch_id: int, today: date, *, discreet: bool = False
) -> str | None:
    """The filled message she sends from her phone for a text or email touch; None for a
    call or a card. (First cut: the script's opening lines; the scripts' own short text
    versions replace this.)"""
    with db.read() as session:
        touch_row = session.get(TouchRow, touch_id)
        if touch_row is None:
            raise InputError(f"no touch with id {touch_id}")
        channel = touch_row.channel
    if channel not in ("text", "email"):
        return None
    script = script_for_touch(db, touch_id, today, discreet=discreet)
    return script.text.split("\n\n")[0].strip()
