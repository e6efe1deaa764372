"""The desk's forms that open over it: quick add and an order for the chosen call. Each
is imported when first opened, so the first frame does not wait for it; what is saved is
said through `said` (the desk's status line, and a reload)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from followup_tui.words import added_words, failure_words

if TYPE_CHECKING:
    from followup_tui.domain.model import NewContact
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen


def quick_add(screen: FollowupScreen, said: Callable[[str], object]) -> None:
    """Someone new, from the desk; saved in a worker."""
    from followup_tui.screens.quick_add import QuickAddScreen

    ctx = screen.ctx

    def save(new: NewContact) -> None:
        from followup_tui.services import contacts

        try:
            added = contacts.quick_add(ctx.database(), new, ctx.today)
        except Exception as error:  # a busy book: the form again, as it was typed
            screen.app.call_from_thread(ask_again, new, failure_words(error))
            return
        said(added_words(added.name, added.contact_id, added.first_title, added.first_due))

    def answered(new: NewContact | None) -> None:
        if new is not None:
            screen.run_worker(lambda: save(new), thread=True, group="save", exit_on_error=False)

    def ask_again(new: NewContact, why: str) -> None:
        screen.app.notify(f"Not added: {why} The form is open again, as you typed it.")
        form = QuickAddScreen(phone_region=ctx.settings.phone_region, typed=new)
        screen.app.push_screen(form, answered)

    screen.app.push_screen(QuickAddScreen(phone_region=ctx.settings.phone_region), answered)


def order(screen: FollowupScreen, item: DueTouch | None, said: Callable[[str], object]) -> None:
    """An order for the chosen call's contact."""
    from followup_tui.screens.orders import record_order_for

    if item is not None:
        record_order_for(screen, item.touch.contact_id, item.name, said)
