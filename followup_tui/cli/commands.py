"""One function a sub-command: read its arguments, make one service call, print the answer.

Service modules are imported inside each command: a command loads only what it needs
(`followup add` maps no ORM class).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from followup_tui.cli import people, render
from followup_tui.cli.context import Context, parse_choice, print_next
from followup_tui.domain.model import Category, Kind, Outcome, Reach, Said
from followup_tui.errors import InputError
from followup_tui.words import counted

if TYPE_CHECKING:
    from followup_tui.transfer.plan import ImportPlan

DEMO_MAX = 1_000_000


def cmd_order(ctx: Context) -> None:
    from followup_tui.services import orders

    a = ctx.args
    order_id = orders.record_order(
        ctx.db,
        a.contact_id,
        a.skus,
        ctx.today,
        ordered_on=ctx.parse_date(a.on, past=True),
        backorders=a.backorder,
        corporate=a.corporate,
        delivered_on=ctx.parse_date(a.delivered, past=True),
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


def cmd_parties(ctx: Context) -> None:
    from followup_tui.services import parties

    found = parties.parties(ctx.db)
    if ctx.args.json:
        ctx.json([asdict(p) for p in found])
    else:
        ctx.print_lines(render.parties(found, ctx.today))


def cmd_event(ctx: Context) -> None:
    from followup_tui.services import team

    a = ctx.args
    held_on = ctx.required_date(a.on, "--on")
    event_id = team.new_event(
        ctx.db,
        a.kind,
        held_on,
        ctx.today,
        title=a.title,
        assignments=a.assignment,
        with_contact=a.with_contact,
    )
    ctx.print(str(event_id))


def cmd_team(ctx: Context) -> None:
    from followup_tui.services import team

    members = team.team(ctx.db)
    if ctx.args.json:
        ctx.json([asdict(m) for m in members])
    else:
        ctx.print_lines(render.team(members))


def cmd_backorders(ctx: Context) -> None:
    from followup_tui.services import backorders

    found = backorders.open_backorders(ctx.db)
    if ctx.args.json:
        ctx.json([{**asdict(b), "days_left": b.days_left(ctx.today)} for b in found])
    else:
        ctx.print_lines(render.backorders(found, ctx.today))


def cmd_start(ctx: Context) -> None:
    from followup_tui.services import contacts

    started = contacts.start_playbook(ctx.db, ctx.args.contact_id, ctx.args.playbook, ctx.today)
    print_next(ctx, started)


def cmd_delivered(ctx: Context) -> None:
    from followup_tui.services import orders

    on = ctx.parse_date(ctx.args.on, past=True) or ctx.today
    orders.mark_delivered(ctx.db, ctx.args.order_id, on, ctx.today)


def cmd_log(ctx: Context) -> None:
    from followup_tui.services import calls, settings, undo
    from followup_tui.validation import normalise_email, normalise_phone

    a = ctx.args
    reach = parse_choice(Reach, a.reach, "reach")
    said = parse_choice(Said, a.said, "outcome") if a.said else None
    region = settings.load_settings(ctx.db).phone_region
    when = ctx.parse_when(a.date)
    outcome = Outcome(
        reach=reach,
        said=said,
        on=when.day if when else None,
        at=when.time if when else None,
        note=a.note,
        referral_name=a.name,
        choice=a.choice.strip().lower() if a.choice else None,
        skus=tuple(a.sku),
        referral_phone=normalise_phone(a.phone, region) if a.phone else None,
        referral_email=normalise_email(a.email) if a.email else None,
        referral_about=(a.about or "").strip() or None,
    )
    worked_on = ctx.parse_date(a.on, past=True)
    logged = calls.log_outcome(ctx.db, a.touch_id, outcome, ctx.today, worked_on=worked_on)
    if logged.undo is not None:
        undo.remember(ctx.db, logged.undo)
    if not logged.what_next:
        ctx.print("Logged. Nothing new scheduled.")
    print_next(ctx, logged.what_next)


def cmd_skip(ctx: Context) -> None:
    from followup_tui.services import calls, undo

    skipped = calls.skip_touch(ctx.db, ctx.args.touch_id, ctx.args.reason, ctx.today)
    undo.remember(ctx.db, skipped.undo)
    ctx.print("Skipped.")
    print_next(ctx, skipped.scheduled)


def cmd_later(ctx: Context) -> None:
    from followup_tui.services import calls, undo

    when = ctx.required_when(ctx.args.to, "--to")
    moved = calls.reschedule_touch(ctx.db, ctx.args.touch_id, when.day, ctx.today, at=when.time)
    undo.remember(ctx.db, moved)
    ctx.print(f"Moved to {when.day.isoformat()}{f' at {when.time}' if when.time else ''}.")


UNDONE = {
    "log": "Undone: the log of call {id} is taken back; the call is waiting again.",
    "skip": "Undone: call {id} is no longer skipped; it is waiting again.",
    "later": "Undone: call {id} is back on {due}.",
}


def cmd_undo(ctx: Context) -> None:
    from followup_tui.services import undo

    done = undo.undo_last(ctx.db)
    due = done.due_before.isoformat() if done.due_before else ""
    ctx.print(UNDONE[done.kind].format(id=done.touch_id, due=due))


def cmd_today(ctx: Context) -> None:
    from followup_tui.domain.playbooks import default_library
    from followup_tui.domain.today import todays_order
    from followup_tui.services import listing

    book = ctx.reader
    if listing.welcome_calls_to_fold(book, ctx.today):
        from followup_tui.services import orders

        orders.fold_welcome_calls(ctx.db, ctx.today)  # a reorder day come: one call, not several
        book = ctx.db
    # Plain rows, no ORM: the list is all this command reads.
    items = todays_order(listing.calls_due(book, ctx.today, default_library()), ctx.today)
    if ctx.args.json:
        ctx.json(render.todays_calls_data(items, ctx.today))
    else:
        ctx.print_lines(render.todays_calls(items, ctx.today))


def cmd_products(ctx: Context) -> None:
    from followup_tui.services import orders

    category = parse_choice(Category, ctx.args.category, "category") if ctx.args.category else None
    products = orders.catalogue(ctx.db, category)
    if ctx.args.json:
        ctx.json([asdict(p) for p in products])
    else:
        ctx.print_lines(render.products(products))


def cmd_settings(ctx: Context) -> None:
    from followup_tui.services import settings

    a = ctx.args
    current = settings.load_settings(ctx.db)
    if a.key is None:
        if a.json:
            ctx.json(asdict(current))
        else:
            ctx.print_lines([f"{key} = {value}" for key, value in current.as_pairs().items()])
        return
    settings.check_setting_name(a.key)
    if a.value is None:
        ctx.print(current.as_pairs()[a.key])
        return
    settings.set_setting(ctx.db, a.key, a.value)


def cmd_demo(ctx: Context) -> None:
    from followup_tui import demo

    if ctx.args.contacts < 1:
        raise InputError("--contacts needs a positive number")
    if ctx.args.contacts > DEMO_MAX:
        # Unbounded, a typo like 99999999999 fills the disk for days.
        raise InputError(f"--contacts takes at most {DEMO_MAX:,} (a demo, not a phone book)")
    from followup_tui.services import contact_views

    demo.tidy(ctx.db)  # what a killed demo left, even when this one refuses
    # Her own record ("me") alone still makes an empty book.
    if [c for c in contact_views.find_contacts(ctx.db, limit=2) if not c.is_me]:
        raise InputError("this database already has contacts: demo data goes into an empty one")
    made = demo.fill(ctx.db, ctx.args.contacts, ctx.today)
    ctx.print(f"Demo data: {counted(made, 'contact')}")


def cmd_import(ctx: Context) -> None:
    from followup_tui.services import transfer
    from followup_tui.transfer.files import read_contacts_file
    from followup_tui.transfer.plan import OnDuplicate
    from followup_tui.validation import parse_kind

    a = ctx.args
    kind = parse_kind(a.kind) if a.kind else Kind.CIRCLE
    try:
        on_duplicate = OnDuplicate(a.on_duplicate)
    except ValueError:
        raise InputError("--on-duplicate takes skip, merge or add") from None
    path = Path(a.file).expanduser()
    found = read_contacts_file(path)  # before the database: a bad path leaves nothing behind
    plan = transfer.preview_import(ctx.db, found, kind, on_duplicate)
    if a.dry_run:
        _print_steps(ctx, plan)
        ctx.print(f"Dry run, nothing written: would be {plan.summary()}")
        return
    if not plan.writes:
        _print_steps(ctx, plan)
        ctx.print(f"Nothing imported from {path.name}: {plan.summary()}")
        return
    # The plan may be made again under the write lock (the book changed meanwhile): the
    # rows are said as they were written.
    done = transfer.import_contacts(ctx.db, plan, ctx.today, progress=_progress(len(plan.writes)))
    _print_steps(ctx, done.plan)
    if not done.plan.writes:
        ctx.print(f"Nothing imported from {path.name}: {done.plan.summary()}")
        return
    ctx.print(f"Imported {path.name}: {done.plan.summary()}")


def _print_steps(ctx: Context, plan: ImportPlan) -> None:
    from followup_tui.transfer.plan import Action

    for step in plan.steps:
        if step.action is not Action.ADD or step.reason:
            who = f"{step.where}: {step.name}" if step.name else step.where
            ctx.print(f"{who}: {step.action.value}: {step.reason}")


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
    from followup_tui.services.keeping import export_file
    from followup_tui.validation import parse_kind

    a = ctx.args
    if a.days < 1 or a.days > 366:
        raise InputError("--days takes a number of days from 1 to 366")
    kind = parse_kind(a.kind) if a.kind else None
    ctx.print(export_file(ctx.reader, Path(a.file), ctx.today, days=a.days, kind=kind))


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
    from followup_tui.db import restoring

    path = _database_file(ctx)
    kept = restoring.restore(path, Path(ctx.args.file).expanduser())
    # Said first: whatever happens next, she knows where her old book is.
    ctx.print(f"Restored {ctx.args.file}")
    if kept:
        ctx.print(f"The replaced database is kept at {kept}")
    ctx.db  # noqa: B018 - the catalogue is brought up to date now, not on the next start


COMMANDS: dict[str, Callable[[Context], None]] = {
    "add": people.cmd_add,
    "me": people.cmd_me,
    "order": cmd_order,
    "log": cmd_log,
    "skip": cmd_skip,
    "later": cmd_later,
    "today": cmd_today,
    "show": people.cmd_show,
    "undo": cmd_undo,
    "contacts": people.cmd_contacts,
    "products": cmd_products,
    "note": people.cmd_note,
    "edit": people.cmd_edit,
    "party": cmd_party,
    "parties": cmd_parties,
    "event": cmd_event,
    "team": cmd_team,
    "backorders": cmd_backorders,
    "delivered": cmd_delivered,
    "start": cmd_start,
    "merge": people.cmd_merge,
    "forget": people.cmd_forget,
    "settings": cmd_settings,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
}
