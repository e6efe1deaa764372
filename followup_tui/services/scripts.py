"""The call script of a touch, and the message a text touch sends, filled in with what
the book knows: the order and its backorders, the party, the referrer, the facts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_tui.config import Settings
from followup_tui.db import repository as repo
from followup_tui.db.engine import Database
from followup_tui.db.models import (
    ContactRow,
    EventRow,
    OrderLineRow,
    OrderRow,
    PartyRow,
    RunRow,
    TouchRow,
)
from followup_tui.domain import roles
from followup_tui.domain.channels import VOICEMAIL_SCRIPT
from followup_tui.domain.model import Order
from followup_tui.domain.orders import checked_category
from followup_tui.domain.schedule import MEETING_FLAG, backorder_deadline
from followup_tui.domain.scripts import RenderedScript, render, render_message, script_for
from followup_tui.domain.speech import pronoun_words, spoken_products
from followup_tui.domain.unnamed import UNNAMED, without_my_name
from followup_tui.errors import InputError
from followup_tui.safe_text import shown_line
from followup_tui.services._runs import contact_row_by_id
from followup_tui.services.settings import load_settings
from followup_tui.words import HIDDEN

PRODUCT_VALUES = ("product", "backorder")
"""The values that name products: masked in discreet mode, never in a discreet message."""


@dataclass(frozen=True)
class Situation:
    """What a touch's script is filled from."""

    playbook: str
    step: str
    channel: str
    values: dict[str, str | None]
    facts: dict[str, str]
    conditions: frozenset[str]
    full_names: tuple[str, ...]
    call_only: bool
    """A contact marked discreet: nothing on her voicemail but a name."""


def script_for_touch(
    db: Database, touch_id: int, today: date, *, discreet: bool = False
) -> RenderedScript:
    """The touch's call script, filled in with the contact, the order and the facts.

    Discreet: product names and facts are masked, so the screen can stay open at a party.
    A contact marked discreet: the script first says to leave no detail on her voicemail.
    """
    found = situation(db, touch_id, today)
    values, facts = found.values, found.facts
    if discreet:
        facts = {key: HIDDEN for key in facts}
        values = values | {key: HIDDEN for key in PRODUCT_VALUES if values.get(key)}
    script = render(
        script_for(found.playbook, found.step),
        values,
        facts,
        discreet=discreet,
        conditions=found.conditions,
        full_names=found.full_names,
    )
    if found.call_only:
        script = no_voicemail_detail(script, values)
    return without_my_name(script) if values["me"] == UNNAMED else script


def message_for_touch(
    db: Database, touch_id: int, today: date, *, discreet: bool = False
) -> str | None:
    """The filled message she sends from her phone for a text or email touch (the step's
    `Text:` block); None for a call or a card. Discreet: no product named, no fact."""
    found = situation(db, touch_id, today)
    if found.channel not in ("text", "email"):
        return None
    values, facts = found.values, found.facts
    if discreet:
        facts = {}
        values = values | dict.fromkeys(PRODUCT_VALUES)
    script = script_for(found.playbook, found.step)
    message = render_message(
        script,
        values,
        facts,
        discreet=discreet,
        conditions=found.conditions,
        full_names=found.full_names,
    )
    if message is None:  # her own script with no Text: block: its opening words
        said = render(script, values, facts, discreet=discreet, conditions=found.conditions)
        message = said.text.split("\n\n")[0]
    if values["me"] == UNNAMED:
        message = without_my_name(RenderedScript(message, (), (), ())).text
    return message.strip() or None


