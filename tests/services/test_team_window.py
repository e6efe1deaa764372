"""The team a window at a time: slices of the whole team, in its order, and where a
member is in it."""

from __future__ import annotations

from pathlib import Path

from followup_tui.db.engine import open_database
from followup_tui.services import team


def test_windows_are_slices_of_the_whole_team(demo_path: Path) -> None:
    db = open_database(f"sqlite:///{demo_path}")
    whole = team.team(db)
    assert len(whole) > 5, "the demo has a team"
    assert team.team_count(db) == len(whole)
    assert [m.level for m in whole] == sorted(
        (m.level for m in whole), key=list(type(whole[0].level)).index
    )
    for start, stop in ((0, 2), (3, 7), (len(whole) - 1, len(whole) + 5)):
        assert team.team_window(db, start, stop) == whole[start:stop]
    for position, member in enumerate(whole):
        assert team.team_position(db, member.contact_id) == position
    assert team.team_position(db, 10**9) is None
    db.dispose()
