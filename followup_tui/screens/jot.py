"""A note or facts about a contact, asked in a prompt and saved off the event loop: the
same on the desk (about the chosen call's contact) and on her own screen. A save the
book refuses (busy in another window, a full disk) opens the prompt again with what
was typed and why: the words are never lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_tui.screens.base import FollowupScreen
    from followup_tui.screens.prompt import PromptScreen


def ask_note(
    screen: FollowupScreen, contact_id: int, about: str, saved: Callable[[], None]
) -> None:
    """Ask for a note about `about`; once saved (in a thread), `saved` runs in it."""
    # The prompts (and TextArea) are imported when first used, not before the first frame.
    from followup_tui.screens.prompt import note_prompt

    def save(text: str) -> None:
        from followup_tui.services import contacts

        contacts.add_note(screen.ctx.database(), contact_id, text, screen.ctx.today)
        saved()

    _ask_until_saved(screen, lambda: note_prompt(about), save)


def ask_facts(
    screen: FollowupScreen, contact_id: int, about: str, saved: Callable[[], None]
) -> None:
    """Ask for facts (`perfume: Chanel No 5, kids: 2`) about `about`, as ask_note."""
    from followup_tui.screens.prompt import facts_prompt

    def save(text: str) -> None:
        from followup_tui.services import contacts
        from followup_tui.validation import parse_facts_line

        facts = parse_facts_line(text)
        contacts.set_facts(screen.ctx.database(), contact_id, facts, screen.ctx.today)
        saved()

    _ask_until_saved(screen, lambda: facts_prompt(about), save)


def _ask_until_saved(
    screen: FollowupScreen, make_prompt: Callable[[], PromptScreen], save: Callable[[str], None]
) -> None:
    """The prompt, and again with what was typed and why, until `save` takes it."""
    from followup_tui.screens.prompt import when_answered

    def ask(typed: str = "", why: str = "") -> None:
        prompt = make_prompt()
        if why:
            prompt.initial, prompt.question = typed, f"Not saved: {why} {prompt.question}"
        screen.app.push_screen(prompt, when_answered(_in_thread(screen, save, ask)))

    ask()


def _in_thread(
    screen: FollowupScreen, save: Callable[[str], None], ask: Callable[[str, str], None]
) -> Callable[[str], None]:
    """`save` in a worker; refused, `ask` again with what was typed and why."""

    def run(text: str) -> None:
        from followup_tui.words import failure_words

        def attempt() -> None:
            try:
                save(text)
            except Exception as error:
                screen.app.call_from_thread(ask, text, failure_words(error))

        screen.run_worker(attempt, thread=True, group="save", exit_on_error=False)

    return run
