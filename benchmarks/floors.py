"""First paint against its floors: bare Textual apps in the same pty, `import textual.app`,
and the older headless figure (in process, a hook on the table's `render_line`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bare_apps import FIRST_ROW
from benchmarks.pty_run import NotShown, PtyRun
from benchmarks.report import Figures

PYTHON = sys.executable
BARE_APPS = str(Path(__file__).with_name("bare_apps.py"))

# A child that opens the app (or the desk-widget bare app) headless and prints the
# seconds from its start to the first frame that paints today's list.
HEADLESS_PAINT = """
import asyncio, sys, time
start = time.perf_counter()
bare = sys.argv[1] == "bare"
painted = []
if bare:
    sys.path.insert(0, sys.argv[2])
    from bare_apps import DeskWidgets
    from textual.widgets import DataTable as table
    app = DeskWidgets()
else:
    from datetime import date
    from followup_tui.app import FollowupApp
    from followup_tui.widgets.touch_table import TouchTable as table
    app = FollowupApp("sqlite:///" + sys.argv[2], date.fromisoformat(sys.argv[3]))
render_line = table.render_line
def first_frame(self, y):
    # The list is shown once show() has been given today's calls (rows, or none).
    if not painted and (bare or self.today is not None):
        painted.append(time.perf_counter() - start)
    return render_line(self, y)
table.render_line = first_frame
async def main():
    async with app.run_test(size=(160, 48)):
        waited = time.perf_counter()
        while not painted:
            if time.perf_counter() - waited > 60:
                sys.exit("no list painted in 60 s: " + type(app.screen).__name__)
            await asyncio.sleep(0.002)
asyncio.run(main())
print(painted[0])
"""


def pty_first_paint(argv: list[str], marker: str) -> float | None:
    """Process start to the output that shows `marker`, in a pty; then quit."""
    with PtyRun(argv) as run:
        try:
            return run.wait_for(marker, timeout=60) - run.started
        except NotShown:
            return None


def bare_first_paint(figures: Figures) -> None:
    figures.add("paint bare five", pty_first_paint([PYTHON, BARE_APPS, "five"], FIRST_ROW))
    figures.add("paint bare desk", pty_first_paint([PYTHON, BARE_APPS, "desk"], FIRST_ROW))


def import_textual(figures: Figures) -> None:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-c", "import textual.app"], check=True)
    figures.add("import textual.app", time.perf_counter() - start)


def headless_paint(book: Path, today: str, figures: Figures) -> None:
    def child(*argv: str) -> float:
        done = subprocess.run(
            [PYTHON, "-c", HEADLESS_PAINT, *argv], check=True, capture_output=True, text=True
        )
        return float(done.stdout.strip().splitlines()[-1])

    figures.add("headless paint app", child("app", str(book), today))
    figures.add("headless paint bare desk", child("bare", str(Path(BARE_APPS).parent)))
