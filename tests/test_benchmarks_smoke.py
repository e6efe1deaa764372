"""The benchmarks keep working: run them once at the smallest size (figures not judged)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_benchmarks_run_and_print_a_table(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "200", "--runs", "1"],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("contacts") for line in lines)
    assert any(line.startswith("200 ") for line in lines)
