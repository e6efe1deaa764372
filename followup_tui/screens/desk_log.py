"""The desk's questions beyond the Outcome pane: a reorder's products (in the order
form), why a call is skipped, which day it moves to. Nothing answered is lost: cancelling
the order form brings the log back, note and all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from followup_tui.domain.model import Outcome, Said
from followup_tui.domain.when import When
from followup_tui.errors import AlreadyWorked, InputError, StorageError
from followup_tui.words import failure_words, storage_words

if TYPE_CHECKING:
    from followup_tui.context import AppContext
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen
    from followup_tui.screens.orders import OrderEntry
    from followup_tui.services.calls import Logged
    from followup_tui.widgets.outcome_panel import OutcomePanel

UNDONE = {
    "log": "Undone: the log is taken back; the call is on the list again.",
    "skip": "Undone: the skip is taken back; the call is on the list again.",
    "later": "Undone: the call is back on its day.",
}

NOT_ORDERED = "reorder not saved: pick her products (ctrl+s), or esc to give up the log"


@dataclass(frozen=True)
class Refused:
    """A log not saved, and why; `try_again`: the log comes back to be saved again."""

    why: str
    try_again: bool


@dataclass(frozen=True)
class Busy:
    """A log that cannot be saved now: another writer holds the book past the busy
    timeout (an import in another window). It waits and is tried again."""


def is_busy(error: BaseException) -> bool:
    """SQLite's "database is locked" / "busy", from SQLAlchemy or sqlite3."""
    words = storage_words(error)
    return words is not None and "busy" in words


def save_log(
    ctx: AppContext, item: DueTouch, outcome: Outcome, day: date
) -> Logged | Refused | Busy:
    """Run in a thread; `day`: the day it was answered. A refusal never loses what was
    typed: the log comes back with its note; a call worked elsewhere meanwhile keeps
    what was typed on her card; a busy book answers Busy, and the log waits. Any other
    failure (a full disk) is a refusal too: the log comes back to be saved again."""
    from followup_tui.services import calls, contacts

    try:
        try:
            return calls.log_outcome(ctx.database(), item.touch.id, outcome, day)
        except AlreadyWorked as done:
            typed = typed_words(outcome)
            kept = ""
            if typed:
                contacts.add_note(ctx.database(), item.touch.contact_id, typed, day)
                kept = " Your note is kept on her card."
                if typed != (outcome.note or "").strip():
                    kept = " Your note is kept on her card, with all else you typed."
            return Refused(f"Not saved: {done} (worked elsewhere).{kept}", try_again=False)
    except (InputError, StorageError) as refused:
        return Refused(failure_words(refused), try_again=True)
    except Exception as error:
        if is_busy(error):
            return Busy()
        return Refused(failure_words(error), try_again=True)


def typed_words(outcome: Outcome) -> str:
    """What she typed into a log, as a note: kept when the log itself cannot be (the
    call was worked elsewhere). Only the note, when that is all she typed."""
    extra = [
        f"{label}: {value}"
        for label, value in (
            ("referral", outcome.referral_name),
            ("referral's phone", outcome.referral_phone),
            ("referral's email", outcome.referral_email),
            ("about the referral", outcome.referral_about),
        )
        if value
    ]
    if outcome.on is not None:
        extra.append(f"next: {outcome.on:%a %d %b}" + (f" {outcome.at}" if outcome.at else ""))
    note = (outcome.note or "").strip()
    if not extra:
        return note
    return "; ".join([note, *extra] if note else extra)


def skip_refused(ctx: AppContext, item: DueTouch, reason: str, error: Exception) -> str:
    """Run in a thread. A skip not saved says why; when the call was worked elsewhere
    the reason she typed (news about her) is kept on her card."""
    from followup_tui.services import contacts

    if not isinstance(error, AlreadyWorked):
        return f"Not skipped: {failure_words(error)}"
    try:
        contacts.add_note(ctx.database(), item.touch.contact_id, reason, ctx.today)
    except (InputError, StorageError):
        return f"Not skipped: {failure_words(error)} (worked elsewhere)."
    kept = "Your reason is kept on her card."
    return f"Not skipped: {failure_words(error)} (worked elsewhere). {kept}"