def situation(db: Database, touch_id: int, today: date) -> Situation:
    """Everything the book knows that a touch's script may say."""
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
        party_id = (run.party_id if run else None) or (order.party_id if order else None)
        party = session.get(PartyRow, party_id) if party_id else None
        hostess = session.get(ContactRow, party.hostess_id) if party else None
        event = session.get(EventRow, run.event_id) if run and run.event_id else None
        waiting = _still_backordered(session, order)
        first_name = repo.to_contact(contact).first_name
        known_facts = repo.facts(session, contact.id)
        values: dict[str, str | None] = {
            # No name yet (left for later on the first start): left out, not "[me?]".
            "me": settings.consultant_name or UNNAMED,
            "webshop": settings.webshop,
            "name": contact.name,
            "first_name": first_name,
            "met_at": contact.met_at,
            "referred_by": referrer.name if referrer else None,
            "category": (run.category if run else None) or _order_category(order),
            "product": (
                _running_out(session, contact.id, run)
                if touch_row.step == roles.REORDER_STEP and run is not None
                else _product_names(order, touch_row.playbook)
            ),
            "backorder": spoken_products(waiting) or None,
            "order_date": _day(order.ordered_on) if order else None,
            "start_date": _day(run.anchor_on) if run else None,
            "delivery_date": _day(_delivery(order, settings)) if order else None,
            # Only a backorder is said with its date: counting business days loads the
            # holidays.
            "backorder_date": (
                _day(backorder_deadline(order.ordered_on, settings.holiday_country))
                if order and (waiting or touch_row.playbook in roles.BACKORDER_PLAYBOOKS)
                else None
            ),
            "party_date": _day(party.held_on) if party else None,
            "hostess": hostess.name.split()[0] if hostess else None,
            "meeting_date": (
                _day(run.anchor_on) if run and MEETING_FLAG in run.flags.split() else None
            ),
            "event": (event.title or EVENT_SCRIPT_WORDS.get(event.kind)) if event else None,
            "event_date": _day(event.held_on) if event else None,
            **pronoun_words(known_facts, first_name),
        }
        # The backorder scripts' own word for the date, kept for her edited copies.
        values["deadline"] = values["backorder_date"]
        conditions = _conditions(order, run, settings, today, waiting=bool(waiting))
        if referrer is not None:
            conditions |= {"referred"}
        if party is not None:
            conditions |= {"party"}
        # Facts, where she met, her name and web shop are typed or imported: a shared
        # CSV's ESC would retitle the window from the script pane and ride along in the
        # copied message and the QR code. Drawn as pictures there, on one line each.
        values = {key: shown_line(value) if value else value for key, value in values.items()}
        known_facts = {key: shown_line(value) for key, value in known_facts.items()}
        return Situation(
            playbook=touch_row.playbook,
            step=touch_row.step,
            channel=touch_row.channel,
            values=values,
            facts=known_facts,
            conditions=frozenset(conditions),
            full_names=tuple(n for n in (values["name"], values["referred_by"]) if n),
            call_only=contact.discreet,
        )


def _conditions(
    order: Order | None, run: RunRow | None, settings: Settings, today: date, *, waiting: bool
) -> set[str]:
    """The script conditions an order and a run make true (domain/scripts.py CONDITIONS)."""
    held = set(run.flags.split()) & {roles.WANTS_TO_BOOK, roles.WANTS_INFO} if run else set()
    if order is not None:
        held.add("ordered")
        if waiting:
            held.add("backordered")
        # A delivery dated after today (the bulk demo writes some) is only expected.
        if order.delivered_on is not None and order.delivered_on <= today:
            held.add("delivered")
        elif _delivery(order, settings) > today:
            held.add("on-its-way")
    return held


def _delivery(order: Order, settings: Settings) -> date:
    """When the order reaches her: the logged date, else the estimate (an estimate is
    never stored as a delivery, so a call can tell the two apart)."""
    return order.delivered_on or order.ordered_on + timedelta(days=settings.delivery_estimate_days)


def _still_backordered(session: Session, order: Order | None) -> list[str]:
    """The products of the order still waited for: backordered, not delivered, not
    refunded."""
    if order is None or order.delivered_on is not None:
        return []
    lines = session.scalars(
        select(OrderLineRow)
        .where(OrderLineRow.order_id == order.id, OrderLineRow.backordered.is_(True))
        .order_by(OrderLineRow.id)
    )
    return [
        line.product.name
        for line in lines
        if line.delivered_on is None and line.backorder_choice != "refund"
    ]


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
    """The order a touch is about: its own or its run's; for a party's call, the one she
    placed at that party (or none: an older order is not "your order is in"); else, for a
    call with no order of its own (an issue, a check-in, a re-engage call), the contact's
    latest order."""
    order_id = touch_row.order_id or (run.order_id if run else None)
    if order_id is None:
        latest = (
            select(OrderRow.id)
            .where(OrderRow.contact_id == touch_row.contact_id)
            .order_by(OrderRow.ordered_on.desc(), OrderRow.id.desc())
            .limit(1)
        )
        if run is not None and run.party_id is not None:
            latest = latest.where(OrderRow.party_id == run.party_id)
        order_id = session.scalar(latest)
    return repo.order(session, order_id) if order_id else None


def _order_category(order: Order | None) -> str | None:
    """The category a script's checklist follows for an order: the first that needs
    checking on, else the first product's (an order with no category has no checks)."""
    if order is None or not order.lines:
        return None
    found = checked_category(line.category for line in order.lines) or order.lines[0].category
    return found.value


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
    return spoken_products(names) or None


def _product_names(order: Order | None, playbook: str) -> str | None:
    if order is None:
        return None
    lines = order.lines
    if playbook in roles.BACKORDER_PLAYBOOKS:
        lines = tuple(line for line in lines if line.backordered) or lines
    return spoken_products(line.product_name for line in lines) or None


def _day(value: date) -> str:
    return f"{value:%A %-d %B}"
