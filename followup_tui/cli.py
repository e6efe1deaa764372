"""The `followup` command: the app with no sub-command, scriptable sub-commands otherwise.

Bad input prints one line to stderr and exits 2, having written nothing. Textual is
never imported here unless the app is opened, so shell commands start quickly.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from datetime import date as Day  # Context.date (a method) hides the type inside the class
from pathlib import Path
from typing import Any, NoReturn, TextIO

from followup_tui import clock
from followup_tui.domain.model import Category, Kind, Outcome, Reach, Said
from followup_tui.errors import InputError
from followup_tui.words import counted, days_left_words

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """argparse's complaint, raised instead of exiting so main() words it once."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _common() -> Parser:
    # SUPPRESS as default: an option given before the sub-command is not
    # overwritten by the sub-parser's default when it is absent after it.
    common = Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database file or SQLAlchemy URL")
    common.add_argument("--today", default=argparse.SUPPRESS, help="pretend today is YYYY-MM-DD")
    return common


def build_parser() -> Parser:
    common = _common()
    parser = Parser(prog="followup", parents=[common], description=__doc__)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help_text, description=help_text)

    add = command("add", "add a contact and start the playbook for its kind")
    add.add_argument("name")
    add.add_argument("--kind", required=True, help=", ".join(k.value for k in Kind))
    add.add_argument("--level", help="team level: new-partner, new-leader, mature-leader, ...")
    add.add_argument("--phone")
    add.add_argument("--email")
    add.add_argument("--met-at", help="where you met")
    add.add_argument("--met-on", help="when you met (YYYY-MM-DD)")
    add.add_argument("--fact", action="append", default=[], help="KEY=VALUE, e.g. perfume=Chanel")
    add.add_argument("--note")
    add.add_argument("--referred-by", type=_contact_id, help="id of who referred them")

    order = command("order", "record an order")
    order.add_argument("contact_id", type=_contact_id)
    order.add_argument("skus", nargs="+", metavar="SKU")
    order.add_argument("--on", help="order date (default today)")
    order.add_argument("--backorder", action="append", default=[], metavar="SKU")
    order.add_argument("--corporate", action="store_true", help="the backorder is at the company")
    order.add_argument("--delivered", help="delivery date, when known")
    order.add_argument("--party", type=_contact_id, metavar="PARTY_ID", help="ordered at a party")

    party = command("party", "parties: new, guest")
    party_sub = party.add_subparsers(dest="party_command", parser_class=Parser, required=True)
    party_new = party_sub.add_parser("new", parents=[common], help="a new party")
    party_new.add_argument("hostess_id", type=_contact_id, metavar="HOSTESS_ID")
    party_new.add_argument("--on", required=True, help="the party date")
    party_new.add_argument("--place")
    party_guest = party_sub.add_parser("guest", parents=[common], help="add a guest")
    party_guest.add_argument("party_id", type=_contact_id, metavar="PARTY_ID")
    party_guest.add_argument("contact_id", type=_contact_id, metavar="CONTACT_ID")
    party_guest.add_argument("--wants-to-book", action="store_true")
    party_guest.add_argument("--wants-info", action="store_true", help="business information")

    parties = command("parties", "upcoming and past parties, guests, sales, bookings")
    parties.add_argument("--json", action="store_true")

    event = command("event", "team events and new catalogues")
    event_sub = event.add_subparsers(dest="event_command", parser_class=Parser, required=True)
    event_new = event_sub.add_parser("new", parents=[common], help="a new event")
    event_new.add_argument(
        "kind", help="team-event, big-event, conference-call, reports, appointment, new-catalogue"
    )
    event_new.add_argument("--on", required=True, help="the event date")
    event_new.add_argument("--title")
    event_new.add_argument(
        "--assignment",
        action="append",
        type=_contact_id,
        default=[],
        metavar="CONTACT_ID",
        help="a new partner with an assignment",
    )

    team = command("team", "team members by level, with their next reminder")
    team.add_argument("--json", action="store_true")

    backorders = command("backorders", "open backorders, soonest deadline first")
    backorders.add_argument("--json", action="store_true")

    delivered = command("delivered", "an order arrived: backorder calls end")
    delivered.add_argument("order_id", type=_contact_id, metavar="ORDER_ID")
    delivered.add_argument("--on", help="delivery date (default today)")

    log = command("log", "log how a touch went; the next touch is scheduled")
    log.add_argument("touch_id", type=_contact_id, metavar="TOUCH_ID")
    log.add_argument("reach", help=", ".join(r.value for r in Reach))
    log.add_argument("--said", help=", ".join(s.value for s in Said))
    log.add_argument("--date", help="the date for not-started, call-on and meeting")
    log.add_argument("--name", help="the referred person, for --said referral")
    log.add_argument("--note")
    log.add_argument("--on", help="when the touch was worked (default today)")
    log.add_argument("--choice", help="corporate backorder: wait, substitute or refund")

    today = command("today", "today's calls: referrals first, then overdue, then today's")
    today.add_argument("--json", action="store_true")

    show = command("show", "a contact: facts, notes, next touches and history")
    show.add_argument("contact_id", type=_contact_id)
    show.add_argument("--json", action="store_true")

    contacts = command("contacts", "list contacts")
    contacts.add_argument("--kind")
    contacts.add_argument("--search")
    contacts.add_argument("--json", action="store_true")

    products = command("products", "the product catalogue")
    products.add_argument("--category", help=", ".join(c.value for c in Category))
    products.add_argument("--json", action="store_true")

    note = command("note", "add a note to a contact")
    note.add_argument("contact_id", type=_contact_id)
    note.add_argument("text")

    settings = command("settings", "show settings, or set one: followup settings KEY VALUE")
    settings.add_argument("key", nargs="?")
    settings.add_argument("value", nargs="?")
    settings.add_argument("--json", action="store_true")

    start = command("start", "put a contact on a playbook, e.g. three-three-three")
    start.add_argument("contact_id", type=_contact_id)
    start.add_argument("playbook")

    command("capture", "quick-add a contact full-screen, then exit")

    imports = command("import", "bring contacts in from a CSV or vCard file")
    imports.add_argument("file", metavar="FILE", help=".csv (any columns) or .vcf")
    imports.add_argument("--kind", help="kind for rows whose file names none (default circle)")
    imports.add_argument(
        "--on-duplicate",
        default="skip",
        metavar="skip|merge|add",
        help="a row like a contact you have: skip it (default), merge it in, or add anyway",
    )
    imports.add_argument("--dry-run", action="store_true", help="say what would happen only")

    export = command("export", "write contacts (.csv, .vcf) or the call plan (.ics)")
    export.add_argument("file", metavar="FILE", help="the format follows the extension")
    export.add_argument("--kind", help="only contacts of this kind")
    export.add_argument("--days", type=int, default=30, help="calendar: days ahead (default 30)")

    backup = command("backup", "a consistent copy of the database, safe while the app is open")
    backup.add_argument(
        "dest", nargs="?", metavar="DEST", help="file or folder (default: backups/)"
    )

    restore = command("restore", "replace the database with a backup (the old one is kept)")
    restore.add_argument("file", metavar="FILE")

    demo = command("demo", "fill the database with realistic demo data")
    demo.add_argument("--contacts", type=int, default=200, help="how many (default 200)")
    return parser


