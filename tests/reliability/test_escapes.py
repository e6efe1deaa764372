"""Imported text is drawn, never obeyed (issue 16, item 8).

A shared CSV or vCard whose fact, "met at" or name holds a terminal escape
("\\x1b]0;pwned\\x07" sets the window title, "\\x1b[2J" clears the screen), a C1 control
(0x9B is CSI on its own) or a bidi override (U+202E reverses what follows) must reach no
terminal: not through the app's panes and lists, not through the shell's text, JSON or
error lines. Each is drawn as a picture (safe_text.shown); names refuse them on the way
in. One test runs the app on a real pty and reads every byte the terminal was sent.
"""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from followup_tui.cli import main
from followup_tui.db.engine import open_database
from followup_tui.domain.model import Kind, NewContact
from followup_tui.services import adding, parties, settings
from tests.ui.test_desk import SIZE, make_app, settle

TITLE = "\x1b]0;pwned\x07\x1b[2J"
"""Sets the window title, then clears the screen."""
RLO = "\u202e"
C1 = "\x9b31m"
FORBIDDEN = ("\x1b", "\x07", RLO, "\u2066", "\x9b", "\x7f")


def reaches(text: str) -> list[str]:
    """The forbidden characters in `text`, by name."""
    return [repr(ch) for ch in FORBIDDEN if ch in text]


def hostile_book(path: Path, today: date) -> int:
    """A book as a hostile shared CSV leaves it: a lead whose fact, "met at" and notes
    hold escapes; her own web shop too; a name with an override stored before names
    refused them (an older book). Her first call (its script says the perfume fact) is
    due three days on."""
    db = open_database(f"sqlite:///{path}")
    contact_id = adding.add_contact(
        db,
        NewContact(
            name="Evil Simon",
            kind=Kind.LEAD,
            met_at=f"the gym{TITLE}",
            facts=(("perfume", f"{TITLE}FAKE{C1}"),),
            note=f"note{TITLE}",
        ),
        today,
    )
    current = settings.load_settings(db)
    from dataclasses import replace

    settings.save_settings(db, replace(current, webshop=f"shop{TITLE}", consultant_name="Alex"))
    hostess = adding.add_contact(db, NewContact(name="Hana Ito", kind=Kind.HOSTESS), today)
    parties.new_party(db, hostess, today + timedelta(days=30), today, place=f"home{TITLE}")
    db.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "UPDATE contacts SET name = ? WHERE id = ?", (f"Evil {RLO}nomiS{C1}", contact_id)
        )
        connection.commit()
    return contact_id


class TestTheApp:
    async def test_no_pane_or_list_draws_an_escape(self, tmp_path: Path, today: date) -> None:
        path = tmp_path / "book.db"
        hostile_book(path, today)
        drawn: dict[str, str] = {}
        async with make_app(path, today + timedelta(days=3)).run_test(size=SIZE) as pilot:
            await settle(pilot)
            drawn["desk"] = pilot.app.export_screenshot()
            for key in ("w", "p", "g", "b", "t", "c"):
                await pilot.press(key)
                await settle(pilot)
                if key == "p":  # the party itself: its place, its hostess
                    await pilot.press("enter")
                    await settle(pilot)
                    drawn["party"] = pilot.app.export_screenshot()
                    await pilot.press("escape")
                    await settle(pilot)
                drawn[key] = pilot.app.export_screenshot()
                await pilot.press("escape")
                await settle(pilot)
        # THEN the script pane said the fact, as pictures, and nothing was left to obey
        assert "␛]0;pwned␇␛[2JFAKE" in drawn["desk"].replace("&#160;", " ")
        assert {screen: reaches(svg) for screen, svg in drawn.items() if reaches(svg)} == {}


