"""Shared fixtures: the small curated fixture, a build of it in a temporary folder, and a row editor."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from fundgap.data.build import build_dataset, render_outputs, write_atomically

TESTS = Path(__file__).resolve().parent
FIXTURE_CURATED = TESTS / "fixtures" / "curated_small"


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    """A writable copy of the small curated fixture."""
    target = tmp_path / "curated"
    shutil.copytree(FIXTURE_CURATED, target)
    return target


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory) -> Path:
    """The small fixture built into Parquet with the real build."""
    out = tmp_path_factory.mktemp("fixture_data")
    write_atomically(render_outputs(build_dataset(FIXTURE_CURATED)), out)
    return out


def edit_cell(folder: Path, file: str, row_id: str, column: str, value: str) -> None:
    """Set one cell of a curated CSV, found by the row's id in its first column."""
    path = folder / file
    with path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == row_id:
            row[header.index(column)] = value
            break
    else:
        raise KeyError(row_id)
    write_rows(path, rows)


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def run_dashboard(data_dir: Path, query: dict, monkeypatch):
    """dashboard.py in AppTest on `data_dir`, opened with these URL parameters."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FUNDGAP_DATA_DIR", str(data_dir))
    app = AppTest.from_file(str(TESTS.parent / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()