def _contact_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (ids start at 1)")
    if value >= 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (far too large)")
    return value


# --- commands ------------------------------------------------------------------------


class Context:
    """What every command needs: the database, today, and where to print."""

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.today = clock.today(getattr(args, "today", None))
        self._db: Any = None

    @property
    def db(self) -> Any:
        if self._db is None:
            from followup_tui.db.engine import open_database
            from followup_tui.paths import database_url

            self._db = open_database(database_url(getattr(self.args, "db", None)))
        return self._db

    def date(self, text: str | None) -> date | None:
        return clock.parse_date(text, self.today) if text else None

    def required_date(self, text: str | None, flag: str) -> Day:
        if not text or not text.strip():
            raise InputError(f"{flag} needs a date: YYYY-MM-DD")
        return clock.parse_date(text, self.today)

    def print(self, text: str = "") -> None:
        # A note may hold an escape sequence: shown, never obeyed by the terminal.
        shown = "".join(
            ch if ch.isprintable() or ch == "\n" else ch.encode("unicode_escape").decode()
            for ch in text
        )
        print(shown, file=self.out)

    def json(self, value: object) -> None:
        json.dump(value, self.out, indent=2, ensure_ascii=False, default=_jsonable)
        self.out.write("\n")


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(value) if isinstance(value, frozenset | set) else list(value)
    return str(value)


