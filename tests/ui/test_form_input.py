"""Random text through the desk's note prompt and the quick-add form (reliability).

Each input is either stored exactly as given and shown back with the desk's layout
intact, or refused with a message next to the field and nothing written; never a
traceback. The documented normalisation: in a note every line break (\\r\\n, a lone \\r,
and the other breaks str.splitlines knows) is stored as \\n; in a one-line field a pasted
line break becomes a space; a name has its whitespace runs folded (clean_name); where
you met is trimmed; facts follow read_facts_line (never refused: what names no fact
goes in the note).

One app per test serves every example (an app takes seconds to start): Hypothesis runs in
a worker thread and hands each example to the app's event loop.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import string
from collections.abc import Callable, Coroutine
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from followup_tui.errors import InputError
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.prompt import PromptScreen
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.validation import clean_name, read_facts_line
from followup_tui.widgets.contact_card import NOTE_SHOWN
from followup_tui.widgets.shown import shown as drawn
from tests.ui.test_desk import make_app, settle, text_of

FORMS = settings(
    max_examples=5,  # and the explicit ones: each drives the app for 1-3 s (CI has 15 min)
    deadline=None,
    database=None,  # no .hypothesis folder in the project
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NOTE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
PANELS = ("#today", "#contact", "#script", "Footer")
SMALL = (80, 24)  # the smallest terminal the app promises to fit

# --- what is fed ------------------------------------------------------------------------

NASTY = [
    "שָׁלוֹם",  # Hebrew with points
    "مرحبا بالعالم",  # Arabic
    "\u202eevil.exe\u202c",  # right-to-left override
    "👩\u200d👩\u200d👧\u200d👦",  # one family emoji: four people, three joiners
    "🇺🇸",
    "Z\u0337a\u0338l\u0334g\u0336o",  # combining marks
    "[/b] [red]x",  # markup-like
    "\x00",
    "\x1b[31m",
    "\t",
    "\x07\x08\x7f",
    "\ufeff\u200b",
    "\U0010ffff",
    ", job: nurse",
    ": ",
    "=",
    "   ",
]
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"]
# Every category but lone surrogates: a terminal sends UTF-8, which cannot hold them.
ANY_CHAR = st.characters(exclude_categories=["Cs"])
piece = st.one_of(
    st.sampled_from(NASTY + BREAKS),
    st.text(ANY_CHAR, min_size=1, max_size=8),
    st.text(string.ascii_letters + " ", min_size=1, max_size=12),
)
free_text = st.one_of(st.text(ANY_CHAR, max_size=60), st.lists(piece, max_size=10).map("".join))
typed_text = st.text(string.ascii_letters + string.digits + " .,!?'", max_size=10)


def _hundred_k(seed: str) -> str:
    return (seed * (100_000 // len(seed) + 1))[:100_000]


hundred_k = st.lists(piece, min_size=1, max_size=6).map("".join).map(_hundred_k)
note_text = st.one_of(*[free_text] * 7, hundred_k)  # one in eight is 100 KB

BIG_NOTE = _hundred_k("Ana María 👩\u200d👩\u200d👧 مريم \u202e[b]x[/b]\r\n\x00\t")


# --- the rules ---------------------------------------------------------------------------


def as_note(text: str) -> str:
    return NOTE_BREAK.sub("\n", text)


def one_line(text: str) -> str:
    return LINE_BREAK.sub(" ", text)


def visible(text: str) -> str:
    """What the card's text keeps, whitespace aside (it wraps wherever it likes)."""
    return "".join(ch for ch in text if not ch.isspace())


def on_card(text: str) -> str:
    """`text` as the card draws it: control characters as their pictures, a very long
    note cut."""
    return visible(drawn(text, NOTE_SHOWN))


def rows(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


def layout(pilot: Pilot[None]) -> list[Region]:
    """Where the panels are, across: what is typed must never widen or push one aside.
    (Their heights may move by a line: the Outcome pane's status takes two when long.)"""
    return [pilot.app.screen.query_one(panel).region._replace(y=0, height=0) for panel in PANELS]


async def paste(pilot: Pilot[None], selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))  # as the terminal driver sends it
    await pilot.pause()


async def close(pilot: Pilot[None], screen: type[Any]) -> None:
    """Escape until `screen` is gone: the first escape only warns when text is typed."""
    for _ in range(3):
        if not isinstance(pilot.app.screen, screen):
            return
        await pilot.press("escape")
        await settle(pilot)
    assert not isinstance(pilot.app.screen, screen)