def real_pty_bytes(path: Path, today: date, wanted: bytes) -> bytes:
    """Every byte the app sends a real terminal (a pty, 120x36) until `wanted` is drawn
    or 20 s pass, and a second more; then ctrl+q."""
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    env = os.environ | {"TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36"}
    app = subprocess.Popen(
        [sys.executable, "-m", "followup_tui", "--db", str(path), "--today", today.isoformat()],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    sent = b""
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline and wanted not in sent:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    sent += os.read(leader, 65536)
                except OSError:
                    break
        settled = time.monotonic() + 1
        while time.monotonic() < settled:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                sent += os.read(leader, 65536)
        os.write(leader, b"\x11")  # ctrl+q
        end = time.monotonic() + 5
        while time.monotonic() < end and app.poll() is None:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    sent += os.read(leader, 65536)
                except OSError:
                    break
    finally:
        if app.poll() is None:
            app.kill()
        app.wait()
        os.close(leader)
    return sent


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_a_real_terminal_is_sent_no_escape_from_the_book(tmp_path: Path, today: date) -> None:
    path = tmp_path / "book.db"
    hostile_book(path, today)
    # The script pane says the perfume fact: "...␛]0;pwned␇␛[2JFAKE� you were wearing?"
    sent = real_pty_bytes(path, today + timedelta(days=3), b"lovely")
    # THEN the script pane drew the fact's escape as a picture...
    assert "␛]0;pwned␇␛[2JFAKE".encode() in sent
    # ...and the terminal was sent neither the title, nor the override, nor a C1 CSI
    assert b"\x1b]0;pwned" not in sent
    assert RLO.encode() not in sent
    assert "\x9b".encode() not in sent


class TestTheShell:
    def run(self, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    def test_show_contacts_and_json_send_no_escape(
        self, tmp_path: Path, today: date, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "book.db"
        contact_id = hostile_book(path, today)
        common = ("--db", str(path), "--today", (today + timedelta(days=3)).isoformat())
        for argv in (
            ("show", str(contact_id)),
            ("contacts",),
            ("today",),
            ("parties",),
            ("show", str(contact_id), "--json"),
            ("contacts", "--json"),
        ):
            code, out, err = self.run(capsys, *argv, *common)
            assert code == 0, err
            assert reaches(out + err) == [], argv
        # JSON keeps every character, escaped: it decodes to what is stored
        code, out, _ = self.run(capsys, "show", str(contact_id), "--json", *common)
        assert "\\u202e" in out and "\\u009b" in out and "\\u001b" in out
        assert f"Evil {RLO}nomiS{C1}" in json.dumps(json.loads(out), ensure_ascii=False)

    def test_an_error_line_draws_the_name_it_quotes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = tmp_path / f"x{TITLE}{RLO}"
        code, out, err = self.run(
            capsys, "import", str(folder / "none.csv"), "--db", str(tmp_path / "b.db")
        )
        assert code == 2
        assert reaches(out + err) == []
        assert "␛]0;pwned" in err

    @pytest.mark.parametrize("name", [f"Evil {RLO}nomiS", f"Ann{TITLE}", "Bo\x9b1m", "Cy\x7f"])
    def test_a_name_with_a_control_is_refused(
        self, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        db = tmp_path / "b.db"
        code, out, err = self.run(capsys, "add", name, "--kind", "lead", "--db", str(db))
        assert code == 2
        assert "cannot hold control or text-direction characters" in err
        assert reaches(out + err) == []


def test_an_imported_row_whose_name_holds_an_override_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared.csv"
    shared.write_text(f"name,perfume\nEvil {RLO}nomiS,Chanel\nAnn{TITLE},Dior\nRita Moreno,Opium\n")
    db = tmp_path / "b.db"
    code = main(["import", str(shared), "--db", str(db)])
    out, err = capsys.readouterr()
    # THEN the good row is in, each bad one refused with its reason, as other bad rows are
    assert code == 0, err
    assert out.count("a name cannot hold control or text-direction characters") == 2
    assert reaches(out + err) == []
    with closing(sqlite3.connect(db)) as connection:
        names = [name for (name,) in connection.execute("SELECT name FROM contacts")]
    assert names == ["Rita Moreno"]


async def test_the_desk_draws_an_older_books_name_in_its_prompts_status_and_notices(
    tmp_path: Path, today: date
) -> None:
    """Names are refused with controls now, but an older book may hold one: the desk's
    own lines (the skip prompt's title, the status line, a notice) draw it too."""
    path = tmp_path / "book.db"
    contact_id = hostile_book(path, today)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "UPDATE contacts SET name = ? WHERE id = ?", (f"Evil{TITLE}Simon", contact_id)
        )
        connection.commit()
    async with make_app(path, today + timedelta(days=3)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        title = str(pilot.app.screen.query_one("#prompt-box").border_title)
        await pilot.press(*"away", "enter")
        await settle(pilot)
        status = str(pilot.app.screen.query_one("#outcome").render())
        pilot.app.notify(f"Exported for Evil{TITLE}Simon")
        await settle(pilot)
        notice = [n.message for n in pilot.app._notifications]
    # THEN each says her name with pictures, and holds nothing a terminal obeys
    assert "Evil␛]0;pwned␇␛[2JSimon" in title, title
    assert "Evil␛]0;pwned" in status, status  # (Rich dropped the bell on its own)
    assert notice == ["Exported for Evil␛]0;pwned␇␛[2JSimon"]
    assert reaches(title + status + "".join(notice)) == []