def cmd_add(ctx: Context) -> None:
    # services.adding writes through the Core tables: no ORM class is mapped for a quick add.
    from followup_tui.domain.model import NewContact
    from followup_tui.services import adding, settings
    from followup_tui.validation import (
        clean_name,
        normalise_email,
        normalise_phone,
        parse_fact,
        parse_kind,
        parse_level,
    )

    a = ctx.args
    kind = parse_kind(a.kind)
    level = parse_level(a.level) if a.level else None
    region = settings.load_settings(ctx.db).phone_region
    new = NewContact(
        name=clean_name(a.name),
        kind=kind,
        level=level,
        phone=normalise_phone(a.phone, region) if a.phone else None,
        email=normalise_email(a.email) if a.email else None,
        met_at=a.met_at.strip() if a.met_at else None,
        met_on=ctx.date(a.met_on),
        facts=tuple(parse_fact(f) for f in a.fact),
        note=a.note if a.note and a.note.strip() else None,
        referred_by=a.referred_by,
    )
    if new.met_on and new.met_on > ctx.today:
        raise InputError("--met-on cannot be in the future")
    ctx.print(str(adding.add_contact(ctx.db, new, ctx.today)))


def cmd_order(ctx: Context) -> None:
    from followup_tui.services import orders

    a = ctx.args
    order_id = orders.record_order(
        ctx.db,
        a.contact_id,
        a.skus,
        ctx.today,
        ordered_on=ctx.date(a.on),
        backorders=a.backorder,
        corporate=a.corporate,
        delivered_on=ctx.date(a.delivered),
        party_id=a.party,
    )
    ctx.print(str(order_id))


def cmd_party(ctx: Context) -> None:
    from followup_tui.services import parties

    a = ctx.args
    if a.party_command == "new":
        held_on = ctx.required_date(a.on, "--on")
        party_id = parties.new_party(ctx.db, a.hostess_id, held_on, ctx.today, place=a.place)
        ctx.print(str(party_id))
    else:
        parties.add_guest(
            ctx.db,
            a.party_id,
            a.contact_id,
            ctx.today,
            wants_to_book=a.wants_to_book,
            wants_info=a.wants_info,
        )


def _money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def cmd_parties(ctx: Context) -> None:
    from followup_tui.services import parties

    found = parties.parties(ctx.db)
    if ctx.args.json:
        ctx.json([asdict(p) for p in found])
        return
    for p in found:
        when = "upcoming" if p.held_on >= ctx.today else "past"
        ctx.print(
            f"#{p.id} {p.held_on.isoformat()} ({when}) {p.hostess}"
            + (f" at {p.place}" if p.place else "")
            + f": {len(p.guests)} guest{'' if len(p.guests) == 1 else 's'}, "
            + f"sales {_money(p.sales_cents)}"
            + (f", bookings: {', '.join(p.bookings)}" if p.bookings else "")
        )
        for g in p.guests:
            flags = [
                f
                for f, on in (("wants to book", g.wants_to_book), ("wants info", g.wants_info))
                if on
            ]
            ctx.print(
                f"    {g.name}: {_money(g.sales_cents)}"
                + (f" ({', '.join(flags)})" if flags else "")
            )


def cmd_event(ctx: Context) -> None:
    from followup_tui.services import team

    a = ctx.args
    held_on = ctx.required_date(a.on, "--on")
    event_id = team.new_event(
        ctx.db, a.kind, held_on, ctx.today, title=a.title, assignments=a.assignment
    )
    ctx.print(str(event_id))


def cmd_team(ctx: Context) -> None:
    from followup_tui.services import team

    members = team.team(ctx.db)
    if ctx.args.json:
        ctx.json([asdict(m) for m in members])
        return
    for m in members:
        due = f"{m.next_due.isoformat()} {m.next_title}" if m.next_due else "nothing scheduled"
        ctx.print(f"#{m.contact_id:<6} {m.name[:28]:<28} {m.level.value:<15} {due}")


