"""Issue 12: the coverage matrix is pinned, so a deal, a named participant or a gap that disappears turns a
test red. When the ledger grows on purpose, regenerate tests/data/coverage_matrix.csv and review the diff."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fundgap.analysis.coverage import coverage_matrix, coverage_text, sources_by_level
from fundgap.data import paths
from fundgap.data.load import read_dataset

PINNED = Path(__file__).parent / "coverage_matrix.csv"


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def matrix(data):
    return coverage_matrix(data.entities, data.figures, data.gaps, 2026)


def test_the_coverage_matrix_matches_the_pinned_one(matrix):
    pinned = pd.read_csv(PINNED, dtype={"year": str})
    pd.testing.assert_frame_equal(matrix.reset_index(drop=True), pinned, check_dtype=False)


def test_every_covered_lab_of_the_criteria_is_in_the_matrix(matrix):
    criteria = {
        "openai",
        "anthropic",
        "xai",
        "ssi",
        "thinking_machines",
        "reflection_ai",
        "inflection_ai",
        "world_labs",
        "zhipu",
        "minimax",
        "moonshot",
        "stepfun",
        "baichuan",
        "zeroone",
        "deepseek",
        "shengshu",
    }
    assert criteria <= set(matrix["lab_id"])
    # In-house teams with no outside round are model makers, not recipients.
    assert not {"qwen_team", "bytedance_seed"} & set(matrix["lab_id"])


def test_a_few_cells_a_reader_would_check(matrix):
    cell = matrix.set_index(["lab_id", "year"])
    assert cell.loc[("openai", "2026"), "deals"] == 10
    assert cell.loc[("anthropic", "2025"), "participants"] == 25
    assert cell.loc[("deepseek", "2026"), "deals"] == 1  # the reported June 2026 round, UNVERIFIED but a deal


def test_the_command_line_prints_the_same_matrix_and_the_source_levels(data, matrix, capsys):
    from fundgap.cli import main

    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(coverage_text(matrix))
    levels = sources_by_level(data.sources)
    assert f"Sources by level: 1: {levels[1]}, 2: {levels[2]}, 3: {levels[3]}, 4: {levels[4]}" in out