def needs_products(outcome: Outcome) -> bool:
    """A reorder is recorded with the products she says, in the order form."""
    return outcome.said is Said.REORDER and not outcome.skus


def ask_reorder(
    screen: FollowupScreen,
    item: DueTouch,
    outcome: Outcome,
    *,
    logged: Callable[[Logged], object],
    not_logged: Callable[[str], object],
) -> None:
    """The order form for her reorder, her last order in it and her products first; the
    log is saved with the order, in one go, when the form is saved."""
    from followup_tui.screens.orders import OrderScreen

    ctx, app = screen.ctx, screen.app
    saved: list[Logged] = []

    def record(entry: OrderEntry) -> int:
        from followup_tui.services import calls

        found = calls.log_outcome(
            ctx.database(), item.touch.id, replace(outcome, skus=tuple(entry.skus)), ctx.today
        )
        saved.append(found)
        return found.new_order_id or 0

    def done(entry: OrderEntry | None) -> None:
        if entry is None or not saved:
            not_logged(NOT_ORDERED)
        else:
            logged(saved[0])

    def ask() -> None:
        from followup_tui.services import orders

        offer = orders.reorder_offer(ctx.database(), item.touch.contact_id)
        form = OrderScreen(
            item.name,
            offer.products,
            ctx.today,
            record=record,
            lines=offer.last_order,
            title=f"Reorder for {item.name}: her last order, change what she says",
            products_only=True,
        )
        app.call_from_thread(app.push_screen, form, done)

    screen.run_worker(ask, thread=True, exit_on_error=False)


def ask_skip(
    screen: FollowupScreen,
    item: DueTouch,
    save: Callable[[str], object],
    *,
    typed: str = "",
    why: str = "",
) -> None:
    """Why the call is skipped, naming her and the call: the reason goes in her history.
    Asked again with what was `typed` and `why` it was not saved, when the book refused."""
    from followup_tui.screens.prompt import PromptScreen

    def answered(reason: str | None) -> None:
        if reason:
            save(reason)

    screen.app.push_screen(
        PromptScreen(
            f"Skip {item.name}: {item.title}?",
            (f"{why} " if why else "") + "Why is it skipped? (kept in her history)",
            check=lambda t: None if t.strip() else "say why it is skipped",
            value=typed,
        ),
        answered,
    )


def ask_later(
    screen: FollowupScreen, item: DueTouch, today: date, save: Callable[[When], object]
) -> None:
    """Which day (and maybe time) the call moves to; the day it means shows as typed."""
    from followup_tui.domain.when import day_first, parse_when
    from followup_tui.screens.prompt import PromptScreen

    first = day_first(screen.ctx.settings.phone_region)

    def check(text: str) -> str | None:
        # It reads as a date by now: the prompt's hint has said what is wrong otherwise.
        day = parse_when(text, today, day_first=first).day
        return "pick today or a later date" if day < today else None

    def answered(text: str | None) -> None:
        if text:
            save(parse_when(text, today, day_first=first))

    screen.app.push_screen(
        PromptScreen(
            f"Later: {item.name}",
            "Move this touch to which day?",
            placeholder="tomorrow, fri 6pm, in 2 weeks, dec 8, +3",
            check=check,
            date_from=today,
        ),
        answered,
    )


def offer_catalogue(screen: FollowupScreen, panel: OutcomePanel) -> None:
    """The catalogue, read while she answers, for a substitute's replacement."""

    def read() -> None:
        from followup_tui.services import orders

        products = orders.catalogue(screen.ctx.database())
        screen.app.call_from_thread(setattr, panel, "products", products)

    screen.run_worker(read, thread=True, group="catalogue", exit_on_error=False)
