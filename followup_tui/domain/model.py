"""Plain values of the follow-up domain: no UI, no database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    LEAD = "lead"
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    HOSTESS = "hostess"
    REFERRAL = "referral"
    REFERRAL_PARTNER = "referral-partner"
    CIRCLE = "circle"
    TEAM = "team"


class Level(StrEnum):
    NEW_PARTNER = "new-partner"
    NEW_LEADER = "new-leader"
    MATURE_LEADER = "mature-leader"
    SENIOR_PARTNER = "senior-partner"


class Category(StrEnum):
    DETOX = "detox"
    NUTRITION = "nutrition"
    SKINCARE = "skincare"
    HOME = "home"
    OTHER = "other"


class Channel(StrEnum):
    CALL = "call"
    TEXT = "text"
    EMAIL = "email"
    CARD = "card"


class Reach(StrEnum):
    """How a worked touch went."""

    REACHED = "reached"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no-answer"
    TEXTED = "texted"
    EMAILED = "emailed"
    CARD_SENT = "card-sent"

    @property
    def got_through(self) -> bool:
        """False when the touch has to be tried again."""
        return self not in (Reach.VOICEMAIL, Reach.NO_ANSWER)


class Said(StrEnum):
    """What was said, when reached."""

    ALL_GOOD = "all-good"
    ISSUE = "issue"
    RESOLVED = "resolved"
    NOT_STARTED = "not-started"
    CALL_ON = "call-on"
    MEETING = "meeting"
    """The next meeting is set for a date (a prospect's calls)."""
    WANTS_TO_HOST = "wants-to-host"
    WANTS_TO_JOIN = "wants-to-join"
    REFERRAL = "referral"
    REORDER = "reorder"
    NOT_INTERESTED = "not-interested"
    DO_NOT_CONTACT = "do-not-contact"

    @property
    def needs_date(self) -> bool:
        return self in (Said.NOT_STARTED, Said.CALL_ON, Said.MEETING)


class TouchStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"
    ENDED = "ended"


class RunStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


def team_level(kind: Kind, level: Level | None) -> Level | None:
    """A team member's level (new partner until told otherwise); nobody else has one."""
    if kind is not Kind.TEAM:
        return None
    return level or Level.NEW_PARTNER


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    kind: Kind
    level: Level | None = None
    phone: str | None = None
    email: str | None = None
    met_at: str | None = None
    met_on: date | None = None
    referred_by_id: int | None = None
    do_not_contact: bool = False
    discreet: bool = False
    is_me: bool = False
    created_on: date | None = None
    said_no_on: date | None = None
    """The day she said "not interested", while that stands: no selling call, no
    broadcast, no team event; only a gentle reconnect."""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def followed_up(self) -> bool:
        return not (self.do_not_contact or self.is_me)


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: Category
    reorder_day: int | None
    price_cents: int | None = None


@dataclass(frozen=True)
class OrderLine:
    sku: str
    product_name: str
    category: Category
    reorder_day: int | None
    quantity: int = 1
    backordered: bool = False
    corporate: bool = False


@dataclass(frozen=True)
class Order:
    id: int
    contact_id: int
    ordered_on: date
    lines: tuple[OrderLine, ...]
    delivered_on: date | None = None
    party_id: int | None = None


@dataclass(frozen=True)
class Run:
    """One playbook running for one contact: where it is and what it counts from."""

    id: int
    contact_id: int
    playbook: str
    anchor: date
    position: str | None = None
    """Slug of the last step worked (None before the first)."""
    status: RunStatus = RunStatus.ACTIVE
    category: Category | None = None
    order_id: int | None = None
    reorder_day: int | None = None
    delivery: date | None = None
    track: str = "steps"
    """Which of the playbook's step lists: steps, guest (party guests) or event (team)."""
    issue_open: bool = False
    asked_callback: bool = False
    had_issue: bool = False
    flags: frozenset[str] = field(default_factory=frozenset)
    started: date | None = None
    """The day it began: a step whose day had passed by then is due that day, not late."""


@dataclass(frozen=True)
class Touch:
    id: int
    contact_id: int
    playbook: str
    step: str
    due: date
    channel: Channel
    priority: int
    run_id: int | None = None
    status: TouchStatus = TouchStatus.PENDING
    attempt: int = 1
    is_issue: bool = False
    order_id: int | None = None
    title: str | None = None
    time: str | None = None
    """"18:00" when she asked to be called at a time; most touches have a day alone."""

    def overdue_days(self, today: date) -> int:
        return max(0, (today - self.due).days)


@dataclass(frozen=True)
class Outcome:
    reach: Reach
    said: Said | None = None
    on: date | None = None
    """The date carried by not-started / call-on / meeting."""
    note: str | None = None
    referral_name: str | None = None
    choice: str | None = None
    """On a corporate backorder: wait, substitute or refund."""
    skus: tuple[str, ...] = ()
    """The products: of a reorder (one sku per item), or a substitute's replacement."""
    referral_phone: str | None = None
    referral_email: str | None = None
    referral_about: str | None = None
    """A line about the referred person, for her card."""
    at: str | None = None
    """"18:00": a time said with `on` ("call me tue after 6"); kept on the touch it sets."""


@dataclass(frozen=True)
class NewContact:
    name: str
    kind: Kind
    level: Level | None = None
    phone: str | None = None
    email: str | None = None
    met_at: str | None = None
    met_on: date | None = None
    facts: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    referred_by: int | None = None


@dataclass(frozen=True)
class ContactChanges:
    """The editable fields of a contact, all given (an edit form sends the whole record)."""

    name: str
    kind: Kind
    level: Level | None
    phone: str | None
    email: str | None
    met_at: str | None
    met_on: date | None
    discreet: bool
    do_not_contact: bool