def run_examples(
    pilot: Pilot[None], test: Callable[..., Coroutine[Any, Any, None]]
) -> Callable[..., None]:
    """A sync body for @given (run in a worker thread) that hands each example to the
    app's loop, the one running now, and waits for it."""
    loop = asyncio.get_running_loop()

    def body(*args: Any, **kwargs: Any) -> None:
        asyncio.run_coroutine_threadsafe(test(pilot, *args, **kwargs), loop).result(timeout=120)

    return body


# --- the note prompt ---------------------------------------------------------------------


class NoteBench:
    def __init__(self, path: Path, start: list[Region]) -> None:
        self.path = path
        self.start = start

    def newest(self) -> tuple[int, str]:
        """How many notes there are, and the last one written."""
        sql = "SELECT count(*), (SELECT body FROM notes ORDER BY id DESC LIMIT 1) FROM notes"
        ((count, body),) = rows(self.path, sql)
        return count, body

    async def note(self, pilot: Pilot[None], typed: str, pasted: str) -> None:
        before = self.newest()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PromptScreen)
        if typed:
            await pilot.press(*typed)
        if pasted:
            await paste(pilot, "#prompt-input", pasted)
        expected = typed + as_note(pasted)
        # Shown back in the prompt exactly as it will be stored
        assert pilot.app.screen.query_one("#prompt-input", TextArea).text == expected
        await pilot.press("enter")
        await settle(pilot)
        if not expected.strip():
            assert isinstance(pilot.app.screen, PromptScreen)
            said = str(pilot.app.screen.query_one("#prompt-error", Label).render())
            assert said == "the note is empty"
            await close(pilot, PromptScreen)
            assert self.newest() == before
            return
        assert not isinstance(pilot.app.screen, PromptScreen)
        assert self.newest() == (before[0] + 1, expected)
        assert on_card(expected) in visible(text_of(pilot, "#contact-body"))
        assert layout(pilot) == self.start
        pilot.app.export_screenshot()  # the whole screen still renders
        if len(expected) > 10_000:
            # The card redraws a 100 KB note slowly: the next examples go to the next call
            await pilot.press("down")
            await settle(pilot)