def cmd_backorders(ctx: Context) -> None:
    from followup_tui.services import backorders

    found = backorders.open_backorders(ctx.db)
    if ctx.args.json:
        ctx.json([{**asdict(b), "days_left": b.days_left(ctx.today)} for b in found])
        return
    if not found:
        ctx.print("No open backorders.")
    rows = [
        (
            f"order #{b.order_id}",
            b.name,
            b.product,
            "corporate" if b.corporate else "local",
            f"due {b.deadline.isoformat()} ({days_left_words(b.days_left(ctx.today))}"
            + (f", chose {b.choice})" if b.choice else ")"),
        )
        for b in found
    ]
    for line in _aligned(rows):
        ctx.print(line)


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines, each column as wide as its widest cell (in terminal cells: a wide
    character counts two), so a long SKU or order id never pushes the next one along."""
    from rich.cells import cell_len

    widths = [max(map(cell_len, column)) for column in zip(*rows, strict=True)]
    return [
        " ".join(
            cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


def cmd_start(ctx: Context) -> None:
    from followup_tui.services import contacts

    for item in contacts.start_playbook(ctx.db, ctx.args.contact_id, ctx.args.playbook, ctx.today):
        ctx.print(f"Next: #{item.touch_id} {item.name}: {item.title} on {item.due.isoformat()}")


def cmd_delivered(ctx: Context) -> None:
    from followup_tui.services import orders

    on = ctx.date(ctx.args.on) or ctx.today
    orders.mark_delivered(ctx.db, ctx.args.order_id, on, ctx.today)


def cmd_log(ctx: Context) -> None:
    from followup_tui.services import calls

    a = ctx.args
    reach = _choice(Reach, a.reach, "reach")
    said = _choice(Said, a.said, "outcome") if a.said else None
    outcome = Outcome(
        reach=reach,
        said=said,
        on=ctx.date(a.date),
        note=a.note,
        referral_name=a.name,
        choice=a.choice.strip().lower() if a.choice else None,
    )
    logged = calls.log_outcome(ctx.db, a.touch_id, outcome, ctx.today, worked_on=ctx.date(a.on))
    if not logged.what_next:
        ctx.print("Logged. Nothing new scheduled.")
    for item in logged.what_next:
        ctx.print(f"Next: #{item.touch_id} {item.name}: {item.title} on {item.due.isoformat()}")


def _choice(enum: Any, text: str, what: str) -> Any:
    try:
        return enum(text.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InputError(f"unknown {what} {text!r}: use one of {choices}") from None


def cmd_today(ctx: Context) -> None:
    from followup_tui.services import calls

    items = calls.todays_calls(ctx.db, ctx.today)
    if ctx.args.json:
        ctx.json(
            [
                {
                    "touch_id": i.touch.id,
                    "contact_id": i.touch.contact_id,
                    "name": i.name,
                    "kind": i.kind.value,
                    "playbook": i.touch.playbook,
                    "step": i.touch.step,
                    "title": i.title,
                    "due": i.touch.due.isoformat(),
                    "channel": i.touch.channel.value,
                    "priority": i.touch.priority,
                    "attempt": i.touch.attempt,
                    "overdue_days": i.overdue_days(ctx.today),
                }
                for i in items
            ]
        )
        return
    overdue = sum(1 for i in items if i.overdue_days(ctx.today))
    ctx.print(
        f"{ctx.today:%a %d %b %Y}: {len(items)} to do" + (f", {overdue} overdue" if overdue else "")
    )
    for i in items:
        late = i.overdue_days(ctx.today)
        when = f"{late}d overdue" if late else "today"
        ctx.print(
            f"  #{i.touch.id:<6} {i.name[:24]:<24} {i.kind.value:<16} "
            f"{i.touch.channel.value:<5} {when:<12} {i.title}"
        )


def cmd_show(ctx: Context) -> None:
    from followup_tui.services import contact_views

    detail = contact_views.contact_detail(ctx.db, ctx.args.contact_id, ctx.today)
    if ctx.args.json:
        data = asdict(detail)
        data["pending"] = [
            {**asdict(p.touch), "title": p.title, "overdue_days": p.touch.overdue_days(ctx.today)}
            for p in detail.pending
        ]
        data["deadlines"] = {str(k): v for k, v in detail.deadlines.items()}
        ctx.json(data)
        return
    c = detail.contact
    kind = c.kind.value + (f" ({c.level.value})" if c.level else "")
    if detail.derived:
        kind += f", {detail.derived}"
    ctx.print(f"#{c.id} {c.name}: {kind}" + ("  [do not contact]" if c.do_not_contact else ""))
    for label, value in (
        ("phone", c.phone),
        ("email", c.email),
        ("met", ", ".join(x for x in (c.met_at, c.met_on and c.met_on.isoformat()) if x)),
        ("referred by", detail.referred_by),
    ):
        if value:
            ctx.print(f"  {label}: {value}")
    if c.kind is Kind.LEAD:
        ctx.print(f"  touches: {detail.touches_had} of the {detail.decision_touches} it takes")
    if detail.facts:
        ctx.print("Facts:")
        for key, value in detail.facts.items():
            ctx.print(f"  {key}: {value}")
    if detail.notes:
        ctx.print("Notes:")
        for n in detail.notes:
            ctx.print(f"  {n.written_on.isoformat()}  {n.body}")
    if detail.orders:
        ctx.print("Orders:")
        for o in detail.orders:
            lines = ", ".join(
                f"{line.product_name}" + (" (backorder)" if line.backordered else "")
                for line in o.lines
            )
            deadline = detail.deadlines.get(o.id)
            due = (
                f"; backorder due by {deadline.isoformat()} "
                f"({days_left_words((deadline - ctx.today).days)})"
                if deadline
                else ""
            )
            ctx.print(f"  #{o.id} {o.ordered_on.isoformat()}  {lines}{due}")
    ctx.print("Next:")
    if not detail.pending:
        ctx.print("  nothing scheduled")
    for p in detail.pending:
        ctx.print(f"  #{p.touch.id} {p.touch.due.isoformat()} {p.touch.channel.value}: {p.title}")
    if detail.history:
        ctx.print("History:")
        for h in detail.history:
            said = f", {h.said_words}" if h.said else ""
            note = f": {h.note}" if h.note else ""
            ctx.print(f"  {h.occurred_on.isoformat()} {h.title} ({h.reach.value}{said}){note}")


def cmd_contacts(ctx: Context) -> None:
    from followup_tui.services import contact_views
    from followup_tui.validation import parse_kind

    a = ctx.args
    found = contact_views.find_contacts(
        ctx.db, kind=parse_kind(a.kind) if a.kind else None, search=a.search
    )
    if a.json:
        ctx.json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "kind": c.kind.value,
                    "level": c.level.value if c.level else None,
                    "phone": c.phone,
                    "email": c.email,
                    "do_not_contact": c.do_not_contact,
                }
                for c in found
            ]
        )
        return
    for c in found:
        ctx.print(
            f"#{c.id:<6} {c.name[:30]:<30} {c.kind.value:<16} {c.phone or '':<16} {c.email or ''}"
        )


def cmd_products(ctx: Context) -> None:
    from followup_tui.services import orders

    category = _choice(Category, ctx.args.category, "category") if ctx.args.category else None
    products = orders.catalogue(ctx.db, category)
    if ctx.args.json:
        ctx.json([asdict(p) for p in products])
        return
    rows = [
        (
            p.sku,
            p.name,
            p.category.value,
            f"reorder day {p.reorder_day}" if p.reorder_day else "no reorder",
        )
        for p in products
    ]
    for line in _aligned(rows):
        ctx.print(line)


def cmd_note(ctx: Context) -> None:
    from followup_tui.services import contacts

    contacts.add_note(ctx.db, ctx.args.contact_id, ctx.args.text, ctx.today)


def cmd_settings(ctx: Context) -> None:
    from dataclasses import replace

    from followup_tui.config import CHECKS, SETTING_NAMES, Settings
    from followup_tui.services import settings

    a = ctx.args
    current = settings.load_settings(ctx.db)
    if a.key is None:
        if a.json:
            ctx.json(asdict(current))
        for key, value in current.as_pairs().items():
            if not a.json:
                ctx.print(f"{key} = {value}")
        return
    if a.key not in SETTING_NAMES:
        raise InputError(f"unknown setting {a.key!r}: use one of {', '.join(SETTING_NAMES)}")
    if a.value is None:
        ctx.print(current.as_pairs()[a.key])
        return
    error = CHECKS[a.key](a.value)
    if error:
        raise InputError(f"{a.key}: {error}")
    value = a.value.strip().upper() if a.key == "phone_region" else a.value.strip()
    updated = Settings.from_pairs({**current.as_pairs(), a.key: value})
    settings.save_settings(ctx.db, replace(updated))


DEMO_MAX = 1_000_000


def cmd_demo(ctx: Context) -> None:
    from followup_tui import demo

    if ctx.args.contacts < 1:
        raise InputError("--contacts needs a positive number")
    if ctx.args.contacts > DEMO_MAX:
        # Unbounded, a typo like 99999999999 fills the disk for days.
        raise InputError(f"--contacts takes at most {DEMO_MAX:,} (a demo, not a phone book)")
    from followup_tui.services import contact_views

    if contact_views.find_contacts(ctx.db, limit=1):
        raise InputError("this database already has contacts: demo data goes into an empty one")
    made = demo.fill(ctx.db, ctx.args.contacts, ctx.today)
    ctx.print(f"Demo data: {counted(made, 'contact')}")


# --- import, export, backup -----------------------------------------------------------

EXPORT_FORMATS = (".csv", ".vcf", ".ics")


def cmd_import(ctx: Context) -> None:
    from followup_tui.services import settings, transfer
    from followup_tui.transfer.files import read_contacts_file
    from followup_tui.transfer.plan import Action, OnDuplicate, plan_import
    from followup_tui.validation import parse_kind
    from followup_tui.words import file_words

    a = ctx.args
    kind = parse_kind(a.kind) if a.kind else Kind.CIRCLE
    try:
        on_duplicate = OnDuplicate(a.on_duplicate)
    except ValueError:
        raise InputError("--on-duplicate takes skip, merge or add") from None
    path = Path(a.file).expanduser()
    try:
        found = read_contacts_file(path)
    except OSError as exc:  # a name too long, a file where a folder should be
        raise InputError(file_words("read", path, exc)) from None
    region = settings.load_settings(ctx.db).phone_region
    plan = plan_import(
        found,
        transfer.known_contacts(ctx.db),
        default_kind=kind,
        region=region,
        on_duplicate=on_duplicate,
    )
    for step in plan.steps:
        if step.action is not Action.ADD or step.reason:
            who = f"{step.where}: {step.name}" if step.name else step.where
            ctx.print(f"{who}: {step.action.value}: {step.reason}")
    if a.dry_run:
        ctx.print(f"Dry run, nothing written: would be {plan.summary()}")
        return
    if not plan.writes:
        ctx.print(f"Nothing imported from {path.name}: {plan.summary()}")
        return
    transfer.import_contacts(ctx.db, plan, ctx.today, progress=_progress(len(plan.writes)))
    ctx.print(f"Imported {path.name}: {plan.summary()}")


def _progress(total: int) -> Callable[[int, int], None] | None:
    """A progress line on a terminal, for files big enough to wait on."""
    if total < 2000 or not sys.stderr.isatty():
        return None

    def show(done: int, of: int) -> None:
        width = 30
        filled = width * done // max(of, 1)
        end = "\n" if done >= of else ""
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{of}", end=end, file=sys.stderr)

    return show


def cmd_export(ctx: Context) -> None:
    from followup_tui.services import transfer
    from followup_tui.transfer import write
    from followup_tui.validation import parse_kind
    from followup_tui.words import file_words

    a = ctx.args
    path = Path(a.file).expanduser()
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise InputError(f"{path.name}: export writes .csv, .vcf or .ics files")
    try:
        if path.is_dir():
            raise InputError(f"{path} is a folder: name a file")
        if not path.parent.is_dir():
            raise InputError(f"no folder {path.parent}")
    except OSError as exc:  # a name too long, a file where a folder should be
        raise InputError(file_words("write", path, exc)) from None
    if a.days < 1 or a.days > 366:
        raise InputError("--days takes a number of days from 1 to 366")
    if suffix == ".ics":
        if a.kind:
            raise InputError("--kind is for .csv and .vcf exports: a calendar holds every call")
        touches = transfer.calendar_touches(ctx.db, ctx.today, a.days)
        _write_private(path, write.calendar_ics(touches, ctx.today))
        ctx.print(
            f"Exported {counted(len(touches), 'call')} (next {counted(a.days, 'day')}) to {path}"
        )
        return
    kind = parse_kind(a.kind) if a.kind else None
    contacts = transfer.contacts_for_export(ctx.db, kind)
    text = write.contacts_csv(contacts) if suffix == ".csv" else write.contacts_vcard(contacts)
    _write_private(path, text)
    ctx.print(f"Exported {counted(len(contacts), 'contact')} to {path}")


def _write_private(path: Path, text: str) -> None:
    """Written whole (temp file, then rename) and readable by the owner only.

    InputError in words when the file system refuses: a read-only folder, a full disk.
    """
    from followup_tui.words import file_words

    # Short enough for the file system even when the name itself is near its limit.
    partial = path.with_name(f".{path.name[:200]}.partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
                file.write(text)
            os.chmod(partial, 0o600)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(file_words("write", path, exc)) from None


def _database_file(ctx: Context) -> Path:
    from followup_tui.paths import database_url, sqlite_file

    url = database_url(getattr(ctx.args, "db", None))
    path = sqlite_file(url)
    if path is None:
        raise InputError("backup and restore work on a SQLite database file")
    return path


def cmd_backup(ctx: Context) -> None:
    from followup_tui.db import backup

    path = _database_file(ctx)
    if not path.is_file():  # before ctx.db, which would make an empty one
        raise InputError(f"there is no database at {path} to back up")
    ctx.db  # noqa: B018 - opening checks the file is a followup database first
    dest = Path(ctx.args.dest).expanduser() if ctx.args.dest else None
    try:
        made = backup.backup(path, dest)
    except backup.DamagedDatabase as exc:
        raise InputError(str(exc)) from None
    ctx.print(str(made))


def cmd_restore(ctx: Context) -> None:
    from followup_tui.db import backup

    path = _database_file(ctx)
    kept = backup.restore(path, Path(ctx.args.file).expanduser())
    ctx.db  # noqa: B018 - an older schema upgrades now, not on the next start
    ctx.print(f"Restored {ctx.args.file}")
    if kept:
        ctx.print(f"The replaced database is kept at {kept}")


COMMANDS: dict[str, Callable[[Context], None]] = {
    "add": cmd_add,
    "order": cmd_order,
    "log": cmd_log,
    "today": cmd_today,
    "show": cmd_show,
    "contacts": cmd_contacts,
    "products": cmd_products,
    "note": cmd_note,
    "party": cmd_party,
    "parties": cmd_parties,
    "event": cmd_event,
    "team": cmd_team,
    "backorders": cmd_backorders,
    "delivered": cmd_delivered,
    "start": cmd_start,
    "settings": cmd_settings,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    # A shell command lives for half a second, most of it importing SQLAlchemy: cyclic
    # garbage collection passes during those imports cost ~30 ms and free nothing.
    # Reference counting still frees memory; collection is back on when the command
    # ends, and before the app opens (it runs for hours).
    collecting = gc.isenabled()
    gc.disable()
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        _check_words(argv)
        args = build_parser().parse_args(argv)
        ctx = Context(args, out)
        if args.command is None:
            from followup_tui.launch import open_app

            _collect(collecting)
            return open_app(ctx.args, ctx.today)
        if args.command == "capture":
            from followup_tui.launch import open_capture

            _collect(collecting)
            return open_capture(ctx.args, ctx.today)
        COMMANDS[args.command](ctx)
    except (UsageError, InputError, clock.DateError) as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # `followup today | head`: the reader left; that is not an error.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return 0
    except Exception as exc:  # the last guard: never a traceback in front of a user
        from followup_tui.errors import StorageError
        from followup_tui.words import storage_words

        if isinstance(exc, StorageError):
            return _fail(str(exc))
        words = storage_words(exc)
        if words:
            return _fail(words)
        if isinstance(exc, OSError) and exc.filename:
            # A path the file system refused that no command words better: still a
            # path to fix, not a bug. Only the path is named, never file contents.
            from followup_tui.words import file_words

            return _fail(file_words("use", exc.filename, exc))
        if os.environ.get("FOLLOWUP_DEBUG"):
            raise
        # The type only: a message could carry a contact's data into a bug report.
        print(
            f"followup: something went wrong ({type(exc).__name__}); nothing was saved. "
            "Run again with FOLLOWUP_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 1
    finally:
        if "ctx" in locals() and ctx._db is not None:
            ctx._db.dispose()
        _collect(collecting)
    return 0


def _collect(enabled: bool) -> None:
    if enabled:
        gc.enable()


def _check_words(argv: list[str]) -> None:
    """Refuse what cannot be stored as typed, before anything is parsed or written."""
    for word in argv:
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("an argument is not valid text (UTF-8): nothing was written") from None
        option, glued, value = word.partition("=")
        if option.startswith("--") and glued and value == "--":
            # Python 3.11's argparse reads `--note=--` as nothing at all.
            raise InputError(f"{option} cannot be just '--'")


def _fail(message: str) -> int:
    # argparse's messages already name the command ("followup show: ...").
    prefix = "" if message.startswith("followup") else "followup: "
    # One line, whatever the message quotes back (a stray argument may hold a newline).
    print(f"{prefix}{' '.join(message.split())}", file=sys.stderr)
    return EXIT_BAD_INPUT
