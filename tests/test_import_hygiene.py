"""Who imports what, at run time: the desk paints before SQLAlchemy loads, the shell's add
maps no ORM class, the domain and storage know no UI. The import-linter contracts in
pyproject.toml hold the import graph; these prove the deferred imports really defer."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest


def loaded_after(statement: str) -> set[str]:
    probe = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_desk_loads_without_the_database_layer() -> None:
    # MEASURED.md: sqlalchemy.orm costs more than Textual; the first frame must not wait on it.
    loaded = loaded_after("import followup_tui.app, followup_tui.screens.desk")
    assert "sqlalchemy" not in loaded


@pytest.mark.parametrize(
    "module",
    [
        "followup_tui.domain.schedule",
        "followup_tui.domain.playbooks",
        "followup_tui.domain.today",
        "followup_tui.domain.scripts",
        "followup_tui.domain.speech",
        "followup_tui.domain.glance",
        "followup_tui.domain.search",
        "followup_tui.domain.roles",
        "followup_tui.domain.orders",
        "followup_tui.domain.outcomes",
        "followup_tui.domain.imports",
    ],
)
def test_the_domain_knows_no_ui_and_no_database(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert not {"textual", "sqlalchemy"} & loaded


def test_storage_and_services_know_no_ui() -> None:
    modules = ", ".join(
        f"followup_tui.services.{name}"
        for name in ("calls", "undo", "orders", "parties", "team", "transfer", "contact_views")
    )
    loaded = loaded_after(f"import followup_tui.db.repository, {modules}")
    assert "textual" not in loaded


def test_the_command_line_knows_no_ui() -> None:
    loaded = loaded_after("import followup_tui.cli")
    assert not {"textual", "sqlalchemy"} & loaded


def test_dates_in_words_load_their_library_only_when_typed() -> None:
    # ~110 ms to import and ~140 ms more for the first parse: no start pays for it, nor
    # an ISO date or "+3"; the desk's Outcome pane and the forms warm it when asked.
    loaded = loaded_after(
        "import followup_tui.cli, followup_tui.app, followup_tui.screens.desk; "
        "from datetime import date; from followup_tui.clock import parse_date; "
        "parse_date('2026-12-08', date(2026, 12, 11)); parse_date('+3', date(2026, 12, 11))"
    )
    assert "dateparser" not in loaded
    assert "dateparser" in loaded_after(
        "from datetime import date; from followup_tui.clock import parse_date; "
        "parse_date('next tue', date(2026, 12, 11))"
    )


def test_a_quick_add_from_the_shell_maps_no_orm_class(tmp_path: Path) -> None:
    # GIVEN a book opened once (schema and catalogue current, as on every later day)
    db = str(tmp_path / "book.db")
    subprocess.run(
        [sys.executable, "-m", "followup_tui", "settings", "country", "US", "--db", db],
        check=True,
        capture_output=True,
    )
    # WHEN a contact is added from the shell
    probe = (
        "import sys; from followup_tui.cli import main; "
        f"code = main(['add', 'Jenna Brooks', '--kind', 'lead', '--fact', 'perfume=Dior', "
        f"'--note', 'asked about the balm', '--db', {db!r}, '--today', '2026-11-23']); "
        "print(' '.join(sorted(sys.modules)), file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    # THEN it is added, through the Core tables alone: no mapped class, no other service
    assert done.returncode == 0, done.stderr
    loaded = set(done.stderr.split())
    assert "followup_tui.services.adding" in loaded
    assert not {"followup_tui.db.models", "followup_tui.db.repository", "textual"} & loaded
    others = {m for m in loaded if m.startswith("followup_tui.services.")}
    assert others == {
        "followup_tui.services.adding",
        "followup_tui.services.settings",
        "followup_tui.services._unit",
    }
    with closing(sqlite3.connect(db)) as connection:
        (contact_id,) = connection.execute(
            "SELECT id FROM contacts WHERE name = 'Jenna Brooks'"
        ).fetchone()
        assert int(done.stdout) == contact_id
        facts = connection.execute(
            "SELECT key, value FROM facts WHERE contact_id = ?", [contact_id]
        )
        assert facts.fetchall() == [("perfume", "Dior")]
        (pending,) = connection.execute(
            "SELECT count(*) FROM touches WHERE contact_id = ? AND status = 'pending'",
            [contact_id],
        ).fetchone()
        assert pending == 1  # the lead's first call
