"""The sub-commands about people: adding, editing, showing, finding, merging and
forgetting a contact, and who you are. As in commands.py: one service call each, the
service imported inside the command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING

from followup_tui.cli import render
from followup_tui.cli.context import Context, print_next
from followup_tui.cli.parser import CallRef
from followup_tui.domain.model import Kind
from followup_tui.errors import InputError
from followup_tui.safe_text import shown_line
from followup_tui.words import counted

if TYPE_CHECKING:
    from followup_tui.transfer.plan import OnDuplicate


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
    on_duplicate = parse_on_duplicate(a.on_duplicate)
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
        met_on=ctx.parse_date(a.met_on, past=True),
        facts=tuple(parse_fact(f) for f in a.fact),
        note=a.note if a.note and a.note.strip() else None,
        referred_by=a.referred_by,
    )
    if new.met_on and new.met_on > ctx.today:
        raise InputError("--met-on cannot be in the future")
    # Someone already there is refused by name (adding.AlreadyThere), unless told otherwise.
    saved = adding.save_contact(ctx.db, new, ctx.today, on_duplicate)
    ctx.print(saved.merged or str(saved.contact_id))


def parse_on_duplicate(text: str) -> OnDuplicate:
    """add's and capture's --on-duplicate, in the import's words."""
    from followup_tui.transfer.plan import OnDuplicate

    try:
        return OnDuplicate(text.strip().lower())
    except ValueError:
        raise InputError("--on-duplicate takes skip, merge or add") from None


def cmd_me(ctx: Context) -> None:
    from followup_tui.services import me

    a = ctx.args
    if a.name is None:
        if a.phone is not None or a.email is not None:
            raise InputError("your name goes first: followup me NAME --phone P --email E")
        found = me.me(ctx.db)
        if a.json:
            ctx.json(asdict(found) if found else None)
        else:
            ctx.print_lines(render.me(found, region=ctx.phone_region))
        return
    ctx.print(str(me.set_me(ctx.db, a.name, ctx.today, phone=a.phone, email=a.email)))


def cmd_merge(ctx: Context) -> None:
    from followup_tui.services import merge

    merged = merge.merge(ctx.db, ctx.args.keep_id, ctx.args.other_id, ctx.today)
    ctx.print(merge.merged_words(merged))
    for what, value in merged.lines(region=ctx.phone_region):
        ctx.print(f"  {what}: {value}")
    print_next(ctx, merged.next_up)


def cmd_forget(ctx: Context) -> None:
    from followup_tui.services import forget

    contact_id = ctx.args.contact_id
    if not ctx.args.yes:
        about = forget.forget_preview(ctx.db, contact_id)  # an unknown id or "me" refused first
        who = f"#{about.contact_id} {about.name}"
        if not _at_a_terminal():
            raise InputError(f"forgetting {who} deletes everything about her: add --yes to confirm")
        if not _confirmed(f"Forget {who} and everything about her ({about.about()})? [y/N] "):
            raise InputError(f"nothing deleted: {who} is kept")
    ctx.print_lines(forget.forget(ctx.db, contact_id).lines())


def _at_a_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # stdin closed
        return False


def _confirmed(question: str) -> bool:
    """A y/N question on the terminal: only y or yes says yes."""
    print(shown_line(question), end="", file=sys.stderr, flush=True)  # it names her
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def cmd_show(ctx: Context) -> None:
    from followup_tui.services import contact_views

    given = ctx.args.contact_id
    contact_id = (
        contact_views.contact_of_call(ctx.db, given.touch_id)
        if isinstance(given, CallRef)
        else given
    )
    detail = contact_views.contact_detail(ctx.db, contact_id, ctx.today)
    if ctx.args.json:
        data = asdict(detail)
        data["pending"] = [
            {**asdict(p.touch), "title": p.title, "overdue_days": p.touch.overdue_days(ctx.today)}
            for p in detail.pending
        ]
        data["deadlines"] = {str(k): v for k, v in detail.deadlines.items()}
        ctx.json(data)
    else:
        ctx.print_lines(render.contact(detail, ctx.today, region=ctx.phone_region))


def cmd_contacts(ctx: Context) -> None:
    from followup_tui.validation import parse_kind

    a = ctx.args
    kind = parse_kind(a.kind) if a.kind else None
    if a.json and not (a.search and a.search.strip()):
        from followup_tui.services import listing

        # The whole book as plain rows: no ORM object for 100,000 contacts.
        ctx.json(render.listed_data(listing.listed_contacts(ctx.reader, kind)))
        return
    from followup_tui.services import contact_views

    if a.search and a.search.strip():
        found = contact_views.search_contacts(ctx.db, a.search, kind=kind)
    else:
        found = [
            contact_views.FoundContact(c, None)
            for c in contact_views.find_contacts(ctx.db, kind=kind)
        ]
    if a.json:
        ctx.json(render.contacts_data(found))
    else:
        ctx.print_lines(render.contacts(found, region=ctx.phone_region))


def cmd_note(ctx: Context) -> None:
    from followup_tui.services import contacts

    contacts.add_note(ctx.db, ctx.args.contact_id, ctx.args.text, ctx.today)


def cmd_edit(ctx: Context) -> None:
    # The app's edit form's checks and its service: the same edit, from the shell.
    from dataclasses import replace

    from followup_tui.domain.model import team_level
    from followup_tui.services import contacts, settings
    from followup_tui.validation import (
        clean_name,
        normalise_email,
        normalise_phone,
        parse_kind,
        parse_level,
    )

    a = ctx.args
    kind = parse_kind(a.kind) if a.kind is not None else None
    level = parse_level(a.level) if a.level is not None else None
    before = contacts.editable(ctx.db, a.contact_id)
    kind = kind or before.kind
    if level is not None and kind is not Kind.TEAM:
        raise InputError(f"--level is a team member's: #{a.contact_id} is {kind.value}")
    region = settings.load_settings(ctx.db).phone_region
    after = replace(
        before,
        name=clean_name(a.name) if a.name is not None else before.name,
        kind=kind,
        level=team_level(kind, level or before.level),
        phone=_edited(a.phone, before.phone, lambda text: normalise_phone(text, region)),
        email=_edited(a.email, before.email, normalise_email),
        met_at=_edited(a.met_at, before.met_at, str.strip),
        discreet=before.discreet if a.discreet is None else a.discreet,
    )
    edited = contacts.update_contact(ctx.db, a.contact_id, after, ctx.today)
    if not edited.changed:
        ctx.print(f"Nothing changed: #{edited.contact_id} {edited.name}")
        return
    ctx.print(f"Edited #{edited.contact_id} {edited.name}:")
    for what, was, now in edited.changed:
        ctx.print(f"  {what}: {was} -> {now}")
    if edited.now_calls:
        are = "is a call" if edited.now_calls == 1 else "are calls"
        ctx.print(f"  {counted(edited.now_calls, 'touch', 'touches')} to come {are} now")
    print_next(ctx, edited.next_up)


def _edited(given: str | None, was: str | None, check: Callable[[str], str]) -> str | None:
    """An edit's optional field: not given keeps it, "" clears it (as an emptied field in
    the form does), anything else is checked as the form checks it."""
    if given is None:
        return was
    return check(given) if given.strip() else None
