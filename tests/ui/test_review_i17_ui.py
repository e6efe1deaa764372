"""Review of issue 17's screens as she uses them: what she would have hit."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from followup_tui.widgets.window_table import Row, WindowColumn, WindowTable


class Dated:
    """Rows with a long middle text and a date last."""

    def __init__(self, n: int) -> None:
        self.keys = [str(i) for i in range(n)]

    def count(self) -> int:
        return len(self.keys)

    def rows(self, start: int, stop: int) -> Sequence[Row]:
        return [
            Row(key, (Text(f"row {key}"), Text("why " * 20), Text("2026-12-07")))
            for key in self.keys[start:stop]
        ]

    def index_of(self, key: str) -> int | None:
        return self.keys.index(key) if key in self.keys else None


class FitApp(App[None]):
    def __init__(self, source: Dated) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield WindowTable(
            [WindowColumn("Who"), WindowColumn("Why", fit=True), WindowColumn("When")]
        )

    def on_mount(self) -> None:
        self.query_one(WindowTable).reload(self.source)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_fit_column_leaves_room_for_the_scrollbar() -> None:
    # More rows than fit: a scrollbar comes, and the last column must still show whole.
    app = FitApp(Dated(500))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.query_one(WindowTable)
        assert table.show_vertical_scrollbar
        # What shows is the line left of the scrollbar.
        first = table.render_line(1).text[: table.scrollable_content_region.width]
        assert "2026-12-07" in first, first
        assert sum(c.drawn for c in table.columns) <= table.scrollable_content_region.width
