"""The command line's words: every sub-command, its options and their help."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import NoReturn

from followup_tui.domain.model import Category, Kind, Reach, Said

DESCRIPTION = (
    "The `followup` command: the app with no sub-command, scriptable sub-commands otherwise."
    " Bad input prints one line to stderr and exits 2, having written nothing. Textual is"
    " never imported here unless the app is opened, so shell commands start quickly."
)


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
    common.add_argument(
        "--today",
        default=argparse.SUPPRESS,
        help="pretend today is this day (any date form, from the real date)",
    )
    return common


APP_OPTIONS = ("--db", "--today")
"""The only words of the app's start (the desk): see opens_the_app."""


def opens_the_app(argv: list[str]) -> bool:
    """No sub-command, only --db and --today with their values (as typed, in full): the
    app's start, which need not build every sub-command's parser (~10 ms)."""
    words = iter(argv)
    for word in words:
        option, glued, _ = word.partition("=")
        if option not in APP_OPTIONS:
            return False
        if not glued:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return False  # argparse words what is wrong
    return True


def app_parser() -> Parser:
    """What build_parser() makes of the app's words, without the sub-commands."""
    parser = Parser(prog="followup", parents=[_common()], description=DESCRIPTION)
    parser.add_argument("--version", action="store_true")
    parser.set_defaults(command=None)
    return parser


def build_parser() -> Parser:
    common = _common()
    parser = Parser(prog="followup", parents=[common], description=DESCRIPTION)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
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
    add.add_argument(
        "--met-on", help="when you met (e.g. dec 8, last friday; no year: the last one)"
    )
    add.add_argument("--fact", action="append", default=[], help="KEY=VALUE, e.g. perfume=Chanel")
    add.add_argument("--note")
    add.add_argument("--referred-by", type=positive_id, help="id of who referred them")
    on_duplicate(add)

    me = command("me", "who you are: your own record (never followed up) and the scripts' name")
    me.add_argument("name", nargs="?", metavar="NAME", help="your name (none: who you are now)")
    me.add_argument("--phone", help="your phone (kept when not given)")
    me.add_argument("--email", help="your email (kept when not given)")
    me.add_argument("--json", action="store_true", help="who you are, as JSON")

    order = command("order", "record an order")
    order.add_argument("contact_id", type=positive_id)
    order.add_argument("skus", nargs="+", metavar="SKU")
    order.add_argument("--on", help="order date (default today; e.g. dec 8, 8/12, -3)")
    order.add_argument("--backorder", action="append", default=[], metavar="SKU")
    order.add_argument("--corporate", action="store_true", help="the backorder is at the company")
    order.add_argument("--delivered", help="delivery date, when known")
    order.add_argument("--party", type=positive_id, metavar="PARTY_ID", help="ordered at a party")

    party = command("party", "parties: new, guest")
    party_sub = party.add_subparsers(dest="party_command", parser_class=Parser, required=True)
    party_new = party_sub.add_parser("new", parents=[common], help="a new party")
    party_new.add_argument("hostess_id", type=positive_id, metavar="HOSTESS_ID")
    party_new.add_argument(
        "--on", required=True, help="the party date (e.g. sat, dec 19, in 2 weeks)"
    )
    party_new.add_argument("--place")
    party_guest = party_sub.add_parser("guest", parents=[common], help="add a guest")
    party_guest.add_argument("party_id", type=positive_id, metavar="PARTY_ID")
    party_guest.add_argument("contact_id", type=positive_id, metavar="CONTACT_ID")
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
    event_new.add_argument(
        "--on", required=True, help="the event date (e.g. thu, dec 17, in 2 weeks)"
    )
    event_new.add_argument("--title", help="what it is called (default: its kind)")
    event_new.add_argument(
        "--assignment",
        action="append",
        type=positive_id,
        default=[],
        metavar="CONTACT_ID",
        help="a new partner with an assignment",
    )
    event_new.add_argument(
        "--with",
        dest="with_contact",
        type=positive_id,
        metavar="CONTACT_ID",
        help="appointment: the senior partner it is with (needed when the team has several)",
    )

    team = command("team", "team members by level, with their next reminder")
    team.add_argument("--json", action="store_true")

    backorders = command("backorders", "open backorders, soonest deadline first")
    backorders.add_argument("--json", action="store_true")

    delivered = command("delivered", "an order arrived: backorder calls end")
    delivered.add_argument("order_id", type=positive_id, metavar="ORDER_ID")
    delivered.add_argument("--on", help="delivery date (default today; e.g. yesterday, mon)")

    log = command("log", "log how a touch went; the next touch is scheduled")
    log.add_argument("touch_id", type=call_id, metavar="CALL_ID", help=CALL_ID_HELP)
    log.add_argument("reach", help=", ".join(r.value for r in Reach))
    log.add_argument("--said", help=", ".join(s.value for s in Said))
    log.add_argument(
        "--date",
        help="for not-started, call-on and meeting: e.g. 'tue 6pm', 'next friday',"
        " 'in 2 weeks', 'dec 8', 12/8, +3, 2026-12-08 (a time is kept)",
    )
    log.add_argument("--name", help="the referred person, for --said referral")
    log.add_argument("--note")
    log.add_argument("--on", help="when the touch was worked (default today; e.g. yesterday, tue)")
    log.add_argument("--choice", help="corporate backorder: wait, substitute or refund")
    log.add_argument(
        "--sku",
        action="append",
        default=[],
        help="a reorder's product (repeat per item; default: her last order again), "
        "or a substitute's replacement",
    )
    log.add_argument("--phone", help="the referred person's phone, for --said referral")
    log.add_argument("--email", help="the referred person's email, for --said referral")
    log.add_argument("--about", help="a line about the referred person, for her card")

    skip = command("skip", "skip a call with a reason; its playbook goes on")
    skip.add_argument("touch_id", type=call_id, metavar="CALL_ID", help=CALL_ID_HELP)
    skip.add_argument("--reason", required=True, help="why it is skipped (kept in her history)")

    later = command("later", "move a call to a later day")
    later.add_argument("touch_id", type=call_id, metavar="CALL_ID", help=CALL_ID_HELP)
    later.add_argument(
        "--to",
        required=True,
        metavar="DATE",
        help="the day to call instead: tue, 'fri 6pm', 'in 2 weeks', dec 8, +3 (a time is kept)",
    )

    command(
        "undo",
        "take back the last log, skip or later done from the shell (unless worked since)",
    )

    today = command("today", "today's calls: referrals first, then overdue, then today's")
    today.add_argument("--json", action="store_true")

    show = command("show", "a contact: facts, notes, next touches and history")
    show.add_argument(
        "contact_id",
        type=contact_or_call,
        metavar="CONTACT_ID|call:ID",
        help="a contact's id, or call:ID for the contact of that call (as `today` shows it)",
    )
    show.add_argument("--json", action="store_true")

    contacts = command("contacts", "list contacts")
    contacts.add_argument("--kind")
    contacts.add_argument(
        "--search",
        type=search_words,
        help="a name (typos forgiven), phone digits, email, where met, a fact or a note;"
        " the words that matched follow the name",
    )
    contacts.add_argument("--json", action="store_true")

    products = command("products", "the product catalogue")
    products.add_argument("--category", help=", ".join(c.value for c in Category))
    products.add_argument("--json", action="store_true")

    note = command("note", "add a note to a contact")
    note.add_argument("contact_id", type=positive_id)
    note.add_argument("text")

    edit = command("edit", "change a contact as the app's edit form does; prints what changed")
    edit.add_argument("contact_id", type=positive_id, metavar="CONTACT_ID")
    discreet = edit.add_mutually_exclusive_group()
    discreet.add_argument(
        "--discreet",
        dest="discreet",
        action="store_const",
        const=True,
        help="call only: her texts, emails and cards to come become calls",
    )
    discreet.add_argument("--not-discreet", dest="discreet", action="store_const", const=False)
    edit.add_argument("--kind", help=", ".join(k.value for k in Kind))
    edit.add_argument("--level", help="team level: new-partner, new-leader, mature-leader, ...")
    edit.add_argument("--phone", help='her phone ("" clears it)')
    edit.add_argument("--email", help='her email ("" clears it)')
    edit.add_argument("--name")
    edit.add_argument("--met-at", help='where you met ("" clears it)')

    settings = command("settings", "show settings, or set one: followup settings KEY VALUE")
    settings.add_argument("key", nargs="?")
    settings.add_argument("value", nargs="?")
    settings.add_argument("--json", action="store_true")

    start = command("start", "put a contact on a playbook, e.g. three-three-three")
    start.add_argument("contact_id", type=positive_id)
    start.add_argument("playbook")

    merge = command("merge", "fold a duplicate contact into another: nothing lost, it is deleted")
    merge.add_argument("keep_id", type=positive_id, metavar="KEEP_ID", help="the one that stays")
    merge.add_argument("other_id", type=positive_id, metavar="OTHER_ID", help="the one merged in")

    forget = command("forget", "delete a contact and everything about her, as she asked")
    forget.add_argument("contact_id", type=positive_id, metavar="CONTACT_ID")
    forget.add_argument(
        "--yes", action="store_true", help="no question asked (needed when not at a terminal)"
    )

    on_duplicate(command("capture", "quick-add a contact full-screen, then exit"))

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


