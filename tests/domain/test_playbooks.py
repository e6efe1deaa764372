"""Playbooks are data: every shipped file loads, and bad files are refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_tui.domain.model import Category, Channel, Kind, Level
from followup_tui.domain.playbooks import (
    Library,
    PlaybookError,
    default_library,
    load_library,
    parse_playbook,
)
from followup_tui.resources import data_dir

PLAYBOOK_FOLDER = data_dir() / "playbooks"
DOMAIN_PLAYBOOKS = [
    "new-customer",
    "party",
    "party-guest",
    "backorder",
    "corporate-backorder",
    "lead",
    "three-three-three",
    "prospect",
    "referral",
    "referral-partner",
    "circle",
    "inactive-customer",
    "past-client",
    "team-new-partner",
    "team-new-leader",
    "team-mature-leader",
    "team-senior-partner",
    "customer-care",
    "reconnect",
    "hostess",
    "reorder",
]


def _good_step() -> dict[str, object]:
    return {"slug": "first", "title": "First call", "day": 1}


def test_every_playbook_file_loads() -> None:
    # GIVEN the shipped playbook files (rhythms.toml is the map, not a playbook)
    files = sorted(p.stem for p in PLAYBOOK_FOLDER.glob("*.toml") if p.name != "rhythms.toml")
    # WHEN the library is loaded from them
    library = load_library(PLAYBOOK_FOLDER)
    # THEN each file gave one playbook named by its slug
    assert sorted(library.playbooks) == files
    assert all(library[slug].steps or library[slug].guest_steps for slug in files)


@pytest.mark.parametrize("slug", DOMAIN_PLAYBOOKS)
def test_domain_playbooks_exist(slug: str) -> None:
    # GIVEN / WHEN the default library / THEN every playbook DOMAIN.md names is in it
    library = default_library()
    assert library[slug].slug == slug


def test_new_customer_steps_in_order() -> None:
    # GIVEN the new customer playbook
    playbook = default_library()["new-customer"]
    # WHEN its steps are read
    steps = [(s.slug, s.day, s.base) for s in playbook.steps]
    # THEN they are DOMAIN.md's welcome steps, on its days (step 6, the reorder, is its
    # own track: the reorder playbook, started with the order)
    assert steps == [
        ("touch-base", 1, "anchor"),
        ("verification", 3, "anchor"),
        ("confirmation", 5, "anchor"),
        ("relationship", 7, "anchor"),
        ("just-in-case", 14, "anchor"),
    ]
    assert [(s.slug, s.base) for s in default_library()["reorder"].steps] == [
        ("reorder", "reorder")
    ]
    assert playbook.step("verification").only_categories == frozenset(
        {Category.DETOX, Category.NUTRITION, Category.SKINCARE}
    )
    assert playbook.step("confirmation").low_priority_categories == frozenset({Category.HOME})
    assert playbook.step("just-in-case").only_if == "issue-or-asked"


@pytest.mark.parametrize("kind", list(Kind))
def test_rhythms_map_every_kind(kind: Kind) -> None:
    # GIVEN the rhythms map
    library = default_library()
    # WHEN / THEN every kind starts and falls back to a real playbook
    assert library.start_for(kind, None) in library.playbooks
    assert library.fallback_for(kind.value) in library.playbooks


@pytest.mark.parametrize(
    ("level", "playbook"),
    [
        (Level.NEW_PARTNER, "team-new-partner"),
        (Level.NEW_LEADER, "team-new-leader"),
        (Level.MATURE_LEADER, "team-mature-leader"),
        (Level.SENIOR_PARTNER, "team-senior-partner"),
    ],
)
def test_rhythms_map_every_team_level(level: Level, playbook: str) -> None:
    # GIVEN the rhythms map / WHEN a team member of a level is added or falls back
    library = default_library()
    # THEN the level's own team playbook is used
    assert library.start_for(Kind.TEAM, level) == playbook
    assert library.fallback_for(level.value) == playbook


@pytest.mark.parametrize(
    ("key", "playbook"),
    [
        ("inactive-customer", "inactive-customer"),
        ("past-client", "past-client"),
        ("not-interested", "reconnect"),
        ("customer", "customer-care"),
        ("circle", "circle"),
    ],
)
def test_rhythms_map_derived_states(key: str, playbook: str) -> None:
    # GIVEN / WHEN a derived state falls back / THEN it has its rhythm
    assert default_library().fallback_for(key) == playbook


def test_parse_playbook_reads_a_good_table() -> None:
    # GIVEN a small valid playbook
    raw: dict[str, object] = {
        "slug": "demo",
        "name": "Demo",
        "retry_days": 2,
        "steps": [
            {"slug": "first", "title": "First", "day": 2, "channel": "text", "priority": 3},
            {"slug": "again", "title": "Again", "priority": 6, "repeat_days": "lead_rhythm_days"},
        ],
    }
    # WHEN it is parsed
    playbook = parse_playbook(raw, "demo.toml")
    # THEN its values are kept, and a bare repeating step follows the one before
    first, again = playbook.steps
    assert (first.slug, first.day, first.channel, first.priority) == ("first", 2, Channel.TEXT, 3)
    assert first.has_offset
    assert again.repeats and not again.has_offset
    assert again.repeat_days == "lead_rhythm_days"
    assert playbook.retry_days == 2
    assert playbook.max_attempts == 3


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"only_categories": ["detox", "jewellery"]}, "jewellery"),
        ({"low_priority_categories": ["perfume"]}, "perfume"),
        ({"base": "birthday"}, "base"),
        ({"weekday": "funday"}, "weekday"),
        ({"only_if": "raining"}, "only_if"),
        ({"channel": "pigeon"}, "pigeon"),
        ({"repeat_days": 1.5}, "repeat_days"),
    ],
)
def test_parse_playbook_rejects_a_bad_step(change: dict[str, object], words: str) -> None:
    # GIVEN a step with one bad value
    step = {**_good_step(), **change}
    raw: dict[str, object] = {"slug": "demo", "name": "Demo", "steps": [step]}
    # WHEN / THEN parsing refuses it, naming the file and the problem
    with pytest.raises(PlaybookError, match=words) as error:
        parse_playbook(raw, "demo.toml")
    assert "demo.toml" in str(error.value)


@pytest.mark.parametrize(
    "raw",
    [
        {"slug": "demo", "name": "Demo"},
        {"slug": "demo", "name": "Demo", "steps": []},
    ],
)
def test_parse_playbook_needs_a_step(raw: dict[str, object]) -> None:
    # GIVEN a playbook without steps / WHEN parsed / THEN refused
    with pytest.raises(PlaybookError, match="at least one step"):
        parse_playbook(raw, "demo.toml")


@pytest.mark.parametrize(
    "raw",
    [
        {"name": "Demo", "steps": [_good_step()]},
        {"slug": "demo", "steps": [_good_step()]},
        {"slug": "demo", "name": "Demo", "steps": [{"slug": "x"}]},
        {"slug": "demo", "name": "Demo", "steps": {"slug": "x", "title": "X"}},
    ],
)
def test_parse_playbook_rejects_missing_parts(raw: dict[str, object]) -> None:
    # GIVEN a playbook missing its slug, name, a step title, or with steps not a list
    # WHEN / THEN it is a PlaybookError (a ValueError), never a KeyError
    with pytest.raises(PlaybookError):
        parse_playbook(raw, "demo.toml")


def test_playbook_error_is_a_value_error() -> None:
    assert issubclass(PlaybookError, ValueError)


def _write_library(folder: Path, playbook: str, rhythms: str) -> None:
    (folder / "demo.toml").write_text(playbook, encoding="utf-8")
    (folder / "rhythms.toml").write_text(rhythms, encoding="utf-8")


DEMO = 'slug = "demo"\nname = "Demo"\n[[steps]]\nslug = "first"\ntitle = "First"\nday = 1\n'


def test_load_library_from_a_folder(tmp_path: Path) -> None:
    # GIVEN a folder with one playbook and a rhythms map naming it
    _write_library(tmp_path, DEMO, '[start]\nlead = "demo"\n[fallback]\nlead = "demo"\n')
    # WHEN it is loaded
    library = load_library(tmp_path)
    # THEN the playbook and the map are there
    assert isinstance(library, Library)
    assert list(library.playbooks) == ["demo"]
    assert library.start_for(Kind.LEAD, None) == "demo"


def test_load_library_rejects_an_unknown_rhythm(tmp_path: Path) -> None:
    # GIVEN a rhythms map naming a playbook that does not exist
    _write_library(tmp_path, DEMO, '[start]\nlead = "nowhere"\n')
    # WHEN / THEN loading refuses it
    with pytest.raises(PlaybookError, match="nowhere"):
        load_library(tmp_path)


def test_load_library_rejects_broken_toml(tmp_path: Path) -> None:
    # GIVEN a playbook file that is not TOML
    _write_library(tmp_path, 'slug = "demo\n', "[start]\n")
    # WHEN / THEN loading names the file
    with pytest.raises(PlaybookError, match="demo.toml"):
        load_library(tmp_path)
