"""The benchmarks keep working: run them once, a little of each figure, at 200 contacts
(figures not judged), and they write nothing into the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).parent.parent
# What Python, the test runner and the linters write for themselves, anywhere.
TOOLS = {
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",  # written by the Hypothesis tests running beside this one
}


def files_in_checkout() -> dict[str, tuple[int, int]]:
    seen = {}
    for folder, subfolders, files in os.walk(CHECKOUT):
        subfolders[:] = [name for name in subfolders if name not in TOOLS]
        for name in files:
            path = Path(folder) / name
            stat = path.stat()
            seen[str(path.relative_to(CHECKOUT))] = (stat.st_size, stat.st_mtime_ns)
    return seen


def test_benchmarks_run_print_tables_and_write_nothing_into_the_checkout(tmp_path: Path) -> None:
    before = files_in_checkout()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "200", "--runs", "1", "--quick"]
        + ["--cache", str(tmp_path / "cache")],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        # Our own bytecode, as the children's, goes to the cache, not beside the sources.
        env=dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp_path / "cache" / "pycache")),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "|  | 200: p50 / p95 |" in lines
    assert any(line.startswith("| first paint, pty (ms) | ") for line in lines)
    assert any(line.startswith("| contacts, first | ") for line in lines)
    # The finer memory report: the peak after each part of the sitting, in MB.
    assert any(line.startswith("| peak RSS: the desk, settled | ") for line in lines)
    assert any(line.startswith("| peak RSS: + contacts, a search | ") for line in lines)
    assert any(line.startswith("| export .vcf | ") for line in lines)
    assert files_in_checkout() == before
    assert (tmp_path / "cache" / "demo-200.db").exists()