async def test_note_prompt_keeps_what_is_given(demo_path: Path, today: date) -> None:
    async with make_app(demo_path, today).run_test(size=SMALL) as pilot:
        await settle(pilot)
        start = layout(pilot)

        # A typed note with a line break of its own (ctrl+j), then the paste goes on
        await pilot.press("n", *"Met her mum", "ctrl+j", *"at church")
        await paste(pilot, "#prompt-input", " and\r\nher sister")
        await pilot.press("enter")
        await settle(pilot)
        said = "Met her mum\nat church and\nher sister"
        bench = NoteBench(demo_path, start)
        assert bench.newest()[1] == said

        # Escape with a note typed warns; the note is still there to save
        await pilot.press("n", *"Call after the holidays", "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PromptScreen)
        said = str(pilot.app.screen.query_one("#prompt-error", Label).render())
        assert "esc again to discard" in said
        await pilot.press("enter")
        await settle(pilot)
        assert bench.newest()[1] == "Call after the holidays"

        run = run_examples(pilot, bench.note)

        @FORMS
        @given(typed=typed_text, pasted=note_text)
        @example(typed="", pasted="line one\nline two")
        @example(typed="Two ", pasted="lines\r\nfrom Windows\rand old Mac\u2028and Word\u2029")
        @example(typed="", pasted=BIG_NOTE)
        @example(typed="nul", pasted="before\x00after")
        @example(typed="", pasted="\u202eevil.exe and שָׁלוֹם")
        @example(typed="", pasted="👩\u200d👩\u200d👧\u200d👦 🇺🇸 Zoë")
        @example(typed="", pasted=" \r\n\t\u2028")
        def each(typed: str, pasted: str) -> None:
            run(typed, pasted)

        await asyncio.to_thread(each)


# --- quick-add ---------------------------------------------------------------------------


def refusals(name: str) -> dict[str, str]:
    """The message each field shows, by the rules the form documents (facts are never
    refused)."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "a name is needed"
    else:
        try:
            clean_name(name)
        except InputError as exc:
            errors["name"] = str(exc)
    return errors


class AddBench:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.start: list[Region] = []

    def last_id(self) -> int:
        ((last,),) = rows(self.path, "SELECT max(id) FROM contacts")
        return int(last)

    async def add(self, pilot: Pilot[None], name: str, met: str, likes: str, note: str) -> None:
        before = self.last_id()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuickAddScreen)
        fact = f"likes: {likes}"
        for selector, text in (("#name", name), ("#met-at", met), ("#facts", fact)):
            if text:
                await paste(pilot, selector, text)
            # Each one-line field holds the paste on one line
            assert pilot.app.screen.query_one(selector, Input).value == one_line(text)
        if note:
            await paste(pilot, "#note", note)
        assert pilot.app.screen.query_one("#note", TextArea).text == as_note(note)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = pilot.app.screen
        if isinstance(screen, QuickAddScreen) and screen.query_one("#name-duplicate").display:
            # A name like one in the book (an earlier example's): she adds anyway
            await pilot.press("ctrl+s")
            await settle(pilot)

        name, met, fact, note = one_line(name), one_line(met), one_line(fact), as_note(note)
        errors = refusals(name)
        if errors:
            # Refused next to the field; the form stays with everything typed
            assert isinstance(pilot.app.screen, QuickAddScreen)
            for field, message in errors.items():
                said = str(pilot.app.screen.query_one(f"#{field}-error", Label).render())
                assert said == message
                label = pilot.app.screen.query_one(f"#{field}-error", Label)
                assert label.size.height == 1  # one line beside the field, at 80x24
            await close(pilot, QuickAddScreen)
            assert self.last_id() == before
            return
        assert not isinstance(pilot.app.screen, QuickAddScreen)
        contact_id = self.last_id()
        assert contact_id == before + 1
        assert rows(self.path, "SELECT name, met_at FROM contacts WHERE id = ?", contact_id) == [
            (" ".join(name.split()), met.strip() or None)
        ]
        stored = rows(self.path, "SELECT key, value FROM facts WHERE contact_id = ?", contact_id)
        facts = read_facts_line(fact)
        assert dict(stored) == dict(facts.facts)
        notes = rows(self.path, "SELECT body FROM notes WHERE contact_id = ?", contact_id)
        # What she typed as the note, then what of the facts line named no fact
        note = "\n".join(kept for kept in (note if note.strip() else "", facts.note) if kept)
        assert notes == ([(note,)] if note else [])
        assert layout(pilot) == self.start

        # Shown back on the contact's card
        await pilot.app.push_screen(ContactScreen(contact_id))
        await settle(pilot)
        card = visible(text_of(pilot, "#contact-body"))
        for shown in (name, *dict(stored).values(), note if note.strip() else ""):
            assert on_card(shown) in card
        pilot.app.export_screenshot()
        await close(pilot, ContactScreen)


async def test_quick_add_keeps_what_is_given(demo_path: Path, today: date) -> None:
    async with make_app(demo_path, today).run_test(size=SMALL) as pilot:
        await settle(pilot)
        bench = AddBench(demo_path)
        bench.start = layout(pilot)

        # Facts without a key are never refused: the preview says they go in the note
        await pilot.press("a", *"Dana Whitfield", "enter", "enter", "enter", "enter")
        await pilot.press(*"perfume Chanel")
        await pilot.pause()
        said = " ".join(text_of(pilot, "#facts-preview").split())
        assert said == "note: perfume Chanel"
        await close(pilot, QuickAddScreen)

        run = run_examples(pilot, bench.add)

        @settings(FORMS, max_examples=3)  # an example here costs about twice a note's
        @given(name=free_text, met=free_text, likes=free_text, note=note_text)
        @example(name="Ana\nLopez", met="the gym\r\nby the pool", likes="x", note="one\ntwo")
        @example(name="Zoë 👩\u200d👩\u200d👧", met="", likes="🇺🇸", note=BIG_NOTE)
        @example(name="\u202eמרים", met="שוק", likes="\u202etea", note="\u202eRTL \x00 NUL")
        @example(name="Nul\x00Byte", met="x", likes=" ", note="z")  # the name refused
        @example(name="Rita", met="\x00", likes="a\x00b", note="\x00")
        @example(name="Rita", met="", likes="Chanel No 5, kids: 2", note="")
        def each(name: str, met: str, likes: str, note: str) -> None:
            run(name, met, likes, note)

        await asyncio.to_thread(each)
