"""Who imports what: the desk paints before SQLAlchemy loads; storage knows no UI."""

from __future__ import annotations

import subprocess
import sys

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
        "followup_tui.domain.glance",
        "followup_tui.domain.search",
    ],
)
def test_the_domain_knows_no_ui_and_no_database(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert not {"textual", "sqlalchemy"} & loaded


def test_storage_and_services_know_no_ui() -> None:
    loaded = loaded_after("import followup_tui.db.repository, followup_tui.services")
    assert "textual" not in loaded


def test_the_command_line_knows_no_ui() -> None:
    loaded = loaded_after("import followup_tui.cli")
    assert not {"textual", "sqlalchemy"} & loaded
