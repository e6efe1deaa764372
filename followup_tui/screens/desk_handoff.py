"""The desk hands the call to her phone: `y` copies the number or the message (Textual's
OSC 52 clipboard: it works over SSH and in tmux), `Q` shows it as a QR code."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from followup_tui.domain.handoff import Handoff
    from followup_tui.domain.today import DueTouch
    from followup_tui.screens.base import FollowupScreen

Say = Callable[[Text], None]


def copy_for_phone(screen: FollowupScreen, item: DueTouch | None, say: Say) -> None:
    """Put on the clipboard what she needs for `item`; `say` what was copied."""

    def copy(handoff: Handoff) -> None:
        from followup_tui.domain.handoff import to_copy

        copied = to_copy(handoff, screen.ctx.settings.phone_region, discreet=screen.discreet)
        if copied.text is not None:
            screen.app.copy_to_clipboard(copied.text)
        say(Text(copied.said))

    if item is not None:
        _with_handoff(screen, item.touch.id, copy)


def show_qr(screen: FollowupScreen, item: DueTouch | None, say: Say) -> None:
    """Open the QR code of `item`'s link (or say why there is none)."""

    def show(handoff: Handoff) -> None:
        from followup_tui.domain.handoff import qr_caption, qr_links
        from followup_tui.screens.qr import QrScreen

        links = qr_links(handoff)
        if isinstance(links, str):
            say(Text(links))
            return
        region, discreet = screen.ctx.settings.phone_region, screen.discreet
        screen.app.push_screen(
            QrScreen(
                links,
                lambda link, width: qr_caption(
                    handoff, link, region, discreet=discreet, width=width
                ),
            )
        )

    if item is not None:
        _with_handoff(screen, item.touch.id, show)


def _with_handoff(screen: FollowupScreen, touch_id: int, then: Callable[[Handoff], None]) -> None:
    """Read the touch's handoff in a thread (the database), then act on it in the UI."""

    def read() -> None:
        from followup_tui.services.handoff import handoff_for_touch

        ctx = screen.ctx
        handoff = handoff_for_touch(ctx.database(), touch_id, ctx.today)
        screen.app.call_from_thread(then, handoff)

    screen.run_worker(read, thread=True, group="handoff", exclusive=True, exit_on_error=False)
