"""Lint, format and types are tests (as Datasette runs black as a test): ruff's rules, ruff's formatter and
mypy over fundgap/, with the settings in pyproject.toml. A finding fails `make test` and CI."""

from __future__ import annotations

import subprocess
import sys

from fundgap.data import paths


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=paths.PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_would_change_nothing():
    result = run("ruff", "format", "--no-cache", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_error_in_the_package():
    result = run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_type_check_fails_on_a_wrong_argument_type_in_analysis(tmp_path):
    # Counting rules passed as a string, the kind of slip that let one total read several ways.
    slip = tmp_path / "slip.py"
    slip.write_text(
        "import pandas as pd\n"
        "from fundgap.analysis.aggregate import counted_mask\n"
        "counted_mask(pd.DataFrame(), 'secondary=1')\n"
    )
    result = run("mypy", "--no-incremental", str(slip))
    expected = 'Argument 2 to "counted_mask" has incompatible type "str"; expected "CountingRules"'
    assert result.returncode == 1
    assert expected in result.stdout
