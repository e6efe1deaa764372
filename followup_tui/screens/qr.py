"""A QR code for the chosen touch, drawn in the terminal for her phone's camera: any key
closes it. Offline: the code is drawn here, nothing is fetched."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from followup_tui.domain.handoff import QrLink
from followup_tui.safe_text import shown

CAPTION_LINES = 1
# Tried in order until the code fits: error correction M (the usual), then L (more data
# in fewer modules), then a quiet zone of 2 modules instead of the standard 4 (phone
# cameras read it; the code is drawn on white, whatever the theme).
TRIES = (("m", 4), ("l", 4), ("l", 2))


@dataclass(frozen=True)
class Drawing:
    link: QrLink
    lines: list[str]
    """The code as text: black on white, the quiet zone included."""


def draw(matrix: Sequence[Sequence[int]], *, scale: int = 1) -> list[str]:
    """`matrix` (rows of modules, dark truthy, quiet zone included) as lines of text.

    A terminal cell is about twice as high as it is wide: at scale 1 a cell holds two
    modules one above the other (▀ ▄ █, space), so each module is square; at scale 2 a
    module is two full cells side by side, for a bigger terminal."""
    if scale == 2:
        return ["".join("██" if dark else "  " for dark in row) for row in matrix]
    rows = [list(row) for row in matrix]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))  # more white below: part of the quiet zone
    half = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
    return [
        "".join(half[bool(top), bool(bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]


def code_text(lines: Sequence[str]) -> Text:
    """The drawing to put on screen: a full block also gets a black background, so that
    a font whose block is narrower than the cell (or an SVG export) leaves no white seam."""
    text = Text("\n".join(lines), no_wrap=True)
    text.highlight_regex("█+", "on #000000")
    return text


def fit(links: Sequence[QrLink], width: int, height: int) -> Drawing | None:
    """The fullest link whose code fits `width` x `height` cells, drawn as big as fits;
    None when even the shortest does not (a cut code reads as nothing, or as wrong)."""
    import segno  # ~55 ms: only when a code is asked for

    for link in links:
        codes = []
        for error, border in TRIES:
            try:
                code = segno.make_qr(link.uri, error=error)
            except segno.DataOverflowError:
                break
            codes.append((code, border))
        for scale in (2, 1):
            for code, border in codes:
                size = code.symbol_size(border=border)[0]
                if size * scale <= width and -(-size * scale // 2) <= height:
                    matrix = [list(row) for row in code.matrix_iter(scale=1, border=border)]
                    return Drawing(link, draw(matrix, scale=scale))
    return None


class QrScreen(ModalScreen[None]):
    """The code, and one line under it: who, what was left out, "any key closes"."""

    CSS_PATH = "qr.tcss"

    def __init__(self, links: Sequence[QrLink], caption: Callable[[QrLink, int], str]) -> None:
        super().__init__()
        self.links = list(links)
        self.caption = caption
        """The line under the code for the link drawn, in so many characters."""
        self.drawing: Drawing | None = None

    @property
    def link(self) -> str | None:
        """What the code on screen encodes (None: no code fits the terminal)."""
        return self.drawing.link.uri if self.drawing else None

    def compose(self) -> ComposeResult:
        with Vertical(id="qr-box"):
            with Center():
                yield Static(id="qr-code")
            with Center():
                yield Static(id="qr-caption")

    def on_mount(self) -> None:
        self.show_code()
        # ctrl+d is the app's (a priority key, never seen here): discreet mode switched on
        # closes the code too, whose caption names her.
        if hasattr(self.app, "discreet"):
            self.watch(self.app, "discreet", self.close_code, init=False)

    def close_code(self) -> None:
        self.dismiss(None)

    def on_resize(self) -> None:
        self.show_code()

    def show_code(self) -> None:
        width, height = self.app.size
        self.drawing = fit(self.links, width, height - CAPTION_LINES)
        code = self.query_one("#qr-code", Static)
        caption = self.query_one("#qr-caption", Static)
        if self.drawing is None:
            code.display = False
            caption.update(Text("The window is too small for a code: y copies it · any key closes"))
            return
        code.display = True
        code.update(code_text(self.drawing.lines))
        caption.update(Text(shown(self.caption(self.drawing.link, width))))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.close_code()

    def on_click(self) -> None:
        self.close_code()
