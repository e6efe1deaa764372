"""ctrl+p: every screen and action by the words she would type, and each one does it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.command import Hit
from textual.pilot import Pilot
from textual.system_commands import SystemCommandsProvider
from textual.widgets import Input, Select

from followup_tui.commands import FollowupCommands
from followup_tui.screens.contact import ContactScreen
from followup_tui.screens.new_event import NewEventScreen
from followup_tui.screens.new_party import NewPartyScreen
from followup_tui.screens.prompt import PromptScreen
from followup_tui.screens.quick_add import QuickAddScreen
from tests.ui.test_desk import make_app, settle, text_of
from tests.ui.test_desk_lists import palette

TODAY = date(2026, 11, 23)
SIZE = (100, 30)


async def choose(pilot: Pilot[None], typed: str, name: str) -> list[str]:
    """Open the palette, type, and run the command called `name`; what was offered."""
    offered = list(await palette(pilot, typed))
    assert name in offered, offered
    for _ in range(offered.index(name)):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    return offered


async def found_by(pilot: Pilot[None], typed: str) -> dict[str, Hit]:
    """What the palette's providers answer `typed`, best first, without drawing it (the
    palette itself is driven once, in the test below)."""
    hits: list[Hit] = []
    for kind in (FollowupCommands, SystemCommandsProvider):
        provider = kind(pilot.app.screen)
        await provider.startup()
        hits += [hit async for hit in provider.search(typed) if isinstance(hit, Hit)]
    hits.sort(key=lambda hit: -hit.score)
    return {str(hit.text): hit for hit in hits}


async def test_party_finds_parties_and_new_party_which_opens_its_form(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        offered = await choose(pilot, "party", "New party")
        assert {"Parties", "New party"} <= set(offered)
        assert isinstance(pilot.app.screen, NewPartyScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "PartiesScreen"  # the form was over it


async def test_words_find_the_actions_and_each_does_it(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        found = {
            typed: list(await found_by(pilot, typed))
            for typed in ("party", "export", "backup", "new event", "sett", "import", "theme")
        }
        hit = (await found_by(pilot, "team member"))["Add team member"]
        pilot.app.call_later(hit.command)  # as the palette runs it
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuickAddScreen)
        assert pilot.app.screen.query_one("#kind", Select).value == "team"
        await pilot.press("escape")
        await settle(pilot)
        pilot.app.call_later((await found_by(pilot, "new event"))["New event"].command)
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewEventScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "TeamScreen"
    assert {"Parties", "New party"} <= set(found["party"])
    assert found["export"][0] == "Export contacts"
    assert found["backup"][0] == "Back up now"
    assert found["new event"][0] == "New event"
    assert found["sett"][0] == "Settings"
    assert found["import"][0] == "Import contacts"
    assert "Theme" in found["theme"]


async def test_export_and_backup_write_files_and_say_where(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # the default export lands in her home
    said: list[str] = []
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.notify = lambda message, **_: said.append(str(message))  # type: ignore[method-assign]
        pilot.app.call_later((await found_by(pilot, "export"))["Export contacts"].command)
        await settle(pilot)
        assert isinstance(pilot.app.screen, PromptScreen)
        field = pilot.app.screen.query_one("#prompt-input", Input)
        assert field.value == str(tmp_path / "followup-contacts-2026-11-23.csv")
        field.value = str(tmp_path / "nowhere" / "x.csv")
        await pilot.press("enter")  # no such folder: the prompt stays and says so
        assert isinstance(pilot.app.screen, PromptScreen)
        field.value = str(tmp_path / "book.vcf")
        await pilot.press("enter")
        await settle(pilot)
        pilot.app.call_later((await found_by(pilot, "backup"))["Back up now"].command)
        await settle(pilot)
    assert "BEGIN:VCARD" in (tmp_path / "book.vcf").read_text()
    assert said[0].startswith("Exported ") and said[0].endswith(f"to {tmp_path / 'book.vcf'}")
    backups = [b for b in (demo_path.parent / "backups").glob("*.db") if "daily" not in b.name]
    assert len(backups) == 1
    assert said[1] == f"Backed up to {backups[0]}"


async def test_a_name_opens_her_contact_and_says_her_kind(demo_path: Path) -> None:
    async with make_app(demo_path, TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await found_by(pilot, "marcus col")
        best = next(iter(hits))
        assert best == "Open Marcus Cole"
        assert hits[best].help == "team · mature-leader"
        hits[best].command()
        await settle(pilot)
        assert isinstance(pilot.app.screen, ContactScreen)
        assert "Marcus Cole" in text_of(pilot, "#contact-body")
