"""A note or facts about a contact, asked in a prompt and saved off the event loop: the
same on the desk (about the chosen call's contact) and on her own screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_tui.screens.base import FollowupScreen


def ask_note(
    screen: FollowupScreen, contact_id: int, about: str, saved: Callable[[], None]
) -> None:
    """Ask for a note about `about`; once saved (in a thread), `saved` runs in it."""
    # The prompts (and TextArea) are imported when first used, not before the first frame.
    from followup_tui.screens.prompt import note_prompt, when_answered

    def save(text: str) -> None:
        from followup_tui.services import contacts

        contacts.add_note(screen.ctx.database(), contact_id, text, screen.ctx.today)
        saved()

    screen.app.push_screen(note_prompt(about), when_answered(_in_thread(screen, save)))


def ask_facts(
    screen: FollowupScreen, contact_id: int, about: str, saved: Callable[[], None]
) -> None:
    """Ask for facts (`perfume: Chanel No 5, kids: 2`) about `about`, as ask_note."""
    from followup_tui.screens.prompt import facts_prompt, when_answered

    def save(text: str) -> None:
        from followup_tui.services import contacts
        from followup_tui.validation import parse_facts_line

        facts = parse_facts_line(text)
        contacts.set_facts(screen.ctx.database(), contact_id, facts, screen.ctx.today)
        saved()

    screen.app.push_screen(facts_prompt(about), when_answered(_in_thread(screen, save)))


def _in_thread(screen: FollowupScreen, save: Callable[[str], None]) -> Callable[[str], None]:
    def run(text: str) -> None:
        screen.run_worker(lambda: save(text), thread=True, group="save", exit_on_error=False)

    return run
