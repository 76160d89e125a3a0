"""The build: deterministic bytes, a version that follows the inputs, atomic writes, and --check."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from fundgap.cli import main
from fundgap.data import build
from tests.conftest import FIXTURE_CURATED, edit_cell


def snapshot_dir(folder) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()
    }  # the versions/ archive aside


def test_same_inputs_give_byte_identical_outputs(tmp_path):
    assert main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(tmp_path / "a")]) == 0
    assert main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(tmp_path / "b")]) == 0
    assert snapshot_dir(tmp_path / "a") == snapshot_dir(tmp_path / "b")


def test_manifest_counts_rows_and_names_the_version(tmp_path):
    main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(tmp_path)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    # figures: 1 figure + 6 deals + 6 participations, flattened into one row table.
    assert manifest["row_counts"] == {
        "claims": 3,
        "conflicts": 1,
        "deals": 6,
        "entities": 14,
        "figures": 13,
        "participations": 6,
        "sources": 4,
        "gaps": 1,
        "releases": 1,
    }
    assert manifest["dataset_version"] == build.dataset_version(build.read_curated(FIXTURE_CURATED))
    assert sorted(manifest["files"]) == [
        "claims.parquet",
        "conflicts.parquet",
        "deals.parquet",
        "entities.parquet",
        "figures.parquet",
        "gaps.parquet",
        "participations.parquet",
        "releases.parquet",
        "sources.parquet",
    ]


def test_the_version_changes_when_a_curated_cell_changes(curated_copy):
    before = build.build_dataset(curated_copy).version
    edit_cell(curated_copy, "participations.csv", "kingdom_xai_b", "notes", "Edited note.")
    assert build.build_dataset(curated_copy).version != before


def test_figures_carry_their_source_fields_and_typed_amounts(tmp_path):
    main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(tmp_path)])
    figures = pd.read_parquet(tmp_path / "figures.parquet").set_index("figure_id")
    adia = figures.loc["adia_minimax"]
    assert adia["amount_usd"] == 65_000_000.0
    assert adia["source_title"] == "MiniMax港股IPO明日挂牌"
    assert pd.isna(adia["source_url"])
    assert figures.loc["kingdom_xai_b", "source_url"] == "https://english.aawsat.com/business/5095266"
    assert figures.loc["sb_tender", ["year_start", "year_end"]].tolist() == [2024, 2024]
    assert figures["amount_usd"].dtype == "float64"


def test_the_ledger_is_flattened_with_entities_deal_sizes_and_nesting(tmp_path):
    main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(tmp_path)])
    figures = pd.read_parquet(tmp_path / "figures.parquet").set_index("figure_id")
    kingdom = figures.loc["kingdom_xai_b"]
    assert (kingdom["record_type"], kingdom["deal_id"], kingdom["part_of"], kingdom["role"]) == (
        "participation",
        "xai_b",
        "xai_b",
        "participant",
    )
    assert (
        kingdom["investor"],
        kingdom["investor_id"],
        kingdom["investor_region"],
        kingdom["investor_country"],
    ) == ("Kingdom Holding Company", "kingdom_holding", "Gulf", "Saudi Arabia")
    assert (
        kingdom["recipient"],
        kingdom["recipient_id"],
        kingdom["deal_amount_usd"],
        kingdom["date_precision"],
    ) == ("xAI", "xai", 6e9, "month")
    round_ = figures.loc["xai_b"]
    assert (
        round_["record_type"],
        round_["investor_region"],
        round_["flow_kind"],
        round_["valuation_usd"],
    ) == ("deal", "Mixed", "round_total", 24e9)
    assert round_["investor"] == "Round investors: Kingdom Holding"
    # A one-buyer secondary is still "Mixed" (only investments, tranches and commitments name their investor).
    assert figures.loc["sb_tender", "flow_kind"] == "secondary_purchase"
    assert figures.loc["baichuan_a", "investor"] == "Round investors: Alibaba (lead)"
    assert figures.loc["baichuan_a", "legacy_figure_id"] == "baichuan_a"
    entities = pd.read_parquet(tmp_path / "entities.parquet").set_index("entity_id")
    assert list(entities.loc["mgx", "owner_ids"]) == ["mubadala", "g42"]


def test_an_undated_deal_has_no_year_and_unknown_precision(curated_copy, tmp_path):
    edit_cell(curated_copy, "deals.csv", "xai_b", "date_start", "")
    main(["build", "--curated", str(curated_copy), "--out", str(tmp_path)])
    figures = pd.read_parquet(tmp_path / "figures.parquet").set_index("figure_id")
    assert pd.isna(figures.loc["xai_b", "year_start"]) and pd.isna(figures.loc["kingdom_xai_b", "year_end"])
    assert figures.loc["xai_b", "date_precision"] == "unknown"


def test_claims_list_the_figures_that_bear_on_them(tmp_path):
    main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(tmp_path)])
    claims = pd.read_parquet(tmp_path / "claims.parquet")
    assert list(claims.loc[0, "evidence_figure_ids"]) == ["adia_minimax", "seed_gulf_china"]


def test_an_invalid_build_exits_1_lists_every_problem_and_writes_nothing(curated_copy, tmp_path, capsys):
    out = tmp_path / "out"
    main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(out)])
    before = snapshot_dir(out)
    edit_cell(curated_copy, "participations.csv", "adia_minimax", "ticket_usd", "lots")
    edit_cell(curated_copy, "sources.csv", "aawsat_xai", "url", "http://english.aawsat.com/x")
    assert main(["build", "--curated", str(curated_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "participations.csv:2: column ticket_usd value 'lots': not a plain non-negative number (write "
        "15000000000, not $15B)",
        "sources.csv:2: column url value 'http://english.aawsat.com/x': only https:// URLs with a host "
        "are accepted",
        "build failed: 2 problem(s); nothing was written",
    ]
    assert snapshot_dir(out) == before


def test_a_write_that_fails_midway_leaves_the_old_outputs_byte_identical(curated_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    main(["build", "--curated", str(FIXTURE_CURATED), "--out", str(out)])
    before = snapshot_dir(out)
    edit_cell(
        curated_copy,
        "participations.csv",
        "kingdom_xai_b",
        "notes",
        "A change that makes every output differ.",
    )
    real_fdopen, calls = os.fdopen, []

    def failing_fdopen(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full (simulated)")
        return real_fdopen(*args, **kwargs)

    monkeypatch.setattr(build.os, "fdopen", failing_fdopen)
    with pytest.raises(OSError, match="simulated"):
        main(["build", "--curated", str(curated_copy), "--out", str(out)])
    assert snapshot_dir(out) == before  # also: no temporary files left behind


def test_check_passes_when_up_to_date_and_fails_with_a_hint_when_stale(curated_copy, tmp_path, capsys):
    out = tmp_path / "out"
    main(["build", "--curated", str(curated_copy), "--out", str(out)])
    assert main(["build", "--check", "--curated", str(curated_copy), "--out", str(out)]) == 0
    edit_cell(curated_copy, "participations.csv", "kingdom_xai_b", "notes", "Stale now.")
    capsys.readouterr()
    assert main(["build", "--check", "--curated", str(curated_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "stale: figures.parquet" in err
    assert "run `python -m fundgap build` and commit data/" in err