def on_duplicate(command: argparse.ArgumentParser) -> None:
    """`--on-duplicate` of add and capture: the import's words for someone already there."""
    command.add_argument(
        "--on-duplicate",
        default="skip",
        metavar="skip|merge|add",
        help="someone already there (same phone or email, or a very similar name): "
        "refuse and name her (skip, the default), merge these details into her, or add anyway",
    )


CALL_ID_HELP = "the call's number, as `followup today` shows it (8 or call:8)"


@dataclass(frozen=True)
class CallRef:
    """`call:ID` given where a contact is meant: that call's contact."""

    touch_id: int


def call_id(text: str) -> int:
    """A call's (a touch's) id, as `today` prints it: `8` or `call:8`."""
    word, colon, number = text.partition(":")
    if colon and word.strip().lower() == "call":
        return positive_id(number)
    return positive_id(text)


def contact_or_call(text: str) -> int | CallRef:
    """A contact's id (`10`, `contact:10`), or `call:8` for the contact of call 8."""
    word, colon, number = text.partition(":")
    if colon and word.strip().lower() == "call":
        return CallRef(positive_id(number))
    if colon and word.strip().lower() == "contact":
        return positive_id(number)
    return positive_id(text)


def positive_id(text: str) -> int:
    """An id given on the command line (a contact's, a party's, an order's, a touch's)."""
    digits = text.strip()
    # int() reads full-width (１２) and Arabic-Indic (١٢) digits, '+1' and '1_0' too:
    # an id is what `today` prints, ASCII digits only.
    if not (digits.isascii() and digits.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number)")
    value = int(digits)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (ids start at 1)")
    if value >= 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (far too large)")
    return value


def search_words(text: str) -> str:
    """What `contacts --search` looks for: at most MAX_SEARCH characters (a 128 KB one
    was read against every name, fact and note)."""
    from followup_tui.validation import MAX_SEARCH

    if len(text) > MAX_SEARCH:
        raise argparse.ArgumentTypeError(f"a search is at most {MAX_SEARCH} characters")
    return text
