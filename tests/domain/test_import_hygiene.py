"""The domain imports no UI and no database (STYLE.md section 6)."""

from __future__ import annotations

import subprocess
import sys

CODE = (
    "import followup_tui.domain.schedule, followup_tui.domain.today, "
    "followup_tui.domain.scripts, sys; "
    "print('textual' in sys.modules, 'sqlalchemy' in sys.modules)"
)


def test_domain_imports_no_textual_or_sqlalchemy() -> None:
    # GIVEN a fresh interpreter
    # WHEN only the domain is imported
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=60
    )
    # THEN neither Textual nor SQLAlchemy was loaded
    assert result.stdout.strip() == "False False"
